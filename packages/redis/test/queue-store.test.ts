import type { QueueEntry, TaskScope } from "@a2akit/server-core";
import type { StreamResponse, Task } from "@a2akit/types";
import { afterAll, describe, expect, it } from "vitest";
import { createRedisStores, QueueAppendError } from "../src/index.js";
import { Keys, parseRef } from "../src/keys.js";
import { connect, dropPrefix, testPrefix } from "./support/redis.js";

const prefix = testPrefix("queue");
const redis = connect();
const stores = createRedisStores({ redis, prefix, sweepIntervalMs: 0, maxLogEntries: 5 });
const SCOPE: TaskScope = { tenant: "t", owner: "o" };

afterAll(async () => {
  await stores.close();
  await dropPrefix(redis, prefix);
  await redis.quit();
});

const event = (n: number): StreamResponse => ({
  statusUpdate: {
    taskId: "x",
    contextId: "c",
    status: { state: "TASK_STATE_WORKING" },
    metadata: { n },
  },
});

async function drain(iterable: AsyncIterable<QueueEntry>): Promise<number[]> {
  const seqs: number[] = [];
  for await (const e of iterable) seqs.push(e.seq);
  return seqs;
}

describe("RedisQueueStore", () => {
  it("tails 100 logs at once through one poller, each reader getting its own entries", async () => {
    const q = stores.queueStore;
    const ids = Array.from({ length: 100 }, (_, i) => `many-${i}`);
    const readers = ids.map((id) => drain(q.read(SCOPE, id, 1)));
    // Readers join while the poller is blocked: each join interrupts and widens its XREAD.
    for (const id of ids) await q.append(SCOPE, id, 1, event(1));
    for (const id of ids) await q.append(SCOPE, id, 2, event(2));
    for (const id of ids) await q.end(SCOPE, id);
    for (const seqs of await Promise.all(readers)) expect(seqs).toEqual([1, 2]);
  });

  it("refuses out-of-order and post-end appends with a typed error", async () => {
    const q = stores.queueStore;
    await q.append(SCOPE, "strict", 4, event(4));
    const order = await q.append(SCOPE, "strict", 4, event(4)).catch((e: unknown) => e);
    expect(order).toBeInstanceOf(QueueAppendError);
    expect(order).toMatchObject({ code: "order", lastSeq: 4 });
    await q.end(SCOPE, "strict");
    const ended = await q.append(SCOPE, "strict", 5, event(5)).catch((e: unknown) => e);
    expect(ended).toMatchObject({ code: "ended" });
    await expect(q.append(SCOPE, "strict", 0, event(0))).rejects.toBeInstanceOf(QueueAppendError);
  });

  it("refuses a commit whose event is not after the log's last entry, writing nothing", async () => {
    const committer = stores.taskStore.committerFor(stores.queueStore);
    if (!committer) throw new Error("the Redis task store offers a committer for its queue store");
    const task = (version: number): Task => ({
      id: "commit-order",
      contextId: "c",
      status: { state: "TASK_STATE_WORKING", timestamp: `2026-01-01T00:00:0${version}.000Z` },
    });
    await stores.taskStore.create(SCOPE, { ...task(1), status: { state: "TASK_STATE_SUBMITTED" } });
    // Another writer got seq 5 into the log first.
    await stores.queueStore.append(SCOPE, "commit-order", 5, event(5));
    const refused = await committer.commit(SCOPE, task(2), 1, event(2)).catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: "order", lastSeq: 5 });
    const stored = await stores.taskStore.get(SCOPE, "commit-order");
    expect(stored?.version).toBe(1);
    expect(stored?.task.status.state).toBe("TASK_STATE_SUBMITTED");
    // Nor did its event land: the log still holds the other writer's entry alone.
    await stores.queueStore.end(SCOPE, "commit-order");
    expect(await drain(stores.queueStore.read(SCOPE, "commit-order", 1))).toEqual([5]);
  });

  it("trims long logs and tells a reader that fell behind", async () => {
    const q = stores.queueStore;
    for (let seq = 1; seq <= 8; seq++) await q.append(SCOPE, "long", seq, event(seq));
    await expect(drain(q.read(SCOPE, "long", 2))).rejects.toMatchObject({ name: "QueueGapError" });
    await q.end(SCOPE, "long");
    expect(await drain(q.read(SCOPE, "long", 4))).toEqual([4, 5, 6, 7, 8]);
  });

  it("finishes readers of a dropped log", async () => {
    const q = stores.queueStore;
    await q.append(SCOPE, "dropped", 1, event(1));
    const reading = drain(q.read(SCOPE, "dropped", 1));
    await q.delete(SCOPE, "dropped");
    expect(await reading).toEqual([1]);
  });
});

describe("keys", () => {
  it("keeps every scope and task apart and reads refs back", () => {
    const keys = new Keys("p");
    const a = keys.ref({ tenant: "a", owner: "b/c" }, "d");
    const b = keys.ref({ tenant: "a", owner: "b" }, "c/d");
    expect(a).not.toBe(b);
    expect(parseRef(a)).toEqual({ scope: { tenant: "a", owner: "b/c" }, taskId: "d" });
    expect(parseRef(keys.ref({ tenant: "", owner: "" }, "x:y"))).toEqual({
      scope: { tenant: "", owner: "" },
      taskId: "x:y",
    });
    expect(() => new Keys("bad{tag}")).toThrow(TypeError);
    expect(keys.task(a).startsWith("{p}:")).toBe(true);
  });
});
