import { describe, expect, it } from "vitest";
import { createMemoryStores, MemoryQueueStore, QueueGapError } from "../src/index.js";
import {
  describePushConfigStoreContract,
  describeQueueStoreContract,
  describeTaskStoreContract,
} from "../src/testing/index.js";

describeTaskStoreContract({ describe, it }, "memory", () => {
  let clock = 0;
  const stores = createMemoryStores({ now: () => clock, terminalTtlMs: 1000 });
  return {
    store: stores.taskStore,
    expireTerminal: () => {
      clock += 1001;
      stores.sweep();
    },
  };
});
describeQueueStoreContract({ describe, it }, "memory", () => ({ store: new MemoryQueueStore() }));
describePushConfigStoreContract({ describe, it }, "memory", () => ({
  store: createMemoryStores().pushConfigStore,
}));

const scope = { tenant: "", owner: "" };
const event = { message: { messageId: "m", role: "ROLE_AGENT" as const, parts: [{ text: "x" }] } };

describe("memory stores: bounds", () => {
  it("evicts the oldest terminal tasks beyond the count limit, with their logs and configs", async () => {
    const stores = createMemoryStores({ maxTerminalTasks: 2 });
    for (const id of ["a", "b", "c"]) {
      await stores.taskStore.create(scope, {
        id,
        status: { state: "TASK_STATE_COMPLETED", timestamp: new Date().toISOString() },
      });
      await stores.pushConfigStore.set(scope, { id: "p", taskId: id, url: "https://x/hook" });
      await stores.queueStore.append(scope, id, 1, event);
    }
    expect(await stores.taskStore.get(scope, "a")).toBeUndefined();
    expect(await stores.taskStore.get(scope, "c")).toBeDefined();
    expect(await stores.pushConfigStore.get(scope, "a", "p")).toBeUndefined();
    expect(stores.taskStore.size).toBe(2);
    expect(stores.pushConfigStore.size).toBe(2);
    expect(stores.queueStore.stats().logs).toBe(2);
  });

  it("trims what every reader has passed, keeping a short tail", async () => {
    const queue = new MemoryQueueStore({ tail: 4 });
    const seen: number[] = [];
    const reading = (async () => {
      for await (const e of queue.read(scope, "t", 1)) seen.push(e.seq);
    })();
    for (let seq = 1; seq <= 100; seq++) await queue.append(scope, "t", seq, event);
    await queue.end(scope, "t");
    await reading;
    expect(seen).toHaveLength(100);
    // Ended and no readers left: only a tombstone remains.
    expect(queue.stats().entries).toBe(0);
  });

  it("bounds a log with no readers to its tail, and reports a gap to a late reader", async () => {
    const queue = new MemoryQueueStore({ tail: 4, maxEntries: 8 });
    for (let seq = 1; seq <= 20; seq++) await queue.append(scope, "t", seq, event);
    expect(queue.stats().entries).toBeLessThanOrEqual(8);
    const late = (async () => {
      for await (const _ of queue.read(scope, "t", 1)) {
        // no-op
      }
    })();
    await expect(late).rejects.toBeInstanceOf(QueueGapError);
  });
});
