import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  BINDINGS,
  type ConformanceServer,
  kinds,
  startConformanceServer,
  userMessage,
} from "./support/conformance.js";

/**
 * CHECKLIST §1: the eleven operations with the real engine on both bindings: result shapes (only
 * SendMessage is wrapped), REST success statuses, Delete's empty result, ListTasks' four
 * REQUIRED fields, and StreamResponse's one-member rule.
 */

let server: ConformanceServer;
beforeAll(async () => {
  server = await startConformanceServer();
});
afterAll(() => server.close());

describe.each(BINDINGS)("§1 operations over %s", (binding) => {
  const wire = () => server.wire(binding).with({ Authorization: "Bearer alice" });

  it("SendMessage wraps its result as {task} or {message}; nothing else is wrapped", async () => {
    const sent = await wire().call("SendMessage", userMessage("hello"));
    expect(sent.httpStatus).toBe(200);
    expect(Object.keys(sent.result)).toEqual(["task"]);
    const task = sent.result.task;
    expect(task.status.state).toBe("TASK_STATE_COMPLETED");
    const reply = await wire().ok("SendMessage", userMessage("reply"));
    expect(Object.keys(reply)).toEqual(["message"]);
    expect(reply.message.role).toBe("ROLE_AGENT");
    expect(reply.message.parts).toEqual([{ text: "a plain answer" }]);

    const got = await wire().call("GetTask", { id: task.id });
    expect(got.httpStatus).toBe(200);
    expect(got.result.id).toBe(task.id);
    expect(got.result).not.toHaveProperty("task");
    expect(got.result.status.state).toBe("TASK_STATE_COMPLETED");
  });

  it("CancelTask answers the bare Task", async () => {
    const { task } = await wire().ok("SendMessage", userMessage("ask"));
    const r = await wire().call("CancelTask", { id: task.id });
    expect(r.httpStatus).toBe(200);
    expect(r.result.id).toBe(task.id);
    expect(r.result.status.state).toBe("TASK_STATE_CANCELED");
  });

  it("ListTasks always carries tasks, nextPageToken, pageSize and totalSize", async () => {
    const empty = await wire().ok("ListTasks", { contextId: "no-such-context" });
    expect(empty).toEqual({ tasks: [], nextPageToken: "", pageSize: 50, totalSize: 0 });
    const { task } = await wire().ok("SendMessage", userMessage("listed"));
    const one = await wire().ok("ListTasks", { contextId: task.contextId });
    expect(Object.keys(one).sort()).toEqual(["nextPageToken", "pageSize", "tasks", "totalSize"]);
    expect(one.tasks.map((t: { id: string }) => t.id)).toEqual([task.id]);
  });

  it("push config operations: Create answers the config with id and taskId, Delete nothing", async () => {
    const { task } = await wire().ok("SendMessage", userMessage("ask"));
    const created = await wire().call("CreateTaskPushNotificationConfig", {
      taskId: task.id,
      url: "https://hooks.example/x",
      token: "secret",
    });
    expect(created.httpStatus).toBe(binding === "JSONRPC" ? 200 : 201);
    const config = created.result;
    expect(config).toMatchObject({ taskId: task.id, url: "https://hooks.example/x" });
    expect(typeof config.id).toBe("string");
    expect(config.id).not.toBe("");

    const got = await wire().call("GetTaskPushNotificationConfig", {
      taskId: task.id,
      id: config.id,
    });
    expect(got.httpStatus).toBe(200);
    expect(got.result).toEqual(config);

    const list = await wire().call("ListTaskPushNotificationConfigs", { taskId: task.id });
    expect(list.httpStatus).toBe(200);
    // Plain proto3 fields (not REQUIRED, unlike ListTasksResponse): an empty token is omitted.
    expect(list.result).toEqual({ configs: [config] });

    const deleted = await wire().call("DeleteTaskPushNotificationConfig", {
      taskId: task.id,
      id: config.id,
    });
    expect(deleted.error).toBeUndefined();
    if (binding === "JSONRPC") {
      expect(deleted.httpStatus).toBe(200);
      expect(deleted.body).toHaveProperty("result", null);
    } else {
      expect(deleted.httpStatus).toBe(204);
      expect(deleted.body).toBeUndefined();
    }
    const after = await wire().ok("ListTaskPushNotificationConfigs", { taskId: task.id });
    expect(after).toEqual({});
  });

  it("GetExtendedAgentCard answers an AgentCard (JSON-RPC: params may be absent)", async () => {
    const card = await wire().ok("GetExtendedAgentCard");
    expect(card.name).toBe("Conformance");
    expect(card.description).toBe("extended for alice");
    expect(card.supportedInterfaces.length).toBeGreaterThan(0);
  });

  it("both streaming operations answer StreamResponses with exactly one member each", async () => {
    const sent = await wire().open("SendStreamingMessage", userMessage("streamed"));
    const events = await sent.all();
    expect(kinds(events)).toEqual(["task", "statusUpdate", "artifactUpdate", "statusUpdate"]);
    const { task } = await wire().ok("SendMessage", userMessage("ask"));
    const sub = await wire().open("SubscribeToTask", { id: task.id });
    const first = await sub.next();
    expect(kinds([first!])).toEqual(["task"]);
    sub.close();
  });
});

describe("§1 HTTP+JSON routes", () => {
  const rest = (path: string, init: RequestInit = {}) =>
    fetch(`${server.url}/rest${path}`, {
      ...init,
      headers: { "A2A-Version": "1.0", "Content-Type": "application/a2a+json", ...init.headers },
    });

  it("path parameters beat the same fields in the body", async () => {
    const wire = server.wire("HTTP+JSON");
    const { task } = await wire.ok("SendMessage", userMessage("ask"));
    const other = (await wire.ok("SendMessage", userMessage("ask"))).task;
    const created = await rest(`/tasks/${task.id}/pushNotificationConfigs`, {
      method: "POST",
      body: JSON.stringify({ taskId: other.id, url: "https://hooks.example/p" }),
    });
    expect(created.status).toBe(201);
    expect((await created.json()).taskId).toBe(task.id);
    expect(await wire.ok("ListTaskPushNotificationConfigs", { taskId: other.id })).toEqual({});
    const canceled = await rest(`/tasks/${task.id}:cancel`, {
      method: "POST",
      body: JSON.stringify({ id: other.id }),
    });
    expect((await canceled.json()).id).toBe(task.id);
    expect((await wire.ok("GetTask", { id: other.id })).status.state).toBe(
      "TASK_STATE_INPUT_REQUIRED",
    );
  });

  it("SubscribeToTask answers GET as well as POST", async () => {
    const { task } = await server.wire("HTTP+JSON").ok("SendMessage", userMessage("ask"));
    for (const method of ["GET", "POST"]) {
      const res = await rest(`/tasks/${task.id}:subscribe`, { method });
      expect(res.status, method).toBe(200);
      expect(res.headers.get("content-type")).toBe("text/event-stream");
      await res.body?.cancel();
    }
  });
});
