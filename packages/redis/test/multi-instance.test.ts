import type { StreamResponse, Task } from "@a2akit/types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { INSTANCE_STOPPED_TEXT } from "../src/index.js";
import { artifactIds, getTask, message, rpc, stateOf, stream } from "./support/a2a.js";
import { type Instance, startInstance } from "./support/instances.js";
import { connect, dropPrefix, REDIS_URL, testPrefix } from "./support/redis.js";

const prefix = testPrefix("multi");
const redis = connect();
let a: Instance;
let b: Instance;

beforeAll(async () => {
  // A and B sweep often; the instance that dies in the last test has a short lease.
  const env = { LEASE_MS: "10000", SWEEP_MS: "200" };
  [a, b] = await Promise.all([
    startInstance(REDIS_URL, prefix, env),
    startInstance(REDIS_URL, prefix, env),
  ]);
});

afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  await dropPrefix(redis, prefix);
  await redis.quit();
});

/** Sends `text` on `url` and returns the new task at once (returnImmediately). */
async function start(url: string, text: string): Promise<Task> {
  const sent = await rpc<{ task: Task }>(url, "SendMessage", {
    ...message(text),
    configuration: { returnImmediately: true },
  });
  return sent.task;
}

describe("several instances on one Redis", () => {
  it("sends on A, subscribes on B and gets every event once", async () => {
    const task = await start(a.url, "chunks 5");
    const items: StreamResponse[] = [];
    let opened = false;
    for await (const item of stream(b.url, "SubscribeToTask", { id: task.id })) {
      items.push(item);
      if (!opened) {
        opened = true;
        await redis.set(`${prefix}:gate:${task.contextId}`, "1", "EX", 600);
        await redis.set(`${prefix}:gate2:${task.contextId}`, "1", "EX", 600);
      }
    }
    const ids = items.flatMap(artifactIds);
    expect(ids).toEqual(Array.from({ length: 10 }, (_, i) => `a${i}`));
    expect(stateOf(items[items.length - 1] as StreamResponse)).toBe("TASK_STATE_COMPLETED");
    const final = await getTask(b.url, task.id);
    expect(final.artifacts?.map((x) => x.artifactId)).toEqual(ids);
  });

  it("streams on A while B cancels: the stream ends CANCELED and A's executor stops", async () => {
    const items = stream(a.url, "SendStreamingMessage", message("hang"));
    const first = (await items.next()).value as StreamResponse;
    const taskId = (first.task?.id ?? first.statusUpdate?.taskId) as string;
    const canceled = await rpc<Task>(b.url, "CancelTask", { id: taskId });
    expect(canceled.status.state).toBe("TASK_STATE_CANCELED");
    const rest: StreamResponse[] = [];
    for await (const item of items) rest.push(item);
    expect(stateOf(rest[rest.length - 1] as StreamResponse)).toBe("TASK_STATE_CANCELED");
    // The executor on A heard the signal: it marks its abort in Redis.
    for (let i = 0; i < 500 && !(await redis.exists(`${prefix}:aborted:${taskId}`)); i++) {
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(await redis.exists(`${prefix}:aborted:${taskId}`)).toBe(1);
  });

  it("answers a blocking SendMessage on A with CANCELED when B cancels the task", async () => {
    const contextId = crypto.randomUUID();
    const answer = rpc<{ task: Task }>(a.url, "SendMessage", message("hang", { contextId }));
    let taskId: string | undefined;
    for (let i = 0; i < 500 && !taskId; i++) {
      const page = await rpc<{ tasks: Task[] }>(b.url, "ListTasks", { contextId });
      taskId = page.tasks.find((t) => t.status.state === "TASK_STATE_WORKING")?.id;
      if (!taskId) await new Promise((r) => setTimeout(r, 20));
    }
    if (!taskId) throw new Error("the task never reached WORKING");
    await rpc<Task>(b.url, "CancelTask", { id: taskId });
    const { task } = await answer;
    expect(task.id).toBe(taskId);
    expect(task.status.state).toBe("TASK_STATE_CANCELED");
  });

  it("lists on B the tasks created on A, and shares push configs", async () => {
    const contextId = crypto.randomUUID();
    const created: string[] = [];
    for (let i = 0; i < 3; i++) {
      const sent = await rpc<{ task: Task }>(a.url, "SendMessage", {
        ...message("chunks 1", { contextId }),
        configuration: { returnImmediately: true },
      });
      created.push(sent.task.id);
    }
    const list = await rpc<{ tasks: Task[]; totalSize: number }>(b.url, "ListTasks", {
      contextId,
    });
    expect(list.totalSize).toBe(3);
    expect(list.tasks.map((t) => t.id).sort()).toEqual([...created].sort());

    const taskId = created[0] as string;
    await rpc(a.url, "CreateTaskPushNotificationConfig", {
      taskId,
      id: "hook",
      url: "https://hooks.test/a2a",
    });
    const configs = await rpc<{ configs: { id: string; url: string }[] }>(
      b.url,
      "ListTaskPushNotificationConfigs",
      { taskId },
    );
    expect(configs.configs).toEqual([
      expect.objectContaining({ id: "hook", url: "https://hooks.test/a2a" }),
    ]);
    for (const id of created) await rpc(b.url, "CancelTask", { id });
  });

  it("fails a task whose instance died, and B's subscriber sees it end", async () => {
    const victim = await startInstance(REDIS_URL, prefix, { LEASE_MS: "1500", SWEEP_MS: "200" });
    const task = await start(victim.url, "hang");
    const items = stream(b.url, "SubscribeToTask", { id: task.id });
    const first = (await items.next()).value as StreamResponse;
    expect(stateOf(first)).toMatch(/SUBMITTED|WORKING/);
    await victim.kill();
    const rest: StreamResponse[] = [];
    for await (const item of items) rest.push(item);
    const last = rest[rest.length - 1] as StreamResponse;
    expect(stateOf(last)).toBe("TASK_STATE_FAILED");
    expect(last.statusUpdate?.status.message?.parts[0]?.text).toBe(INSTANCE_STOPPED_TEXT);
    const final = await getTask(a.url, task.id);
    expect(final.status.state).toBe("TASK_STATE_FAILED");
    expect(await redis.zscore(`{${prefix}}:leases`, `0:0::${task.id}`)).toBeNull();
  });
});
