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

describe("RedisPushOutbox dead letters", () => {
  it("are replayed from another instance than the one that gave up", async () => {
    const prefix = freshPrefix();
    const a = new RedisPushOutbox(redis, { prefix });
    const b = new RedisPushOutbox(redis, { prefix });
    opened.push(a, b);
    await a.enqueue(job("d", 1));
    const [claimed] = await a.claim(1);
    await a.retry(claimed as PushJob, { attempts: 1, notBefore: 0, error: "HTTP 503" });
    const [again] = await a.claim(1);
    await a.deadLetter({ ...(again as PushJob), attempts: 2 }, "gave up after 2 attempts");
    const [dead] = await b.deadLetters();
    expect(dead).toMatchObject({ reason: "gave up after 2 attempts", job: { attempts: 2 } });
    expect(dead?.job.lastError).toBe("HTTP 503");
    expect(await b.replay(dead?.job.id as string)).toBe(true);
    const [replayed] = await a.claim(1);
    expect(replayed?.id).toBe(dead?.job.id);
    expect(replayed?.attempts).toBe(0);
    expect(replayed?.lastError).toBeUndefined();
  });

  it("keeps a dead letter whose queue is full, and replays it once there is room", async () => {
    const prefix = freshPrefix();
    const outbox = new RedisPushOutbox(redis, { prefix, maxQueuedPerConfig: 1 });
    opened.push(outbox);
    const refused = job("f", 2);
    await outbox.enqueue(job("f", 1));
    expect(await outbox.enqueue(refused)).toBe("full");
    await outbox.deadLetter(refused, "queue full");
    expect(await outbox.replay(refused.id)).toBe(false);
    expect((await outbox.deadLetters()).map((d) => d.job.id)).toEqual([refused.id]);
    const [head] = await outbox.claim(1);
    await outbox.complete(head as PushJob);
    expect(await outbox.replay(refused.id)).toBe(true);
    expect((await outbox.claim(1)).map((j) => j.seq)).toEqual([2]);
  });
});
