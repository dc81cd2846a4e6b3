import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { a2a } from "./support/spawn.js";

/** One request the scripted agent received. */
interface Seen {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: unknown;
}

// A scripted v1.0 agent offering JSON-RPC and HTTP+JSON, which records every request so the
// test can check what the flags put on the wire.
let server: Server;
let base: string;
const seen: Seen[] = [];
const task = (id: string) => ({
  id,
  contextId: "ctx-1",
  status: { state: "TASK_STATE_COMPLETED" },
  artifacts: [{ artifactId: "a1", name: "answer", parts: [{ text: "done" }] }],
});

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const text = Buffer.concat(chunks).toString("utf8");
      const body = text ? JSON.parse(text) : undefined;
      seen.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers, body });
      const json = (value: unknown) =>
        res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(value));
      if (req.url === "/.well-known/agent-card.json") {
        json({
          name: "Scripted",
          description: "Answers from a script",
          version: "1.0.0",
          supportedInterfaces: [
            { url: `${base}/rpc`, protocolBinding: "JSONRPC", protocolVersion: "1.0" },
            { url: `${base}/rest`, protocolBinding: "HTTP+JSON", protocolVersion: "1.0" },
          ],
          capabilities: { streaming: false },
          defaultInputModes: ["text/plain"],
          defaultOutputModes: ["text/plain"],
          skills: [],
        });
      } else if (req.url === "/rpc" && JSON.stringify(body).includes('"text":"hang"')) {
        // Never answers: the server is closed with its connections at the end.
      } else if (req.url === "/rpc") {
        json({ jsonrpc: "2.0", id: (body as { id: unknown }).id, result: { task: task("t-rpc") } });
      } else {
        json({ task: task("t-rest") });
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe("connection flags on the wire", () => {
  it("--header and --bearer go on every request, --tenant into JSON-RPC params", async () => {
    seen.length = 0;
    const r = await a2a([
      "send",
      base,
      "hi",
      "-H",
      "X-Trace: abc",
      "--header",
      "X-Team: blue",
      "--bearer",
      "tok-1",
      "--tenant",
      "acme",
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("task t-rpc (context ctx-1): completed\n--- answer ---\ndone\n");
    expect(seen.map((s) => s.url)).toEqual(["/.well-known/agent-card.json", "/rpc"]);
    for (const s of seen) {
      expect(s.headers["x-trace"]).toBe("abc");
      expect(s.headers["x-team"]).toBe("blue");
      expect(s.headers.authorization).toBe("Bearer tok-1");
    }
    const rpc = seen[1]?.body as { method: string; params: { tenant: string } };
    expect(rpc.method).toBe("SendMessage");
    expect(rpc.params.tenant).toBe("acme");
    expect(seen[1]?.headers["a2a-version"]).toBe("1.0");
  });

  it("--binding HTTP+JSON uses REST, with the tenant as a path prefix", async () => {
    seen.length = 0;
    const r = await a2a(["send", base, "hi", "--binding", "HTTP+JSON", "--tenant", "acme"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("task t-rest");
    expect(seen[1]?.method).toBe("POST");
    expect(seen[1]?.url).toBe("/rest/acme/message:send");
  });

  it("--api-key goes in X-API-Key when the card declares no scheme", async () => {
    seen.length = 0;
    await a2a(["send", base, "hi", "--api-key", "k-1"]);
    expect(seen.at(-1)?.headers["x-api-key"]).toBe("k-1");
  });

  it("chat works without streaming: one blocking call per line", async () => {
    seen.length = 0;
    const r = await a2a(["chat", base], "hi\n:quit\nnot sent\n");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("task t-rpc (context ctx-1): completed\n--- answer ---\ndone\n");
    expect(seen.filter((s) => s.url === "/rpc")).toHaveLength(1);
  });

  it("--timeout gives up on a call that takes too long, exit 3", async () => {
    const r = await a2a(["send", base, "hang", "--timeout", "300"]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/^a2a: TIMEOUT: .*300 ms/);
  });

  it("a bad --header is a usage error", async () => {
    const r = await a2a(["card", base, "-H", "no-colon"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--header needs "Name: value", got "no-colon"');
  });
});
