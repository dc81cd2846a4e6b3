import { PermissionDeniedError, TaskNotFoundError, UnauthenticatedError } from "@a2akit/types";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createA2AFetchHandler } from "../src/index.js";
import { FakeHandler, testCard } from "./http-fake-handler.js";
import { readSse, serveFetch, type TestServer } from "./http-helpers.js";

const V = { "A2A-Version": "1.0", "Content-Type": "application/json" };
const msg = (text: string) => ({
  message: { messageId: `m-${text}`, role: "ROLE_USER", parts: [{ text }] },
});

describe("JSON-RPC binding over HTTP", () => {
  const handler = new FakeHandler(
    testCard("http://agent.test", {
      capabilities: {
        streaming: true,
        pushNotifications: true,
        extensions: [
          { uri: "urn:ext:a", description: "a" },
          { uri: "urn:ext:b", description: "b" },
        ],
      },
    }),
  );
  const a2a = createA2AFetchHandler({
    handler,
    authenticate: (r) => {
      const auth = r.headers.get("authorization");
      if (auth === "Bearer bad") throw new UnauthenticatedError("bad token");
      if (auth === "Bearer guest") throw new PermissionDeniedError("guests may not call");
      return auth ? { id: auth.slice(7), authenticated: true } : { id: "", authenticated: false };
    },
    wwwAuthenticate: 'Bearer realm="test"',
  });
  let server: TestServer;
  let rpcUrl: string;
  beforeAll(async () => {
    server = await serveFetch(a2a.fetch);
    rpcUrl = `${server.url}/rpc`;
  });
  afterAll(() => server.close());
  beforeEach(() => {
    handler.failWith = undefined;
  });

  const rpc = (body: unknown, headers: Record<string, string> = V) =>
    fetch(rpcUrl, {
      method: "POST",
      headers,
      body: typeof body === "string" ? body : JSON.stringify(body),
    });
  const call = async (method: string, params?: unknown, id: unknown = 7) => {
    const res = await rpc({ jsonrpc: "2.0", id, method, params });
    return { status: res.status, headers: res.headers, body: await res.json() };
  };

  it("runs SendMessage and wraps the result", async () => {
    const r = await call("SendMessage", msg("hi"), "req-1");
    expect(r.status).toBe(200);
    expect(r.headers.get("content-type")).toBe("application/json");
    expect(r.body.jsonrpc).toBe("2.0");
    expect(r.body.id).toBe("req-1");
    expect(r.body.result.task.status.state).toBe("TASK_STATE_COMPLETED");
    expect(r.body.result.task.artifacts[0].parts[0].text).toBe("echo: hi");
    const direct = await call("SendMessage", msg("reply"));
    expect(direct.body.result.message.role).toBe("ROLE_AGENT");
  });

  it("runs the other non-streaming methods with their result shapes", async () => {
    const sent = await call("SendMessage", msg("x"));
    const id = sent.body.result.task.id;
    const table: [string, unknown, (result: any) => void][] = [
      ["GetTask", { id, historyLength: 2 }, (t) => expect(t.id).toBe(id)],
      ["ListTasks", { pageSize: 10 }, (l) => expect(l).toMatchObject({ pageSize: 10 })],
      ["CancelTask", { id }, (t) => expect(t.status.state).toBe("TASK_STATE_CANCELED")],
      [
        "CreateTaskPushNotificationConfig",
        { taskId: id, id: "c1", url: "https://hook.test/x" },
        (c) => expect(c).toEqual({ taskId: id, id: "c1", url: "https://hook.test/x" }),
      ],
      [
        "GetTaskPushNotificationConfig",
        { taskId: id, id: "c1" },
        (c) => expect(c.url).toBe("https://hook.test/x"),
      ],
      [
        "ListTaskPushNotificationConfigs",
        { taskId: id },
        (l) => expect(l.configs.map((c: { id: string }) => c.id)).toEqual(["c1"]),
      ],
      ["DeleteTaskPushNotificationConfig", { taskId: id, id: "c1" }, (r) => expect(r).toBeNull()],
      ["GetExtendedAgentCard", undefined, (c) => expect(c.description).toBe("extended")],
    ];
    for (const [method, params, check] of table) {
      const r = await call(method, params, method);
      expect(r.status, method).toBe(200);
      expect(r.body.id, method).toBe(method);
      expect(r.body.error, method).toBeUndefined();
      expect("result" in r.body, method).toBe(true);
      check(r.body.result);
    }
  });

  it("streams SendStreamingMessage and SubscribeToTask as SSE with the id in every event", async () => {
    const res = await rpc({
      jsonrpc: "2.0",
      id: 42,
      method: "SendStreamingMessage",
      params: msg("s"),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/event-stream");
    expect(res.headers.get("cache-control")).toBe("no-cache");
    const { events } = await readSse(res);
    expect(events.map((e) => Object.keys((e.data as any).result)[0])).toEqual([
      "task",
      "artifactUpdate",
      "statusUpdate",
    ]);
    for (const e of events) expect(e.data).toMatchObject({ jsonrpc: "2.0", id: 42 });
    const taskId = (events[0]!.data as any).result.task.id;
    const sub = await rpc({
      jsonrpc: "2.0",
      id: null,
      method: "SubscribeToTask",
      params: { id: taskId },
    });
    const again = await readSse(sub);
    expect(again.events).toHaveLength(3);
    for (const e of again.events) expect((e.data as any).id).toBeNull();
  });

  it("answers stream set-up errors as a plain envelope, later errors as an error event", async () => {
    const before = await call("SubscribeToTask", { id: "missing" });
    expect(before.headers.get("content-type")).toBe("application/json");
    expect(before.body.error.code).toBe(-32001);
    handler.streamFailWith = new TaskNotFoundError("gone mid-stream");
    try {
      const res = await rpc({
        jsonrpc: "2.0",
        id: 5,
        method: "SendStreamingMessage",
        params: msg("e"),
      });
      const { events } = await readSse(res);
      expect(events).toHaveLength(2);
      expect(events[1]!.event).toBe("error");
      expect(events[1]!.data).toMatchObject({
        jsonrpc: "2.0",
        id: 5,
        error: { code: -32001, message: "gone mid-stream" },
      });
    } finally {
      handler.streamFailWith = undefined;
    }
  });

  it("maps handler errors to their codes with ErrorInfo in data, HTTP 200", async () => {
    const r = await call("GetTask", { id: "nope" });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      jsonrpc: "2.0",
      id: 7,
      error: {
        code: -32001,
        message: "Task nope not found",
        data: [
          {
            "@type": "type.googleapis.com/google.rpc.ErrorInfo",
            reason: "TASK_NOT_FOUND",
            domain: "a2a-protocol.org",
            metadata: { taskId: "nope" },
          },
        ],
      },
    });
  });

  it("hides unexpected errors behind a bare internal error", async () => {
    handler.failWith = new Error("db password is hunter2");
    const r = await call("GetTask", { id: "x" });
    expect(r.body.error.code).toBe(-32603);
    expect(JSON.stringify(r.body)).not.toContain("hunter2");
  });

  it("rejects malformed JSON with -32700 and HTTP 400", async () => {
    const res = await rpc('{"jsonrpc":"2.0",');
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.id).toBeNull();
    expect(body.error.code).toBe(-32700);
  });

  it("rejects invalid envelopes with -32600, echoing a usable id", async () => {
    const cases: [unknown, unknown][] = [
      [{ jsonrpc: "1.0", id: 3, method: "GetTask" }, 3],
      [{ jsonrpc: "2.0", id: "a", method: 5 }, "a"],
      [{ jsonrpc: "2.0", id: { x: 1 }, method: "GetTask" }, null],
      [{ jsonrpc: "2.0", method: "GetTask", params: { id: "x" } }, null],
      ["42", null],
      ["null", null],
      ["", null],
    ];
    for (const [body, id] of cases) {
      const res = await rpc(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      const json = await res.json();
      expect(json.error.code, JSON.stringify(body)).toBe(-32600);
      expect(json.id).toEqual(id);
    }
  });

  it("rejects batches with -32600 and a clear message", async () => {
    const res = await rpc([{ jsonrpc: "2.0", id: 1, method: "GetTask", params: { id: "x" } }]);
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.error.code).toBe(-32600);
    expect(body.error.message).toMatch(/Batch requests are not supported/);
  });

  it("answers unknown methods with -32601, including v0.3 names and prototype keys", async () => {
    for (const method of ["message/send", "Frobnicate", "toString", "__proto__"]) {
      const r = await call(method, {});
      expect(r.status).toBe(200);
      expect(r.body.error.code, method).toBe(-32601);
      expect(r.body.id).toBe(7);
    }
  });

  it("answers invalid params with -32602 listing every field path", async () => {
    const r = await call("SendMessage", {
      message: { role: "ROLE_USER", parts: [] },
      configuration: { historyLength: -1 },
    });
    expect(r.status).toBe(200);
    expect(r.body.error.code).toBe(-32602);
    const badRequest = r.body.error.data.find((d: any) => d["@type"].endsWith("BadRequest"));
    const fields = badRequest.fieldViolations.map((v: { field: string }) => v.field);
    expect(fields).toEqual(
      expect.arrayContaining(["message.messageId", "message.parts", "configuration.historyLength"]),
    );
    const missing = await call("GetTask", undefined);
    expect(missing.body.error.code).toBe(-32602);
    expect(missing.body.error.message).toContain("id: is required");
  });

  it("requires A2A-Version 1.0: missing means 0.3 and is refused with the supported list", async () => {
    const res = await rpc(
      { jsonrpc: "2.0", id: 9, method: "GetTask", params: { id: "x" } },
      { "Content-Type": "application/json" },
    );
    const body = await res.json();
    expect(res.status).toBe(200);
    expect(body.id).toBe(9);
    expect(body.error.code).toBe(-32009);
    expect(body.error.message).toContain("supported versions: 1.0");
    expect(body.error.data[0].metadata).toEqual({
      requestedVersion: "0.3",
      supportedVersions: "1.0",
    });
    const viaQuery = await fetch(`${rpcUrl}?A2A-Version=1.0`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "ListTasks", params: {} }),
    });
    expect((await viaQuery.json()).result).toBeDefined();
    const future = await rpc(
      { jsonrpc: "2.0", id: 1, method: "ListTasks" },
      { "A2A-Version": "2.0", "Content-Type": "application/json" },
    );
    expect((await future.json()).error.code).toBe(-32009);
    const patch = await rpc(
      { jsonrpc: "2.0", id: 1, method: "ListTasks" },
      { "A2A-Version": "1.0.1", "Content-Type": "application/json" },
    );
    expect((await patch.json()).result).toBeDefined();
  });

  it("activates the declared extensions the client asks for and echoes them", async () => {
    const res = await rpc(
      { jsonrpc: "2.0", id: 1, method: "SendMessage", params: msg("x") },
      { ...V, "A2A-Extensions": " urn:ext:b, urn:unknown ,urn:ext:b,urn:ext:a" },
    );
    expect(res.headers.get("a2a-extensions")).toBe("urn:ext:b, urn:ext:a");
    const ctx = handler.calls.at(-1)!.ctx;
    expect(ctx.requestedExtensions).toEqual(["urn:ext:b", "urn:unknown", "urn:ext:a"]);
    expect([...ctx.activatedExtensions]).toEqual(["urn:ext:b", "urn:ext:a"]);
    const none = await rpc({ jsonrpc: "2.0", id: 1, method: "ListTasks" });
    expect(none.headers.get("a2a-extensions")).toBeNull();
  });

  it("passes the user, tenant, version and headers into the CallContext", async () => {
    await rpc(
      { jsonrpc: "2.0", id: 1, method: "GetTask", params: { id: "t", tenant: "acme" } },
      { ...V, Authorization: "Bearer alice" },
    );
    const { ctx, request } = handler.calls.at(-1)!;
    expect(ctx.user).toEqual({ id: "alice", authenticated: true });
    expect(ctx.tenant).toBe("acme");
    expect(request).toMatchObject({ tenant: "acme", id: "t" });
    expect(ctx.protocolVersion).toBe("1.0");
    expect(ctx.headers?.get("authorization")).toBe("Bearer alice");
    expect(ctx.signal?.aborted).toBe(false);
  });

  it("answers refused credentials with 401 + WWW-Authenticate and 403", async () => {
    const r401 = await rpc(
      { jsonrpc: "2.0", id: 1, method: "ListTasks" },
      { ...V, Authorization: "Bearer bad" },
    );
    expect(r401.status).toBe(401);
    expect(r401.headers.get("www-authenticate")).toBe('Bearer realm="test"');
    expect((await r401.json()).error).toMatchObject({ code: -32090, message: "bad token" });
    const r403 = await rpc(
      { jsonrpc: "2.0", id: 2, method: "ListTasks" },
      { ...V, Authorization: "Bearer guest" },
    );
    expect(r403.status).toBe(403);
    expect((await r403.json()).id).toBe(2);
  });

  it("accepts only POST on the endpoint", async () => {
    const res = await fetch(rpcUrl, { headers: V });
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("POST");
    expect((await res.json()).error.code).toBe(-32600);
  });

  it("refuses non-JSON content types", async () => {
    const res = await rpc(
      { jsonrpc: "2.0", id: 1, method: "ListTasks" },
      { ...V, "Content-Type": "text/plain" },
    );
    expect(res.status).toBe(400);
    expect((await res.json()).error.code).toBe(-32005);
  });
});
