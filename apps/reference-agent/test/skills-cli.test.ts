import { createHash } from "node:crypto";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { run } from "@a2akit/cli";
import { PUSH_JWT_EXTENSION_URI, pushJwtParamsOf } from "@a2akit/push-jwt";
import type { AgentCard } from "@a2akit/types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningAgent, startReferenceAgent } from "../src/server.js";
import { a2a, recordingIo, startA2a, taskIdOf, until } from "./support/cli.js";
import { startWebhook, type Webhook } from "./support/webhook.js";

// Each skill, end to end over HTTP, through the `a2a` executable as a user would run it.
let agent: RunningAgent;
let hook: Webhook;
let dir: string;
beforeAll(async () => {
  hook = await startWebhook();
  agent = await startReferenceAgent({
    port: 0,
    host: "127.0.0.1",
    logLevel: "silent",
    pushAllowHosts: [`127.0.0.1:${hook.port}`],
  });
  dir = await mkdtemp(join(tmpdir(), "a2a-cli-"));
});
afterAll(async () => {
  await agent.close();
  await hook.close();
  await rm(dir, { recursive: true, force: true });
});

describe("a2a against the reference agent", () => {
  it("reads the card: skills with examples, both bindings, streaming and push", async () => {
    const r = await a2a(["card", agent.url]);
    expect(r.code).toBe(0);
    for (const binding of ["JSONRPC 1.0", "HTTP+JSON 1.0", "JSONRPC 0.3", "HTTP+JSON 0.3"]) {
      expect(r.stdout).toContain(`${binding} ${agent.url}/a2a`);
    }
    expect(r.stdout).toContain("Capabilities: streaming, pushNotifications");
    // The push-jwt extension: where the keys that sign its push notifications are.
    expect(r.stdout).toContain(`Extensions:\n  ${PUSH_JWT_EXTENSION_URI}\n`);
    for (const skill of ["chat", "convert", "report", "inspect", "secure"]) {
      expect(r.stdout).toMatch(new RegExp(`^  ${skill}: `, "m"));
    }
    expect(r.stdout).toContain("e.g. /convert 10 km to mi");
  });

  it("chat: streams the reply as it is written", async () => {
    const r = await a2a(["send", agent.url, "hello there", "--stream"]);
    expect(r.code).toBe(0);
    const lines = r.stdout.split("\n");
    expect(lines[0]).toMatch(/: submitted$/);
    expect(lines).toContain("--- reply ---");
    // The chunks are printed one after another on one line, whole once joined.
    expect(r.stdout).toContain(
      'You said: "hello there". I am the a2akit reference agent, answering without a language model.',
    );
    expect(lines.at(-2)).toBe("[completed]");

    const json = await a2a(["send", agent.url, "hello there", "--stream", "--json"]);
    const events = json.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    const chunks = events.filter((e) => e.artifactUpdate);
    expect(chunks.length).toBeGreaterThan(3);
    expect(chunks.slice(1).every((e) => e.artifactUpdate.append === true)).toBe(true);
    expect(chunks.at(-1).artifactUpdate.lastChunk).toBe(true);
  });

  it("convert: asks for what is missing, continues on the same task, answers with data", async () => {
    const first = await a2a(["send", agent.url, "/convert 10 km"]);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain(": input-required\nConvert 10 km to what? (m, km, mi, ft)");
    const id = taskIdOf(first.stdout);
    expect(first.stderr).toContain(`answer with  a2a send ${agent.url} --task ${id}`);

    const second = await a2a(["send", agent.url, "mi", "--task", id, "--json"]);
    expect(second.code).toBe(0);
    const { task } = JSON.parse(second.stdout);
    expect(task.id).toBe(id);
    expect(task.status.state).toBe("TASK_STATE_COMPLETED");
    expect(task.artifacts[0].parts[0]).toEqual({
      data: { value: 10, from: "km", to: "mi", result: 6.2137, kind: "length" },
      mediaType: "application/json",
    });

    const data = await a2a([
      "send",
      agent.url,
      "--data",
      '{"value": 5, "from": "kg", "to": "lb"}',
      "--metadata",
      '{"skill": "convert"}',
    ]);
    expect(data.stdout).toContain("5 kg = 11.0231 lb");
  });

  it("convert: a chat follows input-required across lines", async () => {
    const r = await a2a(["chat", agent.url], "/convert 100 F\nC\n/convert 3 DBL to ZMK\n");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Convert 100 F to what? (C, F, K)");
    expect(r.stdout).toMatch(/\(input-required: your next line continues task \S+\)/);
    expect(r.stdout).toContain("100 F = 37.7778 C");
    expect(r.stdout).toContain("3 DBL = 150 ZMK");
  });

  it("chat: :data answers auth-required, :file sends a file, :new starts over", async () => {
    const path = join(dir, "chat.txt");
    await writeFile(path, "a b c\n");
    const r = await a2a(
      ["chat", agent.url],
      `/secure\n:data {"token": "demo-token"}\n:file ${path}\n:new\n:bogus\n`,
    );
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/\(auth-required: your next line continues task \S+\)/);
    expect(r.stdout).toContain("Access granted: the vault holds 42 golden doubloons.");
    expect(r.stdout).toContain("chat.txt: 6 bytes, text/plain, 1 lines, 3 words");
    expect(r.stdout).toContain("(new conversation)");
    // A mistyped command is reported and the chat goes on; the exit code remembers it.
    expect(r.stderr).toContain("error: USAGE: Unknown command :bogus.");
  });

  it("report: progress as it runs, then CSV and Markdown files saved to disk", async () => {
    const out = join(dir, "report");
    const r = await a2a(["send", agent.url, "/report 0.3s 3 steps", "--stream", "--save", out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      "[working] Step 1/3 done\n[working] Step 2/3 done\n[working] Step 3/3 done",
    );
    expect(r.stdout).toContain(
      `[file report.csv, text/csv, 23 bytes, saved to ${join(out, "report.csv")}]`,
    );
    expect(await readFile(join(out, "report.csv"), "utf8")).toBe("step,value\n1,1\n2,4\n3,9\n");
    expect(await readFile(join(out, "report.md"), "utf8")).toContain("| 3 | 9 |");
    expect(r.stdout).toMatch(
      /\[completed\] Report ready: report.csv and report.md \(3 rows\)\.\n$/,
    );
  });

  it("report: cancel stops it; the stream that followed it ends canceled", async () => {
    const started = await a2a(["send", agent.url, "/report 60s", "--no-wait"]);
    const id = taskIdOf(started.stdout);
    const follower = startA2a(["tasks", "subscribe", agent.url, id]);
    await until(() => follower.output.stdout.includes("Building a report"));

    const canceled = await a2a(["tasks", "cancel", agent.url, id]);
    expect(canceled.code).toBe(0);
    expect(canceled.stdout).toContain(`task ${id}`);
    expect(canceled.stdout).toContain("canceled");
    const followed = await follower.done;
    expect(followed.code).toBe(4);
    expect(followed.stdout).toMatch(/\[canceled\]/);

    const got = await a2a(["tasks", "get", agent.url, id, "--json"]);
    const task = JSON.parse(got.stdout);
    expect(task.status.state).toBe("TASK_STATE_CANCELED");
    expect(task.artifacts ?? []).toEqual([]);
    const listed = await a2a(["tasks", "list", agent.url, "--state", "canceled"]);
    expect(listed.stdout).toContain(id);
  });

  it("report: a signed push notification for every update, verified by the webhook", async () => {
    const card = (await (
      await fetch(`${agent.url}/.well-known/agent-card.json`)
    ).json()) as AgentCard;
    const params = pushJwtParamsOf(card);
    expect(params?.jwksUrl).toBe(`${agent.url}/.well-known/jwks.json`);
    hook.trust({ issuer: params?.issuer ?? "", jwksUrl: params?.jwksUrl ?? "" }, "my-token");
    const of = (id: string) => hook.accepted.filter((n) => n.claims.taskId === id);
    const states = (id: string) =>
      of(id).flatMap((n) => (n.event.statusUpdate ? [n.event.statusUpdate.status.state] : []));

    // Registered with the message: the webhook sees the whole report.
    const sent = await a2a([
      "send",
      agent.url,
      "/report 0.2s 2 steps",
      "--push",
      hook.url,
      "--token",
      "my-token",
    ]);
    expect(sent.code).toBe(0);
    const id = taskIdOf(sent.stdout);
    await until(() => states(id).includes("TASK_STATE_COMPLETED"));
    expect(hook.rejected).toEqual([]);
    const files = of(id).flatMap((n) =>
      n.event.artifactUpdate ? [n.event.artifactUpdate.artifact.name] : [],
    );
    expect(files).toEqual(["report.csv", "report.md"]);
    expect(states(id).filter((s) => s === "TASK_STATE_WORKING").length).toBe(3);

    // Registered afterwards with `push create`, on a report that is then canceled.
    const long = taskIdOf((await a2a(["send", agent.url, "/report 60s", "--no-wait"])).stdout);
    const created = await a2a([
      "push",
      "create",
      agent.url,
      long,
      hook.url,
      "--token",
      "my-token",
      "--id",
      "hook-1",
    ]);
    expect(created.code).toBe(0);
    expect(created.stdout).toBe(`hook-1  ${hook.url}  (token set)\n`);
    expect((await a2a(["push", "list", agent.url, long])).stdout).toBe(created.stdout);
    const got = await a2a(["push", "get", agent.url, long, "hook-1", "--json"]);
    expect(JSON.parse(got.stdout)).toMatchObject({ id: "hook-1", url: hook.url, taskId: long });
    await a2a(["tasks", "cancel", agent.url, long]);
    await until(() => states(long).includes("TASK_STATE_CANCELED"));
    expect(hook.rejected).toEqual([]);

    const deleted = await a2a(["push", "delete", agent.url, long, "hook-1"]);
    expect(deleted.stdout).toBe("deleted hook-1\n");
    expect((await a2a(["push", "list", agent.url, long])).stdout).toBe("");
  });

  it("inspect: a file sent as raw bytes", async () => {
    const path = join(dir, "notes.txt");
    const text = "one two three\nfour five\n";
    await writeFile(path, text);
    const r = await a2a(["send", agent.url, "--file", path]);
    expect(r.code).toBe(0);
    const sha = createHash("sha256").update(text).digest("hex");
    expect(r.stdout).toContain(`notes.txt: 24 bytes, text/plain, 2 lines, 5 words, sha256 ${sha}`);
    const json = await a2a(["send", agent.url, "--file", path, "--json"]);
    const report = JSON.parse(json.stdout).task.artifacts[0].parts[0].data.files[0];
    expect(report).toEqual({
      name: "notes.txt",
      mediaType: "text/plain",
      size: 24,
      sha256: sha,
      lines: 2,
      words: 5,
    });
  });

  it("inspect: a URL outside the allowlist is rejected, exit 4", async () => {
    const r = await a2a(["send", agent.url, "/inspect", "--file", "https://example.com/a.txt"]);
    expect(r.code).toBe(4);
    expect(r.stdout).toContain(": rejected\nRefusing to fetch https://example.com/a.txt");
  });

  it("secure: auth-required, then the follow-up with credentials completes it", async () => {
    const first = await a2a(["send", agent.url, "/secure", "--stream"]);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain("[auth-required] This skill needs credentials.");
    const id = taskIdOf(first.stdout);

    const wrong = await a2a(["send", agent.url, "--task", id, "--data", '{"token": "nope"}']);
    expect(wrong.stdout).toContain(": auth-required\nThat token was not accepted.");
    const right = await a2a(["send", agent.url, "--task", id, "--data", '{"token": "demo-token"}']);
    expect(right.code).toBe(0);
    expect(right.stdout).toContain(
      ": completed\nAuthenticated.\n--- secret ---\nAccess granted: the vault holds 42 golden doubloons.",
    );
  });

  it("shows a progress indicator for a running task on a terminal only", async () => {
    const tty = recordingIo(true);
    expect(await run(["send", agent.url, "/report 0.3s 2 steps", "--stream"], tty)).toBe(0);
    // A spinner line with the state and elapsed seconds, cleared before each printed line.
    expect(tty.stdout).toMatch(/\[2K\S working \(\d+s\)/);
    expect(tty.stdout).toContain("\r\x1b[2K[working] Step 1/2 done\n");

    const piped = recordingIo(false);
    expect(await run(["send", agent.url, "/report 0.3s 2 steps", "--stream"], piped)).toBe(0);
    expect(piped.stdout).not.toContain("\x1b");
    expect(piped.stdout).toContain("[working] Step 1/2 done\n");
  });

  it("Ctrl-C stops waiting and exits 130", async () => {
    const cli = startA2a(["send", agent.url, "/report 60s", "--stream"]);
    await until(() => cli.output.stdout.includes("Building a report"));
    cli.kill("SIGINT");
    const r = await cli.done;
    expect(r.code).toBe(130);
    expect(r.stderr).toBe("a2a: interrupted\n");
  });

  it("tasks: pages through a context's tasks and trims history", async () => {
    const first = await a2a(["send", agent.url, "one"]);
    const context = /\(context (\S+)\)/.exec(first.stdout)?.[1] as string;
    await a2a(["send", agent.url, "two", "--context", context]);
    const page1 = await a2a(["tasks", "list", agent.url, "--context", context, "--page-size", "1"]);
    expect(page1.code).toBe(0);
    expect(page1.stdout).toMatch(
      /^\S+ {2}completed +\S+ {2}context \S+\n1 of 2 task\(s\); next page: --page-token \S+\n$/,
    );
    const token = /--page-token (\S+)/.exec(page1.stdout)?.[1] as string;
    const page2 = await a2a([
      "tasks",
      "list",
      agent.url,
      "--context",
      context,
      "--page-size",
      "1",
      "--page-token",
      token,
    ]);
    expect(page2.stdout).toMatch(/\n1 of 2 task\(s\)\n$/);
    expect(page2.stdout.split("  ")[0]).not.toBe(page1.stdout.split("  ")[0]);

    const id = taskIdOf(first.stdout);
    const full = JSON.parse((await a2a(["tasks", "get", agent.url, id, "--json"])).stdout);
    const trimmed = JSON.parse(
      (await a2a(["tasks", "get", agent.url, id, "--history", "0", "--json"])).stdout,
    );
    expect(full.history.length).toBeGreaterThan(0);
    expect(trimmed.history ?? []).toEqual([]);
  });

  it("Ctrl-C at the chat prompt ends the chat with 130", async () => {
    const cli = startA2a(["chat", agent.url]);
    await until(() => cli.output.stdout.includes("Chatting with a2akit reference agent."));
    cli.kill("SIGINT");
    expect((await cli.done).code).toBe(130);
  });

  it("prints the agent's typed errors and exits 1", async () => {
    const missing = await a2a(["tasks", "get", agent.url, "no-such-task"]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^a2a: TASK_NOT_FOUND: /);
    const unknown = await a2a(["send", agent.url, "/teleport me"]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('a2a: INVALID_PARAMS: Unknown skill "teleport"');
  });
});

describe("a2a against the reference agent with API_KEYS", () => {
  let secured: RunningAgent;
  beforeAll(async () => {
    secured = await startReferenceAgent({
      port: 0,
      host: "127.0.0.1",
      logLevel: "silent",
      apiKeys: ["key-1"],
    });
  });
  afterAll(() => secured.close());

  it("refuses calls without a key, serves them with one, and shows the extended card", async () => {
    const anonymous = await a2a(["send", secured.url, "hello"]);
    expect(anonymous.code).toBe(1);
    expect(anonymous.stderr).toMatch(/^a2a: UNAUTHENTICATED: /);
    const wrong = await a2a(["send", secured.url, "hello", "--api-key", "key-2"]);
    expect(wrong.code).toBe(1);
    const ok = await a2a(["send", secured.url, "hello", "--api-key", "key-1"]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain(": completed");

    const card = await a2a(["card", secured.url]);
    expect(card.stdout).toContain('apiKey: API key in header "X-API-Key" (--api-key)');
    const extended = await a2a(["card", secured.url, "--extended", "--api-key", "key-1"]);
    expect(extended.code).toBe(0);
    expect(extended.stdout).toMatch(/You are signed in as key-[0-9a-f]+/);
  });
});
