import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createA2AFetchHandler } from "../src/index.js";
import { FakeHandler, testCard } from "./http-fake-handler.js";
import { serveFetch, type TestServer } from "./http-helpers.js";

const V = { "A2A-Version": "1.0", "Content-Type": "application/json" };

describe("hostile input over HTTP", () => {
  const handler = new FakeHandler(testCard("http://agent.test"));
  const a2a = createA2AFetchHandler({ handler, maxBodyBytes: 64 * 1024, maxJsonDepth: 32 });
  let server: TestServer;
  beforeAll(async () => {
    server = await serveFetch(a2a.fetch);
  });
  afterAll(() => server.close());

  const rpc = (body: BodyInit, headers: Record<string, string> = V) =>
    fetch(`${server.url}/rpc`, { method: "POST", headers, body });
  const rest = (path: string, init: RequestInit = {}) =>
    fetch(`${server.url}/rest${path}`, { ...init, headers: { ...V, ...init.headers } });

  /** After every hostile request, an ordinary call must still work. */
  async function stillServing(): Promise<void> {
    const res = await rpc(JSON.stringify({ jsonrpc: "2.0", id: 1, method: "ListTasks" }));
    expect(res.status).toBe(200);
    expect((await res.json()).result.totalSize).toBeTypeOf("number");
  }

  it("rejects a body over the limit with 413, with or without Content-Length", async () => {
    const big = JSON.stringify({ jsonrpc: "2.0", id: 1, method: "X", pad: "x".repeat(70 * 1024) });
    const declared = await rpc(big);
    expect(declared.status).toBe(413);
    const body = await declared.json();
    expect(body.error.code).toBe(-32600);
    expect(body.error.message).toBe("Request body exceeds the limit of 65536 bytes");
    // A streamed (chunked) upload has no Content-Length: the cap must hold while reading.
    const chunks = new ReadableStream<Uint8Array>({
      start(c) {
        for (let i = 0; i < 20; i++) c.enqueue(new TextEncoder().encode("x".repeat(8 * 1024)));
        c.close();
      },
    });
    const streamed = await fetch(`${server.url}/rest/message:send`, {
      method: "POST",
      headers: V,
      body: chunks,
      // @ts-expect-error Node needs duplex for streamed request bodies.
      duplex: "half",
    });
    expect(streamed.status).toBe(413);
    expect((await streamed.json()).error.code).toBe(413);
    await stillServing();
  });

  it("rejects deep nesting before parsing", async () => {
    const deep = `{"jsonrpc":"2.0","id":1,"method":"SendMessage","params":${"[".repeat(5000)}${"]".repeat(5000)}}`;
    const res = await rpc(deep);
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.error.code).toBe(-32600);
    expect(body.error.message).toContain("maximum depth of 32");
    // Brackets inside strings do not count.
    const text = "[".repeat(100);
    const ok = await rpc(
      JSON.stringify({
        jsonrpc: "2.0",
        id: 2,
        method: "SendMessage",
        params: { message: { messageId: "m", role: "ROLE_USER", parts: [{ text }] } },
      }),
    );
    expect((await ok.json()).result.task).toBeDefined();
    await stillServing();
  });

  it("rejects malformed JSON, invalid UTF-8 and wrong types with typed errors", async () => {
    const cases: [BodyInit, number, number][] = [
      ["{not json", 400, -32700],
      [new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]), 400, -32700],
      [
        JSON.stringify({ jsonrpc: "2.0", id: 1, method: "GetTask", params: { id: 5 } }),
        200,
        -32602,
      ],
      [JSON.stringify({ jsonrpc: "2.0", id: 1, method: "GetTask", params: [1] }), 400, -32600],
      [JSON.stringify({ jsonrpc: "2.0", id: 1, method: "GetTask", params: "x" }), 400, -32600],
    ];
    for (const [body, status, code] of cases) {
      const res = await rpc(body);
      expect(res.status, String(body)).toBe(status);
      expect((await res.json()).error.code, String(body)).toBe(code);
    }
    const restCases: [string, BodyInit, number][] = [
      ["/message:send", "{", 400],
      ["/message:send", "[1,2]", 400],
      ["/message:send", '"text"', 400],
      ["/tasks/x:cancel", "null", 400],
    ];
    for (const [path, body, status] of restCases) {
      const res = await rest(path, { method: "POST", body });
      expect(res.status, `${path} ${body}`).toBe(status);
      expect((await res.json()).error.status).toBe("INVALID_ARGUMENT");
    }
    await stillServing();
  });

  it("keeps hostile path segments inside their segment", async () => {
    const cases: [string, number, string][] = [
      ["/tasks/..%2F..%2Fetc%2Fpasswd", 404, "NOT_FOUND"],
      ["/tasks/%2E%2E", 404, "NOT_FOUND"],
      ["/tasks/a%00b", 404, "NOT_FOUND"],
      ["/tasks/%E0%A4%A", 400, "INVALID_ARGUMENT"],
      ["/%ZZ/tasks", 400, "INVALID_ARGUMENT"],
    ];
    for (const [path, status, grpc] of cases) {
      const res = await rest(path);
      expect(res.status, path).toBe(status);
      expect((await res.json()).error.status, path).toBe(grpc);
    }
    const decoded = handler.calls.filter((c) => c.method === "getTask").map((c) => c.request);
    expect(decoded).toContainEqual({ id: "../../etc/passwd" });
    expect(decoded).toContainEqual({ id: "a\u0000b" });
    await stillServing();
  });

  it("answers unknown ids with typed errors", async () => {
    const res = await rest("/tasks/does-not-exist:cancel", { method: "POST" });
    expect(res.status).toBe(404);
    expect((await res.json()).error.details[0].reason).toBe("TASK_NOT_FOUND");
    await stillServing();
  });
});
