import type { Task } from "@a2akit/types";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { INSTANCE_STOPPED_TEXT } from "../src/index.js";
import { getTask, message, rpc } from "./support/a2a.js";
import { type Instance, startInstance } from "./support/instances.js";
import { connect, dropPrefix, REDIS_URL, testPrefix } from "./support/redis.js";
import { type Received, startWebhook } from "./support/webhook.js";

// Two (or three) agent processes on one Redis, a real webhook, and processes that die with
// SIGKILL: push delivery of a task must go on wherever the task's next events are written.

const prefix = testPrefix("push-failover");
const redis = connect();
const running: Instance[] = [];
const cleanups: Array<() => Promise<void>> = [];

afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
  await Promise.all(running.splice(0).map((i) => i.stop()));
});

afterAll(async () => {
  await dropPrefix(redis, prefix);
  await redis.quit();
});

/** Pushes retried quickly; a dead instance's claim on a job runs out after a second. */
const PUSH = { PUSH_BACKOFF_MS: "50", PUSH_VISIBILITY_MS: "1000" };

async function instance(env: Record<string, string>): Promise<Instance> {
  const i = await startInstance(REDIS_URL, prefix, { ...PUSH, ...env });
  running.push(i);
  return i;
}

async function webhook(options: Parameters<typeof startWebhook>[0] = {}) {
  const hook = await startWebhook(options);
  cleanups.push(() => hook.close());
  return hook;
}

async function until(what: string, probe: () => Promise<boolean> | boolean): Promise<void> {
  for (let i = 0; i < 1_200; i++) {
    if (await probe()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`gave up waiting until ${what}`);
}

/** Jobs waiting in the outbox, over every config's queue. */
async function queuedJobs(): Promise<number> {
  let n = 0;
  for (const q of await redis.keys(`{${prefix}}:outbox:q:*`)) n += await redis.llen(q);
  return n;
}

/** A push body in short: the state of a status update, or the id of an artifact. */
function describeBody(body: string): string {
  const e = JSON.parse(body) as {
    statusUpdate?: { status: { state: string } };
    artifactUpdate?: { artifact: { artifactId: string } };
    task?: { status: { state: string } };
  };
  return (
    e.statusUpdate?.status.state ??
    e.artifactUpdate?.artifact.artifactId ??
    `task ${e.task?.status.state}`
  );
}

/** What arrived, in order, with a repeat of the request just before collapsed (a resend). */
function distinct(received: readonly Received[]): string[] {
  const out: string[] = [];
  let last: string | undefined;
  for (const r of received) {
    if (r.body !== last) out.push(describeBody(r.body));
    last = r.body;
  }
  return out;
}

/** Starts `text` on `url` with a push config for `hookUrl`, returning at once. */
async function startWithPush(url: string, text: string, hookUrl: string, contextId?: string) {
  const sent = await rpc<{ task: Task }>(url, "SendMessage", {
    ...message(text, contextId ? { contextId } : {}),
    configuration: { returnImmediately: true, taskPushNotificationConfig: { url: hookUrl } },
  });
  return sent.task;
}

describe("push delivery when the instance following a task dies", () => {
  it("a task failed by B's sweeper after A was killed: every event up to the kill, then FAILED", async () => {
    // A holds the execution lease; only B sweeps. The webhook holds the first POST open, so
    // A dies with that delivery in flight (the one event at-least-once may repeat).
    const a = await instance({ LEASE_MS: "3000", SWEEP_MS: "0" });
    await instance({ LEASE_MS: "3000", SWEEP_MS: "200" });
    const hook = await webhook({ hold: (held) => held < 2 });
    const contextId = crypto.randomUUID();
    await redis.set(`${prefix}:gate:${contextId}`, "1", "EX", 600);
    // Three artifacts, then the executor waits for a gate that never opens: still WORKING.
    const task = await startWithPush(
      a.url,
      "chunks 3",
      `http://127.0.0.1:${hook.port}/hook`,
      contextId,
    );
    await until("A has written the artifacts", async () => {
      return (await getTask(a.url, task.id)).artifacts?.length === 3;
    });
    await until("A's follower queued every event", async () => (await queuedJobs()) === 4);
    await hook.until((all) => all.length === 1);

    await a.kill();

    await hook.until((all) => all.some((r) => describeBody(r.body) === "TASK_STATE_FAILED"));
    await until("the outbox is empty", async () => (await queuedJobs()) === 0);
    const expected = ["TASK_STATE_WORKING", "a0", "a1", "a2", "TASK_STATE_FAILED"];
    expect(distinct(hook.received)).toEqual(expected);
    // At most the POST that was in flight when A died arrives twice.
    expect(hook.received.length).toBeLessThanOrEqual(expected.length + 1);
    expect(hook.received.slice(1).map((r) => describeBody(r.body))).toEqual(expected);
    const failed = JSON.parse(hook.received[hook.received.length - 1]?.body ?? "{}");
    expect(failed.statusUpdate.taskId).toBe(task.id);
    expect(failed.statusUpdate.status.message.parts[0].text).toBe(INSTANCE_STOPPED_TEXT);
  });

  it("a task of a restarted A, cancelled through B: the webhook gets CANCELED", async () => {
    // Long leases: the sweeper leaves the task alone, so only the cancel ends it.
    const env = { LEASE_MS: "60000", SWEEP_MS: "200" };
    const a = await instance(env);
    const b = await instance(env);
    const hook = await webhook();
    const task = await startWithPush(a.url, "hang", `http://127.0.0.1:${hook.port}/hook`);
    await hook.until((all) => all.length === 1);
    await until("the outbox is empty", async () => (await queuedJobs()) === 0);

    // A restarts: its follower of the task is gone, the task still WORKING in Redis.
    await a.kill();
    await instance(env);
    expect((await getTask(b.url, task.id)).status.state).toBe("TASK_STATE_WORKING");

    const canceled = await rpc<Task>(b.url, "CancelTask", { id: task.id });
    expect(canceled.status.state).toBe("TASK_STATE_CANCELED");
    await hook.until((all) => all.length === 2);
    await until("the outbox is empty", async () => (await queuedJobs()) === 0);
    expect(hook.received.map((r) => describeBody(r.body))).toEqual([
      "TASK_STATE_WORKING",
      "TASK_STATE_CANCELED",
    ]);
  });

  it("a cancel through B while A still follows the task is pushed once", async () => {
    const env = { LEASE_MS: "60000", SWEEP_MS: "200" };
    const a = await instance(env);
    const b = await instance(env);
    const hook = await webhook();
    const task = await startWithPush(a.url, "hang", `http://127.0.0.1:${hook.port}/hook`);
    await hook.until((all) => all.length === 1);

    // B resumes a follower next to A's: both read the CANCELED event, the outbox takes it once.
    await rpc<Task>(b.url, "CancelTask", { id: task.id });
    await until("A's executor stopped", async () => {
      return (await redis.exists(`${prefix}:aborted:${task.id}`)) === 1;
    });
    await hook.until((all) => all.length >= 2);
    await until("the outbox is empty", async () => (await queuedJobs()) === 0);
    // The config's cursor reaches the end of the log; a moment more for the other follower.
    const [taskKey] = await redis.keys(`{${prefix}}:task:*${task.id}`);
    const [cursorKey] = await redis.keys(`{${prefix}}:pushcur:*${task.id}`);
    const version = await redis.hget(taskKey as string, "v");
    await until("the cursor is at the end", async () => {
      return Object.values(await redis.hgetall(cursorKey as string)).includes(version as string);
    });
    await new Promise((r) => setTimeout(r, 300));
    expect(hook.received.map((r) => describeBody(r.body))).toEqual([
      "TASK_STATE_WORKING",
      "TASK_STATE_CANCELED",
    ]);
  });
});
