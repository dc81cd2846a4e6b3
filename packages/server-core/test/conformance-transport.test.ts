import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  BINDINGS,
  type ConformanceServer,
  expectError,
  startConformanceServer,
  userMessage,
} from "./support/conformance.js";

/**
 * CHECKLIST §4.1–§4.5: content types, A2A-Version, A2A-Extensions, JSON-RPC ids and REST query
 * and path rules, with the real engine on both bindings. SSE framing and stream lifecycle
 * (§4.6) are in conformance-streams.test.ts.
 */

let server: ConformanceServer;
let v1only: ConformanceServer;
beforeAll(async () => {
  server = await startConformanceServer({
    card: {
      capabilities: {
        streaming: true,
        pushNotifications: true,
        extensions: [
          { uri: "urn:ext:a", description: "a" },
          { uri: "urn:ext:b", description: "b" },
        ],
      },
    },
  });
  v1only = await startConformanceServer({ http: { v03: false } });
});
afterAll(async () => {
  await server.close();
  await v1only.close();
});

describe.each(BINDINGS)("§4.1 content types over %s", (binding) => {
  const mediaType = binding === "JSONRPC" ? "application/json" : "application/a2a+json";

  it(`answers ${mediaType}, errors included`, async () => {
    const ok = await server.wire(binding).call("SendMessage", userMessage("ct"));
    expect(ok.headers.get("content-type")).toBe(mediaType);
    const bad = await server.wire(binding).call("GetTask", { id: "none" });
    expect(bad.headers.get("content-type")).toBe(mediaType);
  });

  it("accepts application/json and a charset parameter on requests", async () => {
    for (const type of ["application/json", `${mediaType}; charset=utf-8`]) {
      const r = await server
        .wire(binding)
        .with({ "Content-Type": type })
        .call("SendMessage", {
          ...userMessage("typed"),
        });
      expect(r.error, type).toBeUndefined();
      expect(r.result.task.status.state).toBe("TASK_STATE_COMPLETED");
    }
  });

  it("refuses another request Content-Type with ContentTypeNotSupported (400)", async () => {
    const r = await server
      .wire(binding)
      .with({ "Content-Type": "text/plain" })
      .call("SendMessage", userMessage("x"));
    expect(r.httpStatus).toBe(400);
    expectError(binding, r, "CONTENT_TYPE_NOT_SUPPORTED");
  });

  it("streams as text/event-stream", async () => {
    const s = await server.wire(binding).open("SendStreamingMessage", userMessage("sse"));
    expect(s.response.headers.get("content-type")).toBe("text/event-stream");
    await s.all();
  });
});

describe.each(BINDINGS)("§4.2 A2A-Version over %s", (binding) => {
  it("takes Major.Minor and ignores a patch number", async () => {
    for (const v of ["1.0", "1.0.1", " 1.0 "]) {
      const r = await server.wire(binding).with({ "A2A-Version": v }).call("ListTasks");
      expect(r.error, v).toBeUndefined();
    }
  });

  it("takes the query parameter when there is no header", async () => {
    const wire = server.wire(binding);
    const req = wire.request("ListTasks", {});
    const url = new URL(req.url);
    url.searchParams.set("A2A-Version", "1.0");
    const headers = new Headers(req.headers);
    headers.delete("A2A-Version");
    const res = await fetch(url, {
      method: req.method,
      headers,
      ...(req.method === "POST" ? { body: await req.text() } : {}),
    });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(binding === "JSONRPC" ? body.result.tasks : body.tasks).toBeDefined();
  });

  it("treats a missing or empty version as 0.3; a v1.0-only server refuses it", async () => {
    for (const headers of [{ "A2A-Version": "" }, {}] as Record<string, string>[]) {
      const wire = v1only.wire(binding).with(headers);
      const req = wire.request("ListTasks", {});
      const h = new Headers(req.headers);
      if (!("A2A-Version" in headers)) h.delete("A2A-Version");
      const res = await fetch(req.url, {
        method: req.method,
        headers: h,
        ...(req.method === "POST" ? { body: await req.text() } : {}),
      });
      const body = await res.json();
      const error = binding === "JSONRPC" ? body.error : body.error;
      if (binding === "JSONRPC") expect(error.code).toBe(-32009);
      else {
        expect(res.status).toBe(400);
        expect(error.status).toBe("FAILED_PRECONDITION");
      }
      expect(error.message).toContain('"0.3" is not supported; supported versions: 1.0');
    }
  });

  it("refuses a version it does not serve with VersionNotSupported naming the supported ones", async () => {
    for (const v of ["2.0", "0.2", "one"]) {
      const r = await server.wire(binding).with({ "A2A-Version": v }).call("ListTasks");
      const e = expectError(binding, r, "VERSION_NOT_SUPPORTED");
      expect(e.metadata?.supportedVersions).toContain("1.0");
    }
  });
});

describe.each(BINDINGS)("§4.3 A2A-Extensions over %s", (binding) => {
  it("activates the declared ones asked for, trimmed and once each, and echoes them", async () => {
    const r = await server
      .wire(binding)
      .with({ "A2A-Extensions": " urn:ext:b ,urn:unknown, urn:ext:b,urn:ext:a" })
      .call("SendMessage", userMessage("ext"));
    expect(r.error).toBeUndefined();
    expect(r.headers.get("a2a-extensions")).toBe("urn:ext:b, urn:ext:a");
  });

  it("echoes nothing when nothing declared was asked for, and never fails on unknown URIs", async () => {
    const r = await server
      .wire(binding)
      .with({ "A2A-Extensions": "urn:unknown:1, urn:unknown:2" })
      .call("ListTasks");
    expect(r.error).toBeUndefined();
    expect(r.headers.get("a2a-extensions")).toBeNull();
  });

  it("echoes an extension the agent activated itself", async () => {
    const r = await server.wire(binding).call("SendMessage", userMessage("add-ext urn:ext:b"));
    expect(r.error).toBeUndefined();
    expect(r.headers.get("a2a-extensions")).toBe("urn:ext:b");
  });

  it("carries extension data in metadata keyed by URI, and the contributing URIs", async () => {
    const message = {
      ...userMessage("ext data", {
        extensions: ["urn:ext:a"],
        metadata: { "urn:ext:a": { level: 3, tags: ["x"] } },
      }),
      metadata: { "urn:ext:a": { request: true } },
    };
    const { task } = await server
      .wire(binding)
      .with({ "A2A-Extensions": "urn:ext:a" })
      .ok("SendMessage", message);
    const got = await server.wire(binding).ok("GetTask", { id: task.id });
    expect(got.history[0]).toMatchObject({
      extensions: ["urn:ext:a"],
      metadata: { "urn:ext:a": { level: 3, tags: ["x"] } },
    });
  });

  it("echoes the activated set on streams too", async () => {
    const s = await server
      .wire(binding)
      .with({ "A2A-Extensions": "urn:ext:a" })
      .open("SendStreamingMessage", userMessage("ext stream"));
    expect(s.response.headers.get("a2a-extensions")).toBe("urn:ext:a");
    await s.all();
  });
});

describe("§4.4 JSON-RPC ids and params", () => {
  it("echoes a string, integer or null id in the response and in every SSE event", async () => {
    const wire = server.wire("JSONRPC");
    for (const id of ["req-7", 7, null]) {
      const r = await wire.call("SendMessage", userMessage("id"), { id });
      expect(r.body.id).toEqual(id);
      const err = await wire.call("GetTask", { id: "nope" }, { id });
      expect(err.body.id).toEqual(id);
      const s = await wire.open("SendStreamingMessage", userMessage("id stream"), { id });
      await s.all();
      expect(s.envelopes.length).toBeGreaterThan(1);
      for (const e of s.envelopes) expect(e).toMatchObject({ jsonrpc: "2.0", id });
    }
  });

  it("takes the tenant from params", async () => {
    const wire = server.wire("JSONRPC");
    const { task } = await wire.ok("SendMessage", { ...userMessage("t"), tenant: "acme" });
    expect((await wire.ok("GetTask", { id: task.id, tenant: "acme" })).id).toBe(task.id);
    expectError("JSONRPC", await wire.call("GetTask", { id: task.id }), "TASK_NOT_FOUND");
  });

  it("answers a batch with -32600", async () => {
    const res = await fetch(`${server.url}/rpc`, {
      method: "POST",
      headers: { "A2A-Version": "1.0", "Content-Type": "application/json" },
      body: JSON.stringify([{ jsonrpc: "2.0", id: 1, method: "ListTasks", params: {} }]),
    });
    expect((await res.json()).error.code).toBe(-32600);
  });

  it("answers positional params (an array) with -32600", async () => {
    const res = await fetch(`${server.url}/rpc`, {
      method: "POST",
      headers: { "A2A-Version": "1.0", "Content-Type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "GetTask", params: ["x"] }),
    });
    expect((await res.json()).error.code).toBe(-32600);
  });
});

describe("§4.5 REST query strings and paths", () => {
  const get = (path: string) =>
    fetch(`${server.url}/rest${path}`, { headers: { "A2A-Version": "1.0" } });

  it("reads camelCase query values: numbers, booleans, enums by name, URL-encoded timestamps", async () => {
    const wire = server.wire("HTTP+JSON");
    const { task } = await wire.ok("SendMessage", userMessage("query"));
    const since = encodeURIComponent(task.status.timestamp);
    const res = await get(
      `/tasks?contextId=${task.contextId}&status=TASK_STATE_COMPLETED&pageSize=5&includeArtifacts=true&historyLength=1&statusTimestampAfter=${since}`,
    );
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.pageSize).toBe(5);
    expect(body.tasks.map((t: { id: string }) => t.id)).toEqual([task.id]);
    expect(body.tasks[0].artifacts[0].parts[0].text).toBe("echo: query");
    expect(body.tasks[0].history).toHaveLength(1);
    const snake = await get(`/tasks?context_id=${task.contextId}&page_size=3`);
    expect((await snake.json()).pageSize).toBe(3);
  });

  it("refuses bad query values with 400 naming the field", async () => {
    for (const [q, field] of [
      ["pageSize=x", "pageSize"],
      ["includeArtifacts=1", "includeArtifacts"],
      ["status=working", "status"],
      ["statusTimestampAfter=yesterday", "statusTimestampAfter"],
    ]) {
      const res = await get(`/tasks?${q}`);
      expect(res.status, q).toBe(400);
      const body = await res.json();
      const violations = body.error.details.find(
        (d: { fieldViolations?: unknown }) => d.fieldViolations,
      ).fieldViolations;
      expect([...new Set(violations.map((v: { field: string }) => v.field))]).toEqual([field]);
    }
  });

  it("has no /v1 prefix in v1.0: a leading /v1 is just a tenant named v1", async () => {
    const wire = server.wire("HTTP+JSON");
    const { task } = await wire.ok("SendMessage", userMessage("no prefix"));
    const res = await get(`/v1/tasks/${task.id}`);
    expect(res.status).toBe(404);
    expect((await res.json()).error.details[0].reason).toBe("TASK_NOT_FOUND");
    expect((await (await get(`/tasks/${task.id}`)).json()).id).toBe(task.id);
  });

  it("takes colons literally: ids with colons, the verb after the last one, under a tenant too", async () => {
    const wire = server.wire("HTTP+JSON");
    const { task } = await wire.ok("SendMessage", { ...userMessage("ask"), tenant: "org:1" });
    const sub = await fetch(`${server.url}/rest/org%3A1/tasks/${task.id}:subscribe`, {
      method: "POST",
      headers: { "A2A-Version": "1.0" },
    });
    expect(sub.status).toBe(200);
    await sub.body?.cancel();
    const canceled = await fetch(`${server.url}/rest/org:1/tasks/${task.id}:cancel`, {
      method: "POST",
      headers: { "A2A-Version": "1.0" },
    });
    expect((await canceled.json()).status.state).toBe("TASK_STATE_CANCELED");
    const missing = await get(`/tasks/${task.id}:frobnicate`);
    expect(missing.status).toBe(404);
    const colonId = await get("/tasks/urn:a2a:task:1");
    expect((await colonId.json()).error.details[0].metadata.taskId).toBe("urn:a2a:task:1");
  });
});
