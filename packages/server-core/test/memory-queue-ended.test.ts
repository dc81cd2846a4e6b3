import { describe, expect, it } from "vitest";
import { createMemoryStores, MemoryQueueStore, QueueGapError } from "../src/index.js";

const scope = { tenant: "", owner: "" };
const event = (n: number) => ({
  message: { messageId: `m${n}`, role: "ROLE_AGENT" as const, parts: [{ text: String(n) }] },
});

async function readAll(queue: MemoryQueueStore, taskId: string, from: number): Promise<number[]> {
  const seen: number[] = [];
  for await (const e of queue.read(scope, taskId, from)) seen.push(e.seq);
  return seen;
}

const done = (id: string) => ({
  id,
  contextId: "c",
  status: { state: "TASK_STATE_COMPLETED" as const, timestamp: new Date().toISOString() },
});

describe("memory queue store: ended logs nobody reads", () => {
  it("still answers late readers and refuses appends after it ended", async () => {
    const queue = new MemoryQueueStore();
    for (let seq = 1; seq <= 3; seq++) await queue.append(scope, "t", seq, event(seq));
    await queue.end(scope, "t");
    expect(queue.stats()).toEqual({ logs: 1, entries: 0 });
    // What was trimmed is a gap; reading after the last seq ends at once.
    await expect(readAll(queue, "t", 1)).rejects.toBeInstanceOf(QueueGapError);
    expect(await readAll(queue, "t", 4)).toEqual([]);
    await expect(queue.append(scope, "t", 4, event(4))).rejects.toThrow("has ended");
    await queue.end(scope, "t");
    expect(queue.stats()).toEqual({ logs: 1, entries: 0 });
    await queue.delete(scope, "t");
    expect(queue.stats()).toEqual({ logs: 0, entries: 0 });
  });

  it("keeps the log whole while a reader is on it, and retires it when the reader leaves", async () => {
    const queue = new MemoryQueueStore();
    await queue.append(scope, "t", 1, event(1));
    const reading = readAll(queue, "t", 1);
    await queue.append(scope, "t", 2, event(2));
    await queue.end(scope, "t");
    expect(await reading).toEqual([1, 2]);
    expect(queue.stats()).toEqual({ logs: 1, entries: 0 });
    await expect(readAll(queue, "t", 2)).rejects.toBeInstanceOf(QueueGapError);
  });
});

describe("memory stores: ended logs of finished tasks", () => {
  it("answer late readers until the task is evicted, then are gone with it", async () => {
    const { taskStore, queueStore } = createMemoryStores({ maxTerminalTasks: 1 });
    await taskStore.create(scope, done("t"));
    for (let seq = 1; seq <= 2; seq++) await queueStore.append(scope, "t", seq, event(seq));
    await queueStore.end(scope, "t");
    expect(queueStore.stats()).toEqual({ logs: 1, entries: 0 });
    await expect(readAll(queueStore, "t", 2)).rejects.toBeInstanceOf(QueueGapError);
    expect(await readAll(queueStore, "t", 3)).toEqual([]);
    await expect(queueStore.append(scope, "t", 3, event(3))).rejects.toThrow("has ended");
    // A late reader leaves it as it found it.
    expect(queueStore.stats()).toEqual({ logs: 1, entries: 0 });
    await taskStore.create(scope, done("u"));
    expect(await taskStore.get(scope, "t")).toBeUndefined();
    expect(queueStore.stats()).toEqual({ logs: 0, entries: 0 });
  });

  it("keeps a deleted task's log ended, and keeps scopes apart", async () => {
    const { taskStore, queueStore } = createMemoryStores();
    const bob = { tenant: "", owner: "bob" };
    await taskStore.create(scope, done("t"));
    await queueStore.append(scope, "t", 1, event(1));
    await queueStore.end(scope, "t");
    // Another owner's task of the same id has a log of its own, still open.
    await queueStore.append(bob, "t", 1, event(1));
    expect(await taskStore.delete(scope, "t")).toBe(true);
    expect(queueStore.stats().logs).toBe(2);
    await expect(readAll(queueStore, "t", 1)).rejects.toBeInstanceOf(QueueGapError);
    await expect(queueStore.append(scope, "t", 2, event(2))).rejects.toThrow("has ended");
    await queueStore.delete(scope, "t");
    await queueStore.delete(bob, "t");
    expect(queueStore.stats()).toEqual({ logs: 0, entries: 0 });
  });

  it("keeps the end of a log whose task it does not know", async () => {
    const { queueStore } = createMemoryStores();
    await queueStore.append(scope, "x", 5, event(5));
    await queueStore.end(scope, "x");
    expect(queueStore.stats()).toEqual({ logs: 1, entries: 0 });
    expect(await readAll(queueStore, "x", 6)).toEqual([]);
    await expect(readAll(queueStore, "x", 5)).rejects.toBeInstanceOf(QueueGapError);
  });
});
