import {
  createPushDeliveries,
  createRequestHandler,
  defineAgent,
  type PushJob,
  pushQueueKey,
  type TaskScope,
} from "@a2akit/server-core";
import type { AgentCard } from "@a2akit/types";
import { afterAll, describe, expect, it } from "vitest";
import { createRedisStores, RedisPushOutbox, type RedisStores } from "../src/index.js";
import { connect, dropPrefix, testPrefix } from "./support/redis.js";
import { startWebhook } from "./support/webhook.js";

const redis = connect();
const prefixes: string[] = [];
const opened: Array<{ close(): Promise<void> }> = [];

afterAll(async () => {
  for (const o of opened) await o.close();
  for (const p of prefixes) await dropPrefix(redis, p);
  await redis.quit();
});

function freshPrefix(): string {
  const prefix = testPrefix("push-resume");
  prefixes.push(prefix);
  return prefix;
}

const SCOPE: TaskScope = { tenant: "acme", owner: "alice" };

/** A job for one event of task t1's log, with the id the handler's log readers give it. */
function logJob(config: string, seq: number): PushJob {
  const queue = pushQueueKey(SCOPE, "t1", config);
  return {
    id: `${queue}#${seq}`,
    queue,
    scope: SCOPE,
    taskId: "t1",
    config: { id: config, taskId: "t1", url: "https://hooks.example/x" },
    seq,
    event: {
      statusUpdate: { taskId: "t1", contextId: "c", status: { state: "TASK_STATE_WORKING" } },
    },
    createdAt: Date.now(),
    attempts: 0,
  };
}

/** Claims and completes everything ready; returns the seqs sent, in order. */
async function drain(outbox: RedisPushOutbox): Promise<number[]> {
  const sent: number[] = [];
  for (;;) {
    const jobs = await outbox.claim(10);
    if (jobs.length === 0) return sent;
    for (const j of jobs) {
      sent.push(j.seq);
      await outbox.complete(j);
    }
  }
}

describe("RedisPushOutbox with two readers of one task's log", () => {
  it("queues each event once and in log order, also after earlier ones were sent", async () => {
    const prefix = freshPrefix();
    const a = new RedisPushOutbox(redis, { prefix });
    const b = new RedisPushOutbox(redis, { prefix });
    opened.push(a, b);
    // The original reader queues 1 and 2; they are sent and leave the outbox.
    await a.enqueue(logJob("c1", 1));
    await a.enqueue(logJob("c1", 2));
    expect(await drain(a)).toEqual([1, 2]);
    // A resumed reader on another instance starts one event back, the original goes on: the
    // stale offers of 2 and 3 are taken as queued, not sent again or out of order.
    expect(await b.enqueue(logJob("c1", 2))).toBe("queued");
    await a.enqueue(logJob("c1", 3));
    expect(await b.enqueue(logJob("c1", 3))).toBe("queued");
    await b.enqueue(logJob("c1", 4));
    expect(await a.enqueue(logJob("c1", 4))).toBe("queued");
    expect(await drain(b)).toEqual([3, 4]);
    // Another config of the same task keeps its own order.
    await a.enqueue(logJob("c2", 2));
    expect(await drain(a)).toEqual([2]);
  });

  it("leaves jobs with ids of their own alone", async () => {
    const prefix = freshPrefix();
    const outbox = new RedisPushOutbox(redis, { prefix });
    opened.push(outbox);
    await outbox.enqueue(logJob("c1", 5));
    // PushDeliveries.enqueue without an id: a random one, queued whatever its seq.
    await outbox.enqueue({ ...logJob("c1", 1), id: "custom-1" });
    expect(await drain(outbox)).toEqual([5, 1]);
  });

  it("forgets the last queued event after the dedupe window", async () => {
    const prefix = freshPrefix();
    const outbox = new RedisPushOutbox(redis, { prefix, dedupeWindowMs: 50 });
    opened.push(outbox);
    await outbox.enqueue(logJob("c1", 1));
    expect(await drain(outbox)).toEqual([1]);
    const last = `{${prefix}}:outbox:last:${pushQueueKey(SCOPE, "t1", "c1")}`;
    expect(await redis.get(last)).toBe("1");
    const ttl = await redis.pttl(last);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(50);
  });

  it("refuses a dedupe window below 1 ms, naming the option", () => {
    expect(() => new RedisPushOutbox(redis, { prefix: freshPrefix(), dedupeWindowMs: 0 })).toThrow(
      /dedupeWindowMs/,
    );
  });
});

describe("RedisPushConfigStore cursors", () => {
  async function storesWithTask(): Promise<{ stores: RedisStores; prefix: string }> {
    const prefix = freshPrefix();
    const stores = createRedisStores({ redis, prefix, sweepIntervalMs: 0 });
    opened.push(stores);
    await stores.taskStore.create(SCOPE, {
      id: "t1",
      contextId: "c",
      status: { state: "TASK_STATE_WORKING" },
    });
    await stores.pushConfigStore.set(SCOPE, { id: "c1", taskId: "t1", url: "https://h.example/" });
    return { stores, prefix };
  }

  it("go with the task when it is deleted", async () => {
    const { stores, prefix } = await storesWithTask();
    await stores.pushConfigStore.advanceCursor(SCOPE, "t1", "c1", 4);
    expect(await stores.pushConfigStore.getCursor(SCOPE, "t1", "c1")).toBe(4);
    expect(await redis.keys(`{${prefix}}:pushcur:*`)).toHaveLength(1);
    await stores.taskStore.delete(SCOPE, "t1");
    expect(await redis.keys(`{${prefix}}:pushcur:*`)).toEqual([]);
    expect(await stores.pushConfigStore.getCursor(SCOPE, "t1", "c1")).toBeUndefined();
  });

  it("tell watchers of the tasks whose instance stopped", async () => {
    const prefix = freshPrefix();
    const stores = createRedisStores({ redis, prefix, sweepIntervalMs: 0, leaseMs: 50 });
    opened.push(stores);
    const heard: Array<[TaskScope, string]> = [];
    const unwatch = stores.pushConfigStore.watchWrites((scope, taskId) => {
      heard.push([scope, taskId]);
    });
    await stores.taskStore.create(SCOPE, {
      id: "t1",
      contextId: "c",
      status: { state: "TASK_STATE_WORKING" },
    });
    // An execution lease nobody renews: the instance holding it stopped.
    await redis.zadd(`{${prefix}}:leases`, 0, "4:acme5:alice:t1");
    expect((await stores.sweep()).orphaned).toBe(1);
    expect(heard).toEqual([[SCOPE, "t1"]]);

    // A task that ended just before its instance stopped (its lease never given back) is
    // reported too: its last events may not have been queued for push yet.
    await stores.taskStore.create(SCOPE, {
      id: "t2",
      contextId: "c",
      status: { state: "TASK_STATE_COMPLETED" },
    });
    await redis.zadd(`{${prefix}}:leases`, 0, "4:acme5:alice:t2");
    expect((await stores.sweep()).orphaned).toBe(0);
    expect(heard).toEqual([
      [SCOPE, "t1"],
      [SCOPE, "t2"],
    ]);
    expect(await redis.zcard(`{${prefix}}:leases`)).toBe(0);
    unwatch();
    await stores.sweep();
    expect(heard).toHaveLength(2);
  });

  it("flag a task whose latest event no reader queued, until its cursors catch up", async () => {
    const prefix = freshPrefix();
    const stores = createRedisStores({ redis, prefix, sweepIntervalMs: 0, leaseMs: 50 });
    opened.push(stores);
    const heard: string[] = [];
    const unwatch = stores.pushConfigStore.watchWrites((_scope, taskId) => {
      heard.push(taskId);
    });
    const pending = () => redis.zrange(`{${prefix}}:pushpending`, 0, -1);
    const event = {
      statusUpdate: { taskId: "t1", contextId: "c", status: { state: "TASK_STATE_WORKING" } },
    } as const;
    await stores.taskStore.create(SCOPE, {
      id: "t1",
      contextId: "c",
      status: { state: "TASK_STATE_WORKING" },
    });
    // No config yet: appending flags nothing.
    await stores.queueStore.append(SCOPE, "t1", 2, event);
    expect(await pending()).toEqual([]);
    await stores.pushConfigStore.set(SCOPE, { id: "c1", taskId: "t1", url: "https://h.example/" });
    await stores.pushConfigStore.advanceCursor(SCOPE, "t1", "c1", 2);
    await stores.queueStore.append(SCOPE, "t1", 3, event);
    expect(await pending()).toEqual(["4:acme5:alice:t1"]);
    // The reader queues it: caught up.
    await stores.pushConfigStore.advanceCursor(SCOPE, "t1", "c1", 3);
    expect(await pending()).toEqual([]);

    // Then an event nobody queues: once it is older than a lease, the sweep reports the task.
    await stores.queueStore.append(SCOPE, "t1", 4, event);
    await new Promise((r) => setTimeout(r, 120));
    expect((await stores.sweep()).pushStalled).toBe(1);
    expect(heard).toEqual(["t1"]);
    await stores.pushConfigStore.advanceCursor(SCOPE, "t1", "c1", 4);
    expect(await pending()).toEqual([]);
    await new Promise((r) => setTimeout(r, 120));
    expect((await stores.sweep()).pushStalled).toBe(0);
    expect(heard).toEqual(["t1"]);
    unwatch();
  });

  it("stop flagging a task whose configs are gone", async () => {
    const prefix = freshPrefix();
    const stores = createRedisStores({ redis, prefix, sweepIntervalMs: 0, leaseMs: 50 });
    opened.push(stores);
    await stores.pushConfigStore.set(SCOPE, { id: "c1", taskId: "t1", url: "https://h.example/" });
    await stores.pushConfigStore.advanceCursor(SCOPE, "t1", "c1", 1);
    await stores.queueStore.append(SCOPE, "t1", 2, {
      statusUpdate: { taskId: "t1", contextId: "c", status: { state: "TASK_STATE_WORKING" } },
    });
    await stores.pushConfigStore.delete(SCOPE, "t1", "c1");
    await new Promise((r) => setTimeout(r, 120));
    expect((await stores.sweep()).pushStalled).toBe(0);
    expect(await redis.zcard(`{${prefix}}:pushpending`)).toBe(0);
  });
});

describe("a handler on Redis stores", () => {
  it("pushes an event its writer never queued, once the sweeper finds it stalled", async () => {
    const prefix = freshPrefix();
    const hook = await startWebhook();
    opened.push({ close: () => hook.close() });
    // The instance that wrote the event and died before its reader queued it: stores only.
    const writer = createRedisStores({ redis, prefix, sweepIntervalMs: 0 });
    opened.push(writer);
    const card: AgentCard = {
      name: "Push test agent",
      description: "Resumes push delivery",
      version: "1.0.0",
      supportedInterfaces: [
        { url: "http://agent.test/rpc", protocolBinding: "JSONRPC", protocolVersion: "1.0" },
      ],
      capabilities: { pushNotifications: true },
      defaultInputModes: ["text/plain"],
      defaultOutputModes: ["text/plain"],
      skills: [],
    };
    const stores = createRedisStores({ redis, prefix, leaseMs: 100, sweepIntervalMs: 50 });
    const handler = createRequestHandler({
      agentCard: card,
      executor: defineAgent(async () => undefined),
      ...stores,
      pushDeliveries: createPushDeliveries({
        outbox: stores.pushOutbox,
        urlPolicy: { allowHosts: [`127.0.0.1:${hook.port}`] },
      }),
    });
    opened.push({
      close: async () => {
        await handler.close();
        await stores.close();
      },
    });

    const created = await writer.taskStore.create(SCOPE, {
      id: "t1",
      contextId: "c",
      status: { state: "TASK_STATE_WORKING" },
    });
    const url = `http://127.0.0.1:${hook.port}/hook`;
    await writer.pushConfigStore.set(SCOPE, { id: "c1", taskId: "t1", url });
    // Registered at version 1: delivery starts with seq 2.
    await writer.pushConfigStore.advanceCursor(SCOPE, "t1", "c1", created.version);
    const status = { state: "TASK_STATE_COMPLETED" as const, timestamp: new Date().toISOString() };
    const done = await writer.taskStore.update(SCOPE, { ...created.task, status }, created.version);
    await writer.queueStore.append(SCOPE, "t1", done.version, {
      statusUpdate: { taskId: "t1", contextId: "c", status },
    });
    await writer.queueStore.end(SCOPE, "t1");

    await hook.until((all) => all.length === 1);
    const body = JSON.parse(hook.received[0]?.body ?? "{}");
    expect(body.statusUpdate.status.state).toBe("TASK_STATE_COMPLETED");
    expect(hook.received[0]?.path).toBe("/hook");
    for (let i = 0; i < 100 && (await redis.zcard(`{${prefix}}:pushpending`)) > 0; i++) {
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(await redis.zcard(`{${prefix}}:pushpending`)).toBe(0);
    expect(await stores.pushConfigStore.getCursor(SCOPE, "t1", "c1")).toBe(done.version);
    // Further sweeps find nothing more to send.
    await new Promise((r) => setTimeout(r, 300));
    expect(hook.received).toHaveLength(1);
  });
});
