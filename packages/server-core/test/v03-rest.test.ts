import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createA2AFetchHandler } from "../src/index.js";
import { FakeHandler } from "./http-fake-handler.js";
import { readSse } from "./http-helpers.js";
import { AUTH, startV03Fixture, until, type V03Fixture, v03TestCard } from "./v03-helpers.js";
import { loadProto, protoProblems } from "./v03-proto-check.js";

// The v0.3 proto: its messages are the bodies of the v0.3 HTTP+JSON binding.
const proto = loadProto(new URL("./fixtures/v03-a2a.proto", import.meta.url));

function fits(type: string, value: unknown): void {
  expect(protoProblems(proto, type, value), `${type}: ${JSON.stringify(value)}`).toEqual([]);
}

const JSON_BODY = { "Content-Type": "application/json" };

/** A v0.3 proto user message. */
function protoMessage(text: string, extra: Record<string, unknown> = {}) {
  return { messageId: crypto.randomUUID(), role: "ROLE_USER", content: [{ text }], ...extra };
}

describe("the proto checker", () => {
  it("refuses the JSON-RPC shapes, so a pass means ProtoJSON", () => {
    const jsonRpcTask = {
      kind: "task",
      id: "t",
      contextId: "c",
      status: { state: "canceled" },
      history: [{ kind: "message", role: "user", messageId: "m", parts: [] }],
    };
    expect(protoProblems(proto, "Task", jsonRpcTask)).toEqual([
      "$.kind: Task has no such field",
      '$.status.state: "canceled" is not a TaskState (TASK_STATE_UNSPECIFIED, TASK_STATE_SUBMITTED, TASK_STATE_WORKING, TASK_STATE_COMPLETED, TASK_STATE_FAILED, TASK_STATE_CANCELLED, TASK_STATE_INPUT_REQUIRED, TASK_STATE_REJECTED, TASK_STATE_AUTH_REQUIRED)',
      "$.history[0].kind: Message has no such field",
      '$.history[0].role: "user" is not a Role (ROLE_UNSPECIFIED, ROLE_USER, ROLE_AGENT)',
      "$.history[0].parts: Message has no such field",
    ]);
    expect(protoProblems(proto, "StreamResponse", { task: {}, message: {} })).toEqual([
      "$.message: oneof payload already set by task",
    ]);
  });
});

describe("v0.3 HTTP+JSON under {restPath}/v1", () => {
  let f: V03Fixture;
  let rest: string;
  beforeAll(async () => {
    f = await startV03Fixture();
    rest = `${f.server.url}/rest/v1`;
  });
  afterAll(() => f.close());

  const post = (path: string, body?: unknown, headers: Record<string, string> = {}) =>
    fetch(`${rest}${path}`, {
      method: "POST",
      headers: { ...JSON_BODY, ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });

  it("sends a message and answers SendMessageResponse with the task, run as 0.3", async () => {
    f.calls.length = 0;
    const request = { message: protoMessage("hi"), configuration: { blocking: true } };
    fits("SendMessageRequest", request);
    const res = await post("/message:send", request);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/json");
    const body = await res.json();
    fits("SendMessageResponse", body);
    expect(body.task.status.state).toBe("TASK_STATE_COMPLETED");
    expect(body.task.artifacts[0].parts).toEqual([{ text: "echo: hi" }]);
    expect(body.task.history[0]).toMatchObject({ role: "ROLE_USER", content: [{ text: "hi" }] });
    expect(f.calls).toEqual(["sendMessage:0.3"]);

    const chat = await (await post("/message:send", { message: protoMessage("chat") })).json();
    fits("SendMessageResponse", chat);
    expect(chat.message).toMatchObject({
      role: "ROLE_AGENT",
      content: [{ text: "hello from the agent" }],
    });
  });

  it("carries files and data parts both ways", async () => {
    const res = await post("/message:send", {
      message: protoMessage("files", {
        content: [
          { text: "files" },
          { file: { fileWithBytes: "aGVsbG8=", mimeType: "text/plain" } },
          { file: { fileWithUri: "https://example.com/a.png", mimeType: "image/png" } },
          { data: { data: { answer: 42 } } },
        ],
      }),
    });
    const body = await res.json();
    fits("SendMessageResponse", body);
    expect(body.task.history[0].content).toEqual([
      { text: "files" },
      { file: { fileWithBytes: "aGVsbG8=", mimeType: "text/plain" } },
      { file: { fileWithUri: "https://example.com/a.png", mimeType: "image/png" } },
      { data: { data: { answer: 42 } } },
    ]);
  });

  it("streams StreamResponse events; the last status update says final", async () => {
    const res = await post("/message:stream", { message: protoMessage("go") });
    expect(res.headers.get("content-type")).toBe("text/event-stream");
    const { events } = await readSse(res);
    for (const e of events) fits("StreamResponse", e.data);
    const data = events.map((e) => e.data as Record<string, any>);
    expect(data.map((d) => Object.keys(d)[0])).toEqual([
      "task",
      "statusUpdate",
      "artifactUpdate",
      "statusUpdate",
    ]);
    expect(data[1]?.statusUpdate.final).toBe(false);
    expect(data[3]?.statusUpdate).toMatchObject({
      status: { state: "TASK_STATE_COMPLETED" },
      final: true,
    });
  });

  it("gets, subscribes to and cancels a task", async () => {
    const started = await (
      await post("/message:send", {
        message: protoMessage("hold"),
        // proto3 has no "absent" for a bool: a configuration without `blocking` does not block.
        configuration: { acceptedOutputModes: ["text/plain"] },
      })
    ).json();
    const id = started.task.id as string;
    expect(started.task.status.state).toMatch(/TASK_STATE_(SUBMITTED|WORKING)/);
    const got = await fetch(`${rest}/tasks/${id}?historyLength=1`);
    expect(got.status).toBe(200);
    const task = await got.json();
    fits("Task", task);
    expect(task).toMatchObject({ id, history: [{ role: "ROLE_USER" }] });

    // The specification's table says POST; the v0.3 proto's route says GET. Both follow.
    const sub = await post(`/tasks/${id}:subscribe`);
    expect(sub.headers.get("content-type")).toBe("text/event-stream");
    const viaGet = await fetch(`${rest}/tasks/${id}:subscribe`);
    expect(viaGet.headers.get("content-type")).toBe("text/event-stream");
    const readings = [readSse(sub), readSse(viaGet)];
    await until(() => f.waiting() >= 1);
    const canceled = await post(`/tasks/${id}:cancel`, { name: `tasks/${id}` });
    expect(canceled.status).toBe(200);
    const body = await canceled.json();
    fits("Task", body);
    expect(body.status.state).toBe("TASK_STATE_CANCELLED");
    for (const reading of readings) {
      const { events } = await reading;
      for (const e of events) fits("StreamResponse", e.data);
      const data = events.map((e) => e.data as Record<string, any>);
      expect(data[0]?.task.id).toBe(id);
      expect(data.at(-1)?.statusUpdate).toMatchObject({
        status: { state: "TASK_STATE_CANCELLED" },
        final: true,
      });
    }
    // A finished task has nothing to follow.
    const ended = await fetch(`${rest}/tasks/${id}:subscribe`);
    expect(ended.status).toBe(400);
    expect(await ended.json()).toMatchObject({ code: -32004 });
  });

  it("creates, gets, lists and deletes push configs", async () => {
    const sent = await (await post("/message:send", { message: protoMessage("for push") })).json();
    const taskId = sent.task.id as string;
    const config = {
      name: `tasks/${taskId}/pushNotificationConfigs/hook`,
      pushNotificationConfig: {
        id: "hook",
        url: "https://hooks.example.com/a2a",
        token: "tok",
        authentication: { schemes: ["Bearer"], credentials: "cred" },
      },
    };
    fits("TaskPushNotificationConfig", config);
    const created = await post(`/tasks/${taskId}/pushNotificationConfigs`, config);
    expect(created.status).toBe(201);
    const body = await created.json();
    fits("TaskPushNotificationConfig", body);
    expect(body).toEqual(config);

    // The whole CreateTaskPushNotificationConfigRequest is read too.
    const wrapped = await post(`/tasks/${taskId}/pushNotificationConfigs`, {
      parent: `tasks/${taskId}`,
      configId: "second",
      config: { pushNotificationConfig: { url: "https://hooks.example.com/2" } },
    });
    expect(wrapped.status).toBe(201);
    expect((await wrapped.json()).name).toBe(`tasks/${taskId}/pushNotificationConfigs/second`);

    const got = await fetch(`${rest}/tasks/${taskId}/pushNotificationConfigs/hook`);
    const gotBody = await got.json();
    fits("TaskPushNotificationConfig", gotBody);
    expect(gotBody).toEqual(config);
    const list = await (await fetch(`${rest}/tasks/${taskId}/pushNotificationConfigs`)).json();
    fits("ListTaskPushNotificationConfigResponse", list);
    expect(list.configs.map((c: { name: string }) => c.name).sort()).toEqual([
      config.name,
      `tasks/${taskId}/pushNotificationConfigs/second`,
    ]);
    const del = await fetch(`${rest}/tasks/${taskId}/pushNotificationConfigs/hook`, {
      method: "DELETE",
    });
    expect(del.status).toBe(204);
    const after = await (await fetch(`${rest}/tasks/${taskId}/pushNotificationConfigs`)).json();
    expect(after.configs).toHaveLength(1);
  });

  it("serves the extended card at /v1/card to authenticated callers", async () => {
    const anonymous = await fetch(`${rest}/card`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get("www-authenticate")).toBe("Bearer");
    const res = await fetch(`${rest}/card`, { headers: AUTH });
    expect(res.status).toBe(200);
    const card = await res.json();
    fits("AgentCard", card);
    expect(card).toMatchObject({
      protocolVersion: "0.3.0",
      url: `${f.server.url}/rpc`,
      preferredTransport: "JSONRPC",
      additionalInterfaces: [
        { url: `${f.server.url}/rpc`, transport: "JSONRPC" },
        { url: `${f.server.url}/rest`, transport: "HTTP+JSON" },
      ],
      supportsAuthenticatedExtendedCard: true,
    });
    expect(card.skills.map((s: { id: string }) => s.id)).toEqual(["echo", "secret"]);
  });

  it("answers errors with their HTTP status and the v0.3 error object, and keeps serving", async () => {
    const missing = await fetch(`${rest}/tasks/nope`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ code: -32001 });

    const badRole = await post("/message:send", { message: protoMessage("x", { role: "robot" }) });
    expect(badRole.status).toBe(400);
    const badRoleBody = await badRole.json();
    expect(badRoleBody.code).toBe(-32602);
    expect(badRoleBody.message).toContain("message.role");

    // Bad fields are named as the REST body names them.
    const noParts = await post("/message:send", { message: protoMessage("x", { content: [] }) });
    expect(noParts.status).toBe(400);
    expect((await noParts.json()).message).toContain(
      "message.content: must contain at least one part",
    );

    const garbage = await fetch(`${rest}/message:send`, {
      method: "POST",
      headers: JSON_BODY,
      body: "{nope",
    });
    expect(garbage.status).toBe(400);
    expect((await garbage.json()).code).toBe(-32700);

    const badHistory = await fetch(`${rest}/tasks/x?historyLength=lots`);
    expect(badHistory.status).toBe(400);
    expect((await badHistory.json()).message).toContain("historyLength");

    const wrongVerb = await fetch(`${rest}/message:send`);
    expect(wrongVerb.status).toBe(405);
    expect(wrongVerb.headers.get("allow")).toBe("POST");

    const list = await fetch(`${rest}/tasks`);
    expect(list.status).toBe(400);
    expect(await list.json()).toMatchObject({ code: -32004 });

    const ok = await post("/message:send", { message: protoMessage("still here") });
    expect((await ok.json()).task.status.state).toBe("TASK_STATE_COMPLETED");
  });

  it("leaves /rest/v1/... to v1.0 when the request says A2A-Version: 1.0", async () => {
    // For v1.0, `v1` is a tenant: `/rest/v1/tasks/x` is GetTask in tenant v1.
    const v1 = await fetch(`${rest}/tasks/nope`, { headers: { "A2A-Version": "1.0" } });
    expect(v1.status).toBe(404);
    const body = await v1.json();
    expect(body.error.status).toBe("NOT_FOUND");
    const card = await fetch(`${rest}/card`, { headers: { "A2A-Version": "1.0" } });
    expect(card.status).toBe(404);
  });

  it("lets held executions finish", async () => {
    f.release();
  });
});

describe("v03: false on both bindings", () => {
  const base = "http://agent.test";
  const a2a = createA2AFetchHandler({ handler: new FakeHandler(v03TestCard(base)), v03: false });

  it("answers v0.3 REST paths with VersionNotSupported", async () => {
    for (const [method, path] of [
      ["POST", "/rest/v1/message:send"],
      ["GET", "/rest/v1/tasks/t1"],
      ["GET", "/rest/v1/card"],
    ] as const) {
      const res = await a2a.fetch(
        new Request(`${base}${path}`, {
          method,
          headers: JSON_BODY,
          ...(method === "POST" ? { body: JSON.stringify({ message: protoMessage("x") }) } : {}),
        }),
      );
      const body = await res.json();
      expect(body.error.details[0], path).toMatchObject({ reason: "VERSION_NOT_SUPPORTED" });
    }
  });

  it("answers v0.3 JSON-RPC with VersionNotSupported", async () => {
    const res = await a2a.fetch(
      new Request(`${base}/rpc`, {
        method: "POST",
        headers: JSON_BODY,
        body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "message/send", params: {} }),
      }),
    );
    expect((await res.json()).error.code).toBe(-32009);
  });
});
