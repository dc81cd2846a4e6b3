import { afterEach, describe, expect, it } from "vitest";
import { createA2AFetchHandler } from "../src/index.js";
import { FakeHandler, testCard } from "./http-fake-handler.js";
import { readSse, serveFetch, type TestServer } from "./http-helpers.js";

const H = { "A2A-Version": "1.0", "Content-Type": "application/json" };
const streamBody = JSON.stringify({
  message: { messageId: "m", role: "ROLE_USER", parts: [{ text: "s" }] },
});

/** Waits, turn by turn of the event loop (no clock), until `condition` holds. */
async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 10_000 && !condition(); i++) await new Promise((r) => setImmediate(r));
  expect(condition()).toBe(true);
}

describe("SSE stream lifecycle and shutdown", () => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it("refuses stream timings a timer cannot hold, naming the option", () => {
    const handler = new FakeHandler(testCard("http://agent.test"));
    expect(() => createA2AFetchHandler({ handler, keepAliveMs: 2 ** 31 })).toThrow(
      /keepAliveMs must be at most/,
    );
    expect(() => createA2AFetchHandler({ handler, streamIdleTimeoutMs: 30 * 86_400_000 })).toThrow(
      /streamIdleTimeoutMs must be at most/,
    );
    expect(() => createA2AFetchHandler({ handler, keepAliveMs: -1 })).toThrow(
      /keepAliveMs must not be negative/,
    );
    expect(() => createA2AFetchHandler({ handler, keepAliveMs: 2 ** 31 - 1 })).not.toThrow();
  });

  it("sends keep-alive comments on an idle stream", async () => {
    const handler = new FakeHandler(testCard("http://agent.test"));
    let open!: () => void;
    handler.gate = new Promise((r) => {
      open = r;
    });
    const a2a = createA2AFetchHandler({ handler, keepAliveMs: 5 });
    server = await serveFetch(a2a.fetch);
    const res = await fetch(`${server.url}/rest/message:stream`, {
      method: "POST",
      headers: H,
      body: streamBody,
    });
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    let text = "";
    while ((text.match(/: ping\n\n/g) ?? []).length < 2) text += (await reader.read()).value;
    open();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      text += value;
    }
    expect(text).toContain('data: {"statusUpdate"');
    expect(text.split("\n\n").filter((b) => b.startsWith("data: "))).toHaveLength(3);
  });

  it("detaches the reader when the client disconnects, and keeps serving", async () => {
    const handler = new FakeHandler(testCard("http://agent.test"));
    handler.gate = new Promise(() => {});
    const a2a = createA2AFetchHandler({ handler });
    server = await serveFetch(a2a.fetch);
    const abort = new AbortController();
    const res = await fetch(`${server.url}/rest/message:stream`, {
      method: "POST",
      headers: H,
      body: streamBody,
      signal: abort.signal,
    });
    const { events } = await readSse(res, 1);
    expect(Object.keys(events[0]!.data as object)).toEqual(["task"]);
    abort.abort();
    await until(() => handler.detached === 1);
    handler.gate = undefined;
    const next = await fetch(`${server.url}/rest/message:stream`, {
      method: "POST",
      headers: H,
      body: streamBody,
    });
    expect((await readSse(next)).events).toHaveLength(3);
  });

  it("on close: answers 503, closes the handler and ends open streams", async () => {
    const handler = new FakeHandler(testCard("http://agent.test"));
    handler.gate = new Promise(() => {});
    const a2a = createA2AFetchHandler({ handler });
    server = await serveFetch(a2a.fetch);
    const res = await fetch(`${server.url}/rpc`, {
      method: "POST",
      headers: H,
      body: JSON.stringify({
        jsonrpc: "2.0",
        id: 1,
        method: "SendStreamingMessage",
        params: JSON.parse(streamBody),
      }),
    });
    const reading = readSse(res);
    await a2a.close();
    expect(handler.closed).toBe(true);
    const { events } = await reading;
    expect(events).toHaveLength(1);
    await until(() => handler.detached === 1);

    const rest = await fetch(`${server.url}/rest/tasks`, { headers: H });
    expect(rest.status).toBe(503);
    expect((await rest.json()).error.message).toMatch(/shutting down/);
    const rpc = await fetch(`${server.url}/rpc`, {
      method: "POST",
      headers: H,
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "ListTasks" }),
    });
    expect(rpc.status).toBe(503);
    expect((await rpc.json()).error.code).toBe(-32603);
  });

  it("gives requests for other versions to the legacy hook first", async () => {
    const handler = new FakeHandler(testCard("http://agent.test"));
    const seen: string[] = [];
    const a2a = createA2AFetchHandler({
      handler,
      legacy: async (request, { version, kind }) => {
        seen.push(`${kind}:${version}`);
        if (kind === "card") return undefined;
        return Response.json({ legacy: await request.json() });
      },
    });
    const v03 = await a2a.fetch(
      new Request("http://x/rpc", { method: "POST", body: '{"method":"message/send"}' }),
    );
    expect(await v03.json()).toEqual({ legacy: { method: "message/send" } });
    const card = await a2a.fetch(new Request("http://x/.well-known/agent-card.json"));
    expect((await card.json()).name).toBe("Fake");
    const v1 = await a2a.fetch(new Request("http://x/rest/tasks", { headers: H }));
    expect(v1.status).toBe(200);
    expect(seen).toEqual(["jsonrpc:0.3", "card:0.3"]);
  });

  it("leaves other paths to the caller's router", async () => {
    const a2a = createA2AFetchHandler({ handler: new FakeHandler(testCard("http://agent.test")) });
    expect(await a2a.handle(new Request("http://x/health"))).toBeUndefined();
    expect(await a2a.handle(new Request("http://x/rest/nope/a/b/c/d"))).toBeUndefined();
    const notFound = await a2a.fetch(new Request("http://x/health"));
    expect(notFound.status).toBe(404);
    expect((await notFound.json()).error.status).toBe("NOT_FOUND");
  });
});
