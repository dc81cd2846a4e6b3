import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readSse } from "./http-helpers.js";
import { message03, rpc03, startV03Fixture, until, type V03Fixture } from "./v03-helpers.js";

const V1 = { "A2A-Version": "1.0", "Content-Type": "application/json" };

// One handler and one store behind both versions: a task belongs to no version.
describe("v0.3 and v1.0 clients on the same tasks", () => {
  let f: V03Fixture;
  let url: string;
  beforeAll(async () => {
    f = await startV03Fixture();
    url = f.server.url;
  });
  afterAll(() => f.close());

  const rpc1 = async (method: string, params: unknown) => {
    const res = await fetch(`${url}/rpc`, {
      method: "POST",
      headers: V1,
      body: JSON.stringify({ jsonrpc: "2.0", id: 2, method, params }),
    });
    return (await res.json()) as { result?: any; error?: any };
  };

  it("a v1.0 client cancels a v0.3 client's task; the v0.3 stream ends with final: true", async () => {
    const res = await rpc03(url, "message/stream", { message: message03("hold") });
    const reading = readSse(res);
    await until(() => f.waiting() >= 1);
    const listed = await rpc1("ListTasks", {});
    const task = listed.result.tasks.find((t: any) => t.status.state === "TASK_STATE_WORKING");
    // A v1.0 client reads and follows the v0.3 client's task, then cancels it.
    const read = await rpc1("GetTask", { id: task.id });
    expect(read.result).toMatchObject({ id: task.id, status: { state: "TASK_STATE_WORKING" } });
    expect(read.result.history[0].parts).toEqual([{ text: "hold" }]);
    const follow = await fetch(`${url}/rpc`, {
      method: "POST",
      headers: V1,
      body: JSON.stringify({
        jsonrpc: "2.0",
        id: 3,
        method: "SubscribeToTask",
        params: { id: task.id },
      }),
    });
    const following = readSse(follow);
    const canceled = await rpc1("CancelTask", { id: task.id });
    expect(canceled.result.status.state).toBe("TASK_STATE_CANCELED");
    const v1Events = (await following).events.map((e) => (e.data as { result: any }).result);
    expect(v1Events[0].task.id).toBe(task.id);
    expect(v1Events.at(-1).statusUpdate.status.state).toBe("TASK_STATE_CANCELED");
    expect(v1Events.every((e) => e.kind === undefined && e.final === undefined)).toBe(true);
    const results = (await reading).events.map((e) => (e.data as { result: any }).result);
    expect(results[0]).toMatchObject({ kind: "task", id: task.id });
    expect(results.at(-1)).toMatchObject({
      kind: "status-update",
      taskId: task.id,
      status: { state: "canceled" },
      final: true,
    });
    expect(results.filter((r) => r.final === true)).toHaveLength(1);
    expect(f.calls).toContain("sendStreamingMessage:0.3");
    expect(f.calls).toContain("cancelTask:1.0");
  });

  it("a v0.3 client reads, follows and cancels a v1.0 client's task", async () => {
    const sent = await rpc1("SendMessage", {
      message: { messageId: crypto.randomUUID(), role: "ROLE_USER", parts: [{ text: "hold" }] },
      configuration: { returnImmediately: true },
    });
    const id = sent.result.task.id;
    const got = await (await rpc03(url, "tasks/get", { id })).json();
    expect(got.result).toMatchObject({ kind: "task", id });
    expect(got.result.history[0].parts).toEqual([{ kind: "text", text: "hold" }]);
    const sub = await rpc03(url, "tasks/resubscribe", { id });
    const reading = readSse(sub);
    const canceled = await (await rpc03(url, "tasks/cancel", { id })).json();
    expect(canceled.result.status.state).toBe("canceled");
    const results = (await reading).events.map((e) => (e.data as { result: any }).result);
    expect(results.at(-1)).toMatchObject({ status: { state: "canceled" }, final: true });
    const after = await rpc1("GetTask", { id });
    expect(after.result.status.state).toBe("TASK_STATE_CANCELED");
  });

  it("a task completed over v0.3 reads the same over v1.0 REST", async () => {
    const done = await (await rpc03(url, "message/send", { message: message03("both") })).json();
    const res = await fetch(`${url}/rest/tasks/${done.result.id}`, { headers: V1 });
    const task = await res.json();
    expect(task.status.state).toBe("TASK_STATE_COMPLETED");
    expect(task.artifacts[0].parts).toEqual([{ text: "echo: both" }]);
    expect(task.contextId).toBe(done.result.contextId);
  });

  it("a v0.3 REST client's task is cancelled over v1.0 REST; its v0.3 REST stream ends final", async () => {
    const before = f.waiting();
    const res = await fetch(`${url}/rest/v1/message:stream`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({
        message: { messageId: crypto.randomUUID(), role: "ROLE_USER", content: [{ text: "hold" }] },
      }),
    });
    const reading = readSse(res);
    await until(() => f.waiting() > before);
    const listed = await (
      await fetch(`${url}/rest/tasks?status=TASK_STATE_WORKING`, { headers: V1 })
    ).json();
    const id = listed.tasks[0].id as string;
    const canceled = await fetch(`${url}/rest/tasks/${id}:cancel`, { method: "POST", headers: V1 });
    expect((await canceled.json()).status.state).toBe("TASK_STATE_CANCELED");
    const events = (await reading).events.map((e) => e.data as any);
    expect(events[0].task.id).toBe(id);
    expect(events.at(-1).statusUpdate).toMatchObject({
      taskId: id,
      status: { state: "TASK_STATE_CANCELLED" },
      final: true,
    });
  });

  it("push configs made over one version are read over the other", async () => {
    const sent = await rpc1("SendMessage", {
      message: { messageId: crypto.randomUUID(), role: "ROLE_USER", parts: [{ text: "hold" }] },
      configuration: { returnImmediately: true },
    });
    const taskId = sent.result.task.id;
    await rpc03(url, "tasks/pushNotificationConfig/set", {
      taskId,
      pushNotificationConfig: { id: "old", url: "https://hooks.example.com/old" },
    });
    await rpc1("CreateTaskPushNotificationConfig", {
      taskId,
      id: "new",
      url: "https://hooks.example.com/new",
    });
    const v1List = await rpc1("ListTaskPushNotificationConfigs", { taskId });
    expect(v1List.result.configs.map((c: { id: string }) => c.id).sort()).toEqual(["new", "old"]);
    const v03List = await (
      await rpc03(url, "tasks/pushNotificationConfig/list", { id: taskId })
    ).json();
    expect(v03List.result.map((c: any) => c.pushNotificationConfig.id).sort()).toEqual([
      "new",
      "old",
    ]);
    await rpc1("CancelTask", { id: taskId });
  });
});
