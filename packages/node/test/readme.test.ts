import { once } from "node:events";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

// The README's examples run against the package source, so they cannot rot.
const readme = await readFile(new URL("../README.md", import.meta.url), "utf8");
const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1] ?? "");
const dir = fileURLToPath(new URL("./.readme-examples/", import.meta.url));
afterAll(() => rm(dir, { recursive: true, force: true }));
const src = pathToFileURL(fileURLToPath(new URL("../src/index.ts", import.meta.url))).href;

/** Writes example `n` with the package import pointed at the source, plus `tail`; imports it. */
async function load<T>(n: number, tail: string, edit = (code: string) => code): Promise<T> {
  await mkdir(dir, { recursive: true });
  const file = `${dir}example-${n}.ts`;
  const code = edit(blocks[n] ?? "").replace('from "@a2akit/node"', `from ${JSON.stringify(src)}`);
  await writeFile(file, `${code}\n${tail}\n`);
  return (await import(pathToFileURL(file).href)) as T;
}

async function freePort(): Promise<number> {
  const probe = createServer().listen(0, "127.0.0.1");
  await once(probe, "listening");
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

describe("README", () => {
  it("has the two examples", () => {
    expect(blocks).toHaveLength(2);
  });

  it("runs its first example: an agent on node:http", async () => {
    const port = await freePort();
    const { a2a, server } = await load<{
      a2a: { close(): Promise<void> };
      server: Server;
    }>(0, "export { a2a, server };", (code) => code.replaceAll("4000", String(port)));
    if (!server.listening) await once(server, "listening");
    const res = await fetch(`http://127.0.0.1:${port}/a2a`, {
      method: "POST",
      headers: { "A2A-Version": "1.0", "Content-Type": "application/json" },
      body: JSON.stringify({
        jsonrpc: "2.0",
        id: 1,
        method: "SendMessage",
        params: { message: { messageId: "m1", role: "ROLE_USER", parts: [{ text: "hi" }] } },
      }),
    });
    const body = await res.json();
    expect(body.result.task.status.state).toBe("TASK_STATE_COMPLETED");
    expect(body.result.task.status.message.parts[0].text).toBe("You said: hi");
    await a2a.close();
    await new Promise((resolve) => server.close(resolve));
  });

  it("runs its second example: deliveries over the node transport", async () => {
    const { deliveries } = await load<{
      deliveries: { stats(): unknown[]; close(): Promise<void> };
    }>(1, "export { deliveries };");
    expect(deliveries.stats()).toEqual([]);
    await deliveries.close();
  });
});
