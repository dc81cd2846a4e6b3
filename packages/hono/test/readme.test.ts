import { readFileSync } from "node:fs";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";

const packageDir = fileURLToPath(new URL("..", import.meta.url)).replace(/\/$/, "");
const readme = readFileSync(`${packageDir}/README.md`, "utf8");
const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);

/** Bundles a README example (this package from source) and runs it as a module. */
async function run(source: string): Promise<void> {
  const result = await build({
    stdin: { contents: source, loader: "ts", resolveDir: packageDir },
    bundle: true,
    write: false,
    format: "esm",
    platform: "node",
    alias: { "@a2akit/hono": `${packageDir}/src/index.ts` },
    logLevel: "silent",
  });
  const code = result.outputFiles[0]!.text;
  await import(`data:text/javascript,${encodeURIComponent(code)}`);
}

describe("README examples", () => {
  it("has the examples this test expects", () => {
    expect(blocks).toHaveLength(3);
  });

  it("quick start: serves over a real socket and shuts down on SIGTERM", async () => {
    const previous = process.env.PORT;
    const port = await freePort();
    process.env.PORT = String(port);
    const listeners = process.listeners("SIGTERM").length;
    try {
      await run(blocks[0]!);
      const onTerm = process.listeners("SIGTERM").at(-1)!;
      expect(process.listeners("SIGTERM").length).toBe(listeners + 1);
      try {
        const base = `http://127.0.0.1:${port}`;
        const card = await (await fetch(`${base}/.well-known/agent-card.json`)).json();
        expect(card.name).toBe("Echo");
        const res = await fetch(`${base}/a2a/message:send`, {
          method: "POST",
          headers: { "A2A-Version": "1.0", "Content-Type": "application/a2a+json" },
          body: JSON.stringify({
            message: { messageId: "m1", role: "ROLE_USER", parts: [{ text: "hello" }] },
          }),
        });
        const { task } = await res.json();
        expect(task.artifacts[0].parts[0].text).toBe("You said: hello");
      } finally {
        process.removeListener("SIGTERM", onTerm);
        await (onTerm as () => Promise<void>)();
      }
    } finally {
      if (previous === undefined) delete process.env.PORT;
      else process.env.PORT = previous;
    }
  });

  it("middleware example runs and prints the completed task", async () => {
    const logs: unknown[][] = [];
    const original = console.log;
    console.log = (...args: unknown[]) => logs.push(args);
    try {
      await run(blocks[1]!);
    } finally {
      console.log = original;
    }
    expect(logs).toEqual([[200, "TASK_STATE_COMPLETED"]]);
  });

  it("signed push example serves the JWKS of its key manager", async () => {
    const logs: unknown[][] = [];
    const original = console.log;
    console.log = (...args: unknown[]) => logs.push(args);
    try {
      await run(blocks[2]!);
    } finally {
      console.log = original;
    }
    expect(logs).toEqual([[200, 1]]);
  });
});

/** A port that was free a moment ago (the quick start takes its port from PORT). */
function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}
