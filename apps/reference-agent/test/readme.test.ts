import { type ChildProcess, execFile, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { copyFile, mkdtemp, readFile, rm, symlink } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { pushJwtParamsOf } from "@a2akit/push-jwt";
import type { AgentCard } from "@a2akit/types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { until } from "./support/cli.js";
import { startWebhook, type Webhook } from "./support/webhook.js";

// The README is the tutorial, so this test runs it: every line of its `sh` blocks, in order,
// against real agent processes. A line the test does not know fails it, and so does a line it
// expects that the README lost, so the two cannot drift apart.

const APP = fileURLToPath(new URL("..", import.meta.url));
const ROOT = join(APP, "../..");
const README = join(APP, "README.md");

/** The shell lines of the README's `sh` blocks, with the section heading each is under. */
async function readmeCommands(): Promise<{ section: string; line: string }[]> {
  const out: { section: string; line: string }[] = [];
  let section = "";
  let inSh = false;
  for (const raw of (await readFile(README, "utf8")).split("\n")) {
    if (!inSh && raw.startsWith("## ")) section = raw.slice(3).trim();
    if (raw.startsWith("```")) {
      inSh = !inSh && raw.trim() === "```sh";
      continue;
    }
    const line = raw.trim();
    if (inSh && line && !line.startsWith("#")) out.push({ section, line });
  }
  return out;
}

/** What the test knows while it walks the README. */
interface Walk {
  /** README port (4000) → the port the agent really listens on. */
  ports: Map<number, number>;
  agents: Map<number, ChildProcess>;
  /** The id of the last task a command printed, for the README's `TASK_ID`. */
  taskId: string;
  /** The alias line that puts `a2a` on the path, run before each command. */
  alias: string;
  cwd: string;
  hook: Webhook;
  prefix: string;
}

interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

type Step =
  | { line: string; kind: "start" }
  | { line: string; kind: "setup" }
  | { line: string; kind: "skip"; why: string }
  | { line: string; kind: "run"; check: (r: Ran, w: Walk) => void | Promise<void> };

const ok = (r: Ran) => expect(r.code, r.stderr).toBe(0);

// Every README command, in README order, with what a reader would check in its output.
const STEPS: Step[] = [
  { line: "pnpm install && pnpm start", kind: "start" },
  { line: 'alias a2a="node $PWD/packages/cli/dist/main.js"', kind: "setup" },
  {
    line: "a2a card http://localhost:4000",
    kind: "run",
    check: (r) => {
      ok(r);
      expect(r.stdout).toContain("a2akit reference agent 1.0.0");
      expect(r.stdout).toContain("  report: Report");
    },
  },
  {
    line: 'a2a send http://localhost:4000 "hello" --stream',
    kind: "run",
    check: (r) => {
      ok(r);
      expect(r.stdout).toContain('--- reply ---\nYou said: "hello".');
      expect(r.stdout).toMatch(/\[completed\]\n$/);
    },
  },
  {
    line: 'a2a send http://localhost:4000 "/convert 10 km"',
    kind: "run",
    check: (r) => {
      ok(r);
      expect(r.stdout).toContain(": input-required\nConvert 10 km to what?");
    },
  },
  {
    line: 'a2a send http://localhost:4000 "mi" --task TASK_ID',
    kind: "run",
    check: (r, w) => {
      ok(r);
      expect(r.stdout).toContain(`task ${w.taskId}`);
      expect(r.stdout).toContain(": completed\n10 km = 6.2137 mi");
    },
  },
  {
    line: 'a2a send http://localhost:4000 "/report 3s 3 steps" --stream --save ./report',
    kind: "run",
    check: async (r, w) => {
      ok(r);
      expect(r.stdout).toContain("[working] Step 3/3 done");
      expect(await readFile(join(w.cwd, "report/report.csv"), "utf8")).toBe(
        "step,value\n1,1\n2,4\n3,9\n",
      );
      expect(await readFile(join(w.cwd, "report/report.md"), "utf8")).toContain("# Report");
    },
  },
  {
    line: "a2a send http://localhost:4000 --file README.md",
    kind: "run",
    check: async (r, w) => {
      ok(r);
      const bytes = await readFile(join(w.cwd, "README.md"));
      const sha = createHash("sha256").update(bytes).digest("hex");
      expect(r.stdout).toContain(`README.md: ${bytes.byteLength} bytes, text/markdown, `);
      expect(r.stdout).toContain(`sha256 ${sha}`);
    },
  },
  {
    line: 'a2a send http://localhost:4000 "/secure"',
    kind: "run",
    check: (r) => {
      ok(r);
      expect(r.stdout).toContain(": auth-required\nThis skill needs credentials.");
    },
  },
  {
    line: `a2a send http://localhost:4000 --task TASK_ID --data '{"token": "demo-token"}'`,
    kind: "run",
    check: (r) => {
      ok(r);
      expect(r.stdout).toContain("Access granted: the vault holds 42 golden doubloons.");
    },
  },
  {
    line: "printf '/convert 100 F\\nC\\n' | a2a chat http://localhost:4000",
    kind: "run",
    check: (r) => {
      ok(r);
      expect(r.stdout).toContain("Convert 100 F to what?");
      expect(r.stdout).toContain("100 F = 37.7778 C");
    },
  },
  {
    line: 'a2a send http://localhost:4000 "/report 60s" --no-wait',
    kind: "run",
    check: (r) => {
      ok(r);
      expect(r.stdout).toMatch(/^task \S+ \(context \S+\): (submitted|working)/);
    },
  },
  {
    line: "a2a tasks get http://localhost:4000 TASK_ID",
    kind: "run",
    check: (r, w) => {
      ok(r);
      expect(r.stdout).toMatch(
        new RegExp(`^task ${w.taskId} \\(context \\S+\\): (submitted|working)`),
      );
    },
  },
  {
    line: "a2a tasks cancel http://localhost:4000 TASK_ID",
    kind: "run",
    check: (r, w) => {
      ok(r);
      expect(r.stdout).toMatch(new RegExp(`^task ${w.taskId} \\(context \\S+\\): canceled`));
    },
  },
  {
    line: "a2a tasks list http://localhost:4000 --state canceled",
    kind: "run",
    check: (r, w) => {
      ok(r);
      expect(r.stdout).toMatch(new RegExp(`^${w.taskId}  canceled `, "m"));
    },
  },
  {
    line: "curl -s localhost:4000/.well-known/agent-card.json",
    kind: "run",
    check: (r) => {
      ok(r);
      const card = JSON.parse(r.stdout);
      expect(card.name).toBe("a2akit reference agent");
      expect(card.capabilities).toMatchObject({ streaming: true, pushNotifications: true });
    },
  },
  {
    line: `curl -s localhost:4000/a2a/message:send -H 'A2A-Version: 1.0' -H 'Content-Type: application/json' -d '{"message":{"messageId":"m1","role":"ROLE_USER","parts":[{"text":"/convert 10 km to mi"}]}}'`,
    kind: "run",
    check: (r) => {
      ok(r);
      const { task } = JSON.parse(r.stdout);
      expect(task.status.state).toBe("TASK_STATE_COMPLETED");
      expect(task.artifacts[0].parts[0].data.result).toBe(6.2137);
    },
  },
  {
    line: `curl -sN localhost:4000/a2a/message:stream -H 'A2A-Version: 1.0' -H 'Content-Type: application/json' -d '{"message":{"messageId":"m2","role":"ROLE_USER","parts":[{"text":"hello"}]}}'`,
    kind: "run",
    check: (r) => {
      ok(r);
      const events = r.stdout
        .split("\n\n")
        .filter((b) => b.startsWith("data: "))
        .map((b) => JSON.parse(b.slice(6)));
      expect(Object.keys(events[0])).toEqual(["task"]);
      expect(events.filter((e) => e.artifactUpdate).length).toBeGreaterThan(1);
      expect(events.at(-1).statusUpdate.status.state).toBe("TASK_STATE_COMPLETED");
    },
  },
  { line: "PUSH_ALLOW_HOSTS=localhost:9000 pnpm start", kind: "start" },
  {
    line: 'a2a send http://localhost:4000 "/report 5s" --no-wait',
    kind: "run",
    check: (r) => ok(r),
  },
  {
    line: "a2a push create http://localhost:4000 TASK_ID http://localhost:9000/hook --token my-token",
    kind: "run",
    check: async (r, w) => {
      ok(r);
      expect(r.stdout).toMatch(new RegExp(`^\\S+  ${w.hook.url}  \\(token set\\)\n$`));
      const states = () =>
        w.hook.accepted
          .filter((n) => n.claims.taskId === w.taskId)
          .map((n) => n.event.statusUpdate?.status.state);
      await until(() => states().includes("TASK_STATE_COMPLETED"));
      expect(w.hook.rejected).toEqual([]);
    },
  },
  { line: "API_KEYS=key-1,key-2 pnpm start", kind: "start" },
  {
    line: 'a2a send http://localhost:4000 "hello" --api-key key-1',
    kind: "run",
    check: (r) => {
      ok(r);
      expect(r.stdout).toContain(": completed\n--- reply ---\nYou said:");
    },
  },
  {
    line: "STORE=redis REDIS_URL=redis://localhost:6379 PAGE_TOKEN_SECRET=change-me PORT=4000 pnpm start",
    kind: "start",
  },
  {
    line: "STORE=redis REDIS_URL=redis://localhost:6379 PAGE_TOKEN_SECRET=change-me PORT=4001 pnpm start",
    kind: "start",
  },
  {
    line: 'a2a send http://localhost:4000 "/report 3s" --no-wait',
    kind: "run",
    check: (r) => ok(r),
  },
  {
    line: "a2a tasks subscribe http://localhost:4001 TASK_ID",
    kind: "run",
    check: (r, w) => {
      ok(r);
      expect(r.stdout).toContain(`task ${w.taskId}`);
      expect(r.stdout).toMatch(
        /\[completed\] Report ready: report.csv and report.md \(5 rows\)\.\n$/,
      );
    },
  },
  {
    line: "cp -r apps/reference-agent apps/my-agent",
    kind: "skip",
    why: "it would write into the repository; the copy is the same code this test runs",
  },
];

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** `localhost:<README port>` → `127.0.0.1:<real port>`, and `TASK_ID` → the last task's id. */
function localize(text: string, w: Walk): string {
  return text
    .replace(/localhost:(\d+)/g, (whole, port: string) => {
      const real = w.ports.get(Number(port));
      return real === undefined ? whole : `127.0.0.1:${real}`;
    })
    .replaceAll("TASK_ID", w.taskId);
}

/** Starts what a `... pnpm start` line starts: the agent, with the line's environment. */
async function startAgent(line: string, w: Walk): Promise<void> {
  const env: Record<string, string> = {};
  for (const [, name, value] of localize(line, w).matchAll(/(?:^|\s)([A-Z_]+)=(\S+)/g)) {
    env[name as string] = value as string;
  }
  const readmePort = Number(env.PORT ?? 4000);
  await stopAgent(readmePort, w);
  const port = await freePort();
  w.ports.set(readmePort, port);
  // What `pnpm start` runs after building, from the sources (the build is not this test's job).
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    cwd: APP,
    env: {
      ...process.env,
      ...env,
      PORT: String(port),
      HOST: "127.0.0.1",
      LOG_LEVEL: "warn",
      // Each run gets its own keys in the shared Redis.
      REDIS_PREFIX: w.prefix,
    },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr?.setEncoding("utf8").on("data", (d: string) => {
    stderr += d;
  });
  w.agents.set(readmePort, child);
  await until(async () => {
    if (child.exitCode !== null) throw new Error(`agent exited: ${stderr}`);
    try {
      return (await fetch(`http://127.0.0.1:${port}/healthz`)).ok;
    } catch {
      return false;
    }
  });
}

/** Stops an agent the way Ctrl-C does, and checks it shuts down cleanly. */
async function stopAgent(readmePort: number, w: Walk): Promise<void> {
  const child = w.agents.get(readmePort);
  if (!child) return;
  w.agents.delete(readmePort);
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  expect(await exited).toBe(0);
}

function runShell(command: string, w: Walk): Promise<Ran> {
  return new Promise((resolve) => {
    execFile(
      "bash",
      ["-O", "expand_aliases", "-c", `${w.alias}\n${command}`],
      { cwd: w.cwd, timeout: 50_000 },
      (error, stdout, stderr) => {
        const code = error ? ((error as { code?: unknown }).code as number) : 0;
        resolve({ code: typeof code === "number" ? code : 1, stdout, stderr });
      },
    );
  });
}

describe("the README tutorial, run as written", () => {
  const w: Walk = {
    ports: new Map(),
    agents: new Map(),
    taskId: "",
    alias: "",
    cwd: "",
    hook: undefined as unknown as Webhook,
    prefix: `readme-${crypto.randomUUID()}`,
  };

  beforeAll(async () => {
    // A scratch directory standing in for the repository root: the built CLI and a README.
    w.cwd = await mkdtemp(join(tmpdir(), "a2a-readme-"));
    await symlink(join(ROOT, "packages"), join(w.cwd, "packages"));
    await copyFile(join(ROOT, "README.md"), join(w.cwd, "README.md"));
    w.hook = await startWebhook();
    w.ports.set(9000, w.hook.port);
  });
  afterAll(async () => {
    for (const port of [...w.agents.keys()]) await stopAgent(port, w);
    await w.hook?.close();
    if (w.cwd) await rm(w.cwd, { recursive: true, force: true });
    // The Redis section's keys, all under this run's prefix (a hash tag).
    const cleanup = await runShell(
      `redis-cli --scan --pattern '{${w.prefix}}*' | xargs -r redis-cli del > /dev/null`,
      { ...w, alias: "", cwd: tmpdir() },
    );
    expect(cleanup.code, cleanup.stderr).toBe(0);
  });

  it("documents exactly the commands this test checks", async () => {
    expect((await readmeCommands()).map((c) => c.line)).toEqual(STEPS.map((s) => s.line));
  });

  for (const step of STEPS) {
    it(step.kind === "skip" ? `skips ${step.line} (${step.why})` : step.line, async () => {
      if (step.kind === "setup") {
        w.alias = step.line;
      } else if (step.kind === "start") {
        await startAgent(step.line, w);
        if (step.line.startsWith("PUSH_ALLOW_HOSTS")) {
          // The webhook trusts what the card links to, and the token given to `push create`.
          const base = `http://127.0.0.1:${w.ports.get(4000)}`;
          const card = (await (
            await fetch(`${base}/.well-known/agent-card.json`)
          ).json()) as AgentCard;
          const params = pushJwtParamsOf(card);
          w.hook.trust(
            { issuer: params?.issuer ?? "", jwksUrl: params?.jwksUrl ?? "" },
            "my-token",
          );
        }
      } else if (step.kind === "run") {
        const ran = await runShell(localize(step.line, w), w);
        await step.check(ran, w);
        w.taskId = /^task (\S+) \(context/m.exec(ran.stdout)?.[1] ?? w.taskId;
      }
    });
  }

  it("serves the web console at / (the browser section)", async () => {
    await startAgent("pnpm start", w);
    const res = await fetch(`http://127.0.0.1:${w.ports.get(4000)}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/html");
  });
});
