import { type PushJob, pushQueueKey } from "@a2akit/server-core";
import { describePushOutboxContract } from "@a2akit/server-core/testing";
import { afterAll, describe, expect, it } from "vitest";
import { createRedisPushOutbox, createRedisStores, RedisPushOutbox } from "../src/index.js";
import { connect, dropPrefix, REDIS_URL, testPrefix } from "./support/redis.js";

const redis = connect();
const prefixes: string[] = [];
const opened: Array<{ close(): Promise<void> }> = [];

afterAll(async () => {
  for (const o of opened) await o.close();
  for (const p of prefixes) await dropPrefix(redis, p);
  await redis.quit();
});

function freshPrefix(): string {
  const prefix = testPrefix("outbox");
  prefixes.push(prefix);
  return prefix;
}

describePushOutboxContract(
  { describe, it },
  "RedisPushOutbox",
  (bounds) => {
    const prefix = freshPrefix();
    // Two handles on one prefix, each with its own wake-up connection: two instances.
    return {
      outbox: new RedisPushOutbox(redis, { prefix, ...bounds }),
      peer: new RedisPushOutbox(redis, { prefix, ...bounds }),
    };
  },
  { shared: true },
);

describePushOutboxContract({ describe, it }, "createRedisStores().pushOutbox", (bounds) => {
  const stores = createRedisStores({
    redis,
    prefix: freshPrefix(),
    sweepIntervalMs: 0,
    pushOutbox: bounds,
  });
  opened.push(stores);
  return { outbox: stores.pushOutbox };
});

let serial = 0;
function job(queue: string, seq: number): PushJob {
  return {
    id: `j${++serial}`,
    queue: pushQueueKey({ tenant: "", owner: "" }, "t1", queue),
    scope: { tenant: "", owner: "" },
    taskId: "t1",
    config: { id: queue, taskId: "t1", url: "https://hooks.example/x" },
    seq,
    event: {
      statusUpdate: { taskId: "t1", contextId: "c", status: { state: "TASK_STATE_WORKING" } },
    },
    createdAt: Date.now(),
    attempts: 0,
  };
}

async function until<T>(probe: () => Promise<T>, ok: (v: T) => boolean): Promise<T> {
  for (let i = 0; ; i++) {
    const v = await probe();
    if (ok(v) || i > 1000) return v;
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("RedisPushOutbox claims", () => {
  it("hands a dead instance's claimed job out again after the visibility timeout", async () => {
    const prefix = freshPrefix();
    // This one never renews within the test: it stands for an instance that stopped.
    const dead = new RedisPushOutbox(redis, { prefix, visibilityTimeoutMs: 300, renewMs: 600_000 });
    const alive = new RedisPushOutbox(redis, { prefix, visibilityTimeoutMs: 300 });
    opened.push(dead, alive);
    const [a, b] = [job("c", 1), job("c", 2)];
    await dead.enqueue(a);
    await dead.enqueue(b);
    expect((await dead.claim(5)).map((j) => j.id)).toEqual([a.id]);
    expect(await alive.claim(5)).toEqual([]);
    const again = await until(
      () => alive.claim(5),
      (jobs) => jobs.length > 0,
    );
    expect(again.map((j) => j.id)).toEqual([a.id]);
    // The stale instance's report no longer counts: the job stays with the one that holds it.
    await dead.complete(a);
    expect(await alive.claim(5)).toEqual([]);
    await alive.complete(again[0] as PushJob);
    expect((await alive.claim(5)).map((j) => j.id)).toEqual([b.id]);
  });

  it("keeps a claim while the job is being sent, however long that takes", async () => {
    const prefix = freshPrefix();
    const sender = new RedisPushOutbox(redis, { prefix, visibilityTimeoutMs: 200, renewMs: 50 });
    const other = new RedisPushOutbox(redis, { prefix, visibilityTimeoutMs: 200 });
    opened.push(sender, other);
    await sender.enqueue(job("slow", 1));
    const [claimed] = await sender.claim(1);
    // Several visibility timeouts pass while the claim is renewed.
    for (let i = 0; i < 10; i++) {
      await new Promise((r) => setTimeout(r, 100));
      expect(await other.claim(5)).toEqual([]);
    }
    await sender.complete(claimed as PushJob);
    expect(await redis.hlen(`{${prefix}}:outbox:claims`)).toBe(0);
  });

  it("gives claims back on close, so another instance sends them at once", async () => {
    const prefix = freshPrefix();
    const leaving = createRedisPushOutbox({ redis: REDIS_URL, prefix });
    const staying = createRedisPushOutbox({ redis, prefix });
    opened.push(staying);
    await leaving.enqueue(job("q", 1));
    const [claimed] = await leaving.claim(1);
    await leaving.close();
    expect((await staying.claim(1)).map((j) => j.id)).toEqual([claimed?.id]);
  });

  it("wakes a waiter when a retry falls due, without a wake-up message", async () => {
    const outbox = new RedisPushOutbox(redis, { prefix: freshPrefix(), pollIntervalMs: 60_000 });
    opened.push(outbox);
    await outbox.enqueue(job("r", 1));
    const [claimed] = await outbox.claim(1);
    await outbox.retry(claimed as PushJob, {
      attempts: 1,
      notBefore: Date.now() + 200,
      error: "HTTP 503",
    });
    const stop = new AbortController();
    // Each wait ends when the retry is due (or at once after a change); never at the poll.
    const again = await until(
      async () => {
        await outbox.wait(stop.signal);
        return outbox.claim(1);
      },
      (jobs) => jobs.length > 0,
    );
    expect(again.map((j) => [j.attempts, j.lastError])).toEqual([[1, "HTTP 503"]]);
  });

  it("survives a resent enqueue: a job id is queued once", async () => {
    const outbox = new RedisPushOutbox(redis, { prefix: freshPrefix() });
    opened.push(outbox);
    const a = job("dup", 1);
    expect(await outbox.enqueue(a)).toBe("queued");
    expect(await outbox.enqueue(a)).toBe("queued");
    const [claimed] = await outbox.claim(5);
    await outbox.complete(claimed as PushJob);
    expect(await outbox.claim(5)).toEqual([]);
  });

  it("refuses bad options with a clear error", () => {
    expect(() => new RedisPushOutbox(redis, { visibilityTimeoutMs: 0 })).toThrow(
      /visibilityTimeoutMs must be a number >= 1/,
    );
    expect(() => new RedisPushOutbox(redis, { prefix: "a{b}" })).toThrow(/prefix/);
  });
});
