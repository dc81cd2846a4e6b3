import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createA2AFetchHandler } from "../src/index.js";
import { FakeHandler, testCard } from "./http-fake-handler.js";
import { readSse, serveFetch, type TestServer } from "./http-helpers.js";

const V = { "A2A-Version": "1.0" };
const JSON_V = { ...V, "Content-Type": "application/a2a+json" };
const msg = (text: string) => ({
  message: { messageId: `m-${text}`, role: "ROLE_USER", parts: [{ text }] },
});

describe("HTTP+JSON binding over HTTP", () => {
  const handler = new FakeHandler(testCard("http://agent.test"));
  const a2a = createA2AFetchHandler({ handler });
  let server: TestServer;
  let base: string;
  beforeAll(async () => {
    server = await serveFetch(a2a.fetch);
    base = `${server.url}/rest`;
  });
  afterAll(() => server.close());

  const post = (path: string, body?: unknown, headers: Record<string, string> = JSON_V) =>
    fetch(`${base}${path}`, {
      method: "POST",
      headers,
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    });
  const get = (path: string, method = "GET") => fetch(`${base}${path}`, { method, headers: V });
  const last = () => handler.calls.at(-1)!;

  async function newTask(): Promise<string> {
    const res = await post("/message:send", msg("t"));
    return (await res.json()).task.id;
  }

  it("serves every route of the spec with its status and body", async () => {
    const sent = await post("/message:send", msg("hello"));
    expect(sent.status).toBe(200);
    expect(sent.headers.get("content-type")).toBe("application/a2a+json");
    const { task } = await sent.json();
    expect(task.artifacts[0].parts[0].text).toBe("echo: hello");
    const id = task.id;

    const got = await get(`/tasks/${id}?historyLength=3`);
    expect(got.status).toBe(200);
    expect((await got.json()).id).toBe(id);
    expect(last().request).toEqual({ id, historyLength: 3 });

    const list = await get("/tasks?pageSize=5&includeArtifacts=true&status=TASK_STATE_WORKING");
    expect(list.status).toBe(200);
    expect(await list.json()).toMatchObject({ pageSize: 5, nextPageToken: "" });
    expect(last().request).toEqual({
      pageSize: 5,
      includeArtifacts: true,
      status: "TASK_STATE_WORKING",
    });

    const cancel = await post(`/tasks/${id}:cancel`);
    expect(cancel.status).toBe(200);
    expect((await cancel.json()).status.state).toBe("TASK_STATE_CANCELED");

    const created = await post(`/tasks/${id}/pushNotificationConfigs`, {
      url: "https://hook.test/1",
      token: "tok",
    });
    expect(created.status).toBe(201);
    const config = await created.json();
    expect(config).toMatchObject({ taskId: id, url: "https://hook.test/1", token: "tok" });
    expect(config.id).toBeTruthy();

    const one = await get(`/tasks/${id}/pushNotificationConfigs/${config.id}`);
    expect(one.status).toBe(200);
    expect((await one.json()).url).toBe("https://hook.test/1");

    const all = await get(`/tasks/${id}/pushNotificationConfigs?pageSize=10`);
    expect((await all.json()).configs).toHaveLength(1);
    expect(last().request).toEqual({ taskId: id, pageSize: 10 });

    const deleted = await get(`/tasks/${id}/pushNotificationConfigs/${config.id}`, "DELETE");
    expect(deleted.status).toBe(204);
    expect(await deleted.text()).toBe("");

    const card = await get("/extendedAgentCard");
    expect(card.status).toBe(200);
    expect((await card.json()).description).toBe("extended");
  });

  it("streams message:stream and subscribe (GET and POST) as bare StreamResponses", async () => {
    const res = await post("/message:stream", msg("s"));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/event-stream");
    const { events } = await readSse(res);
    expect(events.map((e) => Object.keys(e.data as object))).toEqual([
      ["task"],
      ["artifactUpdate"],
      ["statusUpdate"],
    ]);
    const id = (events[0]!.data as any).task.id;
    for (const verb of ["GET", "POST"]) {
      const sub = await fetch(`${base}/tasks/${id}:subscribe`, { method: verb, headers: V });
      expect(sub.status, verb).toBe(200);
      expect((await readSse(sub)).events, verb).toHaveLength(3);
      expect(last().request).toEqual({ id });
    }
  });

  it("sends a REST error event after the stream has started", async () => {
    handler.streamFailWith = new Error("boom");
    try {
      const { events } = await readSse(await post("/message:stream", msg("e")));
      expect(events.at(-1)).toEqual({
        event: "error",
        data: {
          error: {
            code: 500,
            status: "INTERNAL",
            message: "Internal error",
            details: [
              {
                "@type": "type.googleapis.com/google.rpc.ErrorInfo",
                reason: "INTERNAL",
                domain: "a2akit",
              },
            ],
          },
        },
      });
    } finally {
      handler.streamFailWith = undefined;
    }
  });

  it("answers stream set-up errors as a plain Status body", async () => {
    const res = await post("/tasks/missing:subscribe");
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toBe("application/a2a+json");
    expect((await res.json()).error).toMatchObject({ code: 404, status: "NOT_FOUND" });
  });

  it("routes behind a URL-decoded tenant prefix; fixed routes beat tenant names", async () => {
    const id = await newTask();
    await get(`/acme%20corp/tasks/${id}`);
    expect(last().request).toMatchObject({ tenant: "acme corp", id });
    expect(last().ctx.tenant).toBe("acme corp");
    await post("/t1/message:send", { ...msg("x"), tenant: "from-body" });
    expect(last().request).toMatchObject({ tenant: "t1" });
    await get("/tasks/tasks");
    expect(last()).toMatchObject({ method: "getTask", request: { id: "tasks" } });
    expect(last().ctx.tenant).toBe("");
    await get("/tasks/tasks/tasks");
    expect(last()).toMatchObject({ method: "getTask", request: { tenant: "tasks", id: "tasks" } });
    await post(`/org%2Fteam/tasks/${id}:cancel`);
    expect(last()).toMatchObject({ method: "cancelTask", request: { tenant: "org/team", id } });
    await get(`/acme/tasks/${id}/pushNotificationConfigs`);
    expect(last()).toMatchObject({
      method: "listTaskPushNotificationConfigs",
      request: { tenant: "acme", taskId: id },
    });
    await get("/acme/extendedAgentCard");
    expect(last().request).toEqual({ tenant: "acme" });
  });

  it("splits /tasks/{id}:verb at the last colon; path values beat the body", async () => {
    await post("/tasks/a:b:cancel", { id: "from-body", metadata: { why: "test" } });
    expect(last()).toMatchObject({
      method: "cancelTask",
      request: { id: "a:b", metadata: { why: "test" } },
    });
    await get("/tasks/urn:task:1");
    expect(last()).toMatchObject({ method: "getTask", request: { id: "urn:task:1" } });
    await get("/tasks/x%3Acancel");
    expect(last()).toMatchObject({ method: "getTask", request: { id: "x:cancel" } });
    const id = await newTask();
    await post(`/tasks/${id}/pushNotificationConfigs`, { taskId: "other", url: "https://h" });
    expect(last().request).toMatchObject({ taskId: id });
  });

  it("accepts application/json and snake_case query names; rejects other media types", async () => {
    const ok = await post("/message:send", msg("j"), { ...V, "Content-Type": "application/json" });
    expect(ok.status).toBe(200);
    await get("/tasks?page_size=7&context_id=c9");
    expect(last().request).toEqual({ pageSize: 7, contextId: "c9" });
    const bad = await post("/message:send", "x=1", {
      ...V,
      "Content-Type": "application/x-www-form-urlencoded",
    });
    expect(bad.status).toBe(400);
    const body = await bad.json();
    expect(body.error.status).toBe("INVALID_ARGUMENT");
    expect(body.error.details[0].reason).toBe("CONTENT_TYPE_NOT_SUPPORTED");
  });

  it("rejects invalid query values with 400 naming each field", async () => {
    const cases: [string, string[]][] = [
      ["/tasks?pageSize=abc", ["pageSize"]],
      ["/tasks?pageSize=0", ["pageSize"]],
      ["/tasks?pageSize=101&includeArtifacts=yes", ["pageSize", "includeArtifacts"]],
      ["/tasks?status=RUNNING", ["status"]],
      ["/tasks?statusTimestampAfter=yesterday", ["statusTimestampAfter"]],
      ["/tasks?historyLength=-1", ["historyLength"]],
      ["/tasks?pageSize=1&pageSize=2", ["pageSize"]],
      ["/tasks/x?historyLength=1.5", ["historyLength"]],
    ];
    for (const [path, fields] of cases) {
      const res = await get(path);
      expect(res.status, path).toBe(400);
      const body = await res.json();
      expect(body.error.status, path).toBe("INVALID_ARGUMENT");
      const violations = body.error.details.find((d: any) => d.fieldViolations).fieldViolations;
      const named = new Set(violations.map((v: { field: string }) => v.field));
      expect([...named].sort(), path).toEqual(fields.sort());
    }
    await get("/tasks?statusTimestampAfter=2025-01-01T00:00:00Z&A2A-Version=1.0&unknown=1");
    expect(last().request).toEqual({ statusTimestampAfter: "2025-01-01T00:00:00Z" });
  });

  it("answers unknown routes with a 404 Status body and wrong verbs with 405", async () => {
    for (const path of ["/nope", "/tasks/x/y", "/a/b/c/d/e/f", "/tasks/", "/message:sent"]) {
      const res = await post(path, {});
      expect(res.status, path).toBe(404);
      expect((await res.json()).error.status, path).toBe("NOT_FOUND");
    }
    const cases: [string, string, string][] = [
      ["GET", "/message:send", "POST"],
      ["DELETE", "/tasks", "GET"],
      ["GET", "/tasks/x:cancel", "POST"],
      ["PUT", "/acme/tasks/x/pushNotificationConfigs/c", "GET, DELETE"],
    ];
    for (const [method, path, allow] of cases) {
      const res = await fetch(`${base}${path}`, { method, headers: V });
      expect(res.status, `${method} ${path}`).toBe(405);
      expect(res.headers.get("allow")).toBe(allow);
      expect((await res.json()).error.code).toBe(405);
    }
  });

  it("maps typed errors to their HTTP status and Status body", async () => {
    const res = await get("/tasks/unknown-id");
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({
      error: {
        code: 404,
        status: "NOT_FOUND",
        message: "Task unknown-id not found",
        details: [
          {
            "@type": "type.googleapis.com/google.rpc.ErrorInfo",
            reason: "TASK_NOT_FOUND",
            domain: "a2a-protocol.org",
            metadata: { taskId: "unknown-id" },
          },
        ],
      },
    });
    const invalid = await post("/message:send", { message: { parts: "no" } });
    expect(invalid.status).toBe(400);
    const body = await invalid.json();
    const fields = body.error.details[1].fieldViolations.map((v: { field: string }) => v.field);
    expect(fields).toEqual(expect.arrayContaining(["message.messageId", "message.parts"]));
  });

  it("refuses requests without A2A-Version 1.0 (missing means 0.3)", async () => {
    const res = await fetch(`${base}/tasks`);
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.error.status).toBe("FAILED_PRECONDITION");
    expect(body.error.details[0]).toMatchObject({
      reason: "VERSION_NOT_SUPPORTED",
      metadata: { requestedVersion: "0.3", supportedVersions: "1.0" },
    });
    const viaQuery = await fetch(`${base}/tasks?A2A-Version=1.0`);
    expect(viaQuery.status).toBe(200);
  });
});
