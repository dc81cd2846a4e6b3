import type { StreamResponse, Task } from "@a2akit/types";
import { describe, expect, it } from "vitest";
import {
  createMemoryStores,
  defineAgent,
  MemoryQueueStore,
  MemoryTaskStore,
} from "../src/index.js";
import { immediateCommitter } from "../src/stores/immediate.js";
import { call, card, collect, send, setup } from "./support/fixtures.js";

const SCOPE = { tenant: "", owner: "" };

function task(state: Task["status"]["state"]): Task {
  return { id: "t1", contextId: "c1", status: { state, timestamp: "2025-01-01T00:00:00.000Z" } };
}

const status = (state: Task["status"]["state"]): StreamResponse => ({
  statusUpdate: { taskId: "t1", contextId: "c1", status: { state } },
});

describe("memory stores' immediate writes", () => {
  it("write the snapshot, its event and the end of the log in one step", async () => {
    const stores = createMemoryStores();
    const now = immediateCommitter(stores.taskStore, stores.queueStore);
    expect(now).toBeDefined();
    now?.createNow(SCOPE, task("TASK_STATE_SUBMITTED"));
    const reading = collect(stores.queueStore.read(SCOPE, "t1", 2));
    now?.commitNow(SCOPE, task("TASK_STATE_WORKING"), 1, status("TASK_STATE_WORKING"));
    const stored = now?.commitNow(
      SCOPE,
      task("TASK_STATE_COMPLETED"),
      2,
      status("TASK_STATE_COMPLETED"),
    );
    expect(stored?.version).toBe(3);
    // The terminal write ended the log: the reader finishes with both events.
    const entries = await reading;
    expect(entries.map((e) => [e.seq, e.event.statusUpdate?.status.state])).toEqual([
      [2, "TASK_STATE_WORKING"],
      [3, "TASK_STATE_COMPLETED"],
    ]);
    expect((await stores.taskStore.get(SCOPE, "t1"))?.task.status.state).toBe(
      "TASK_STATE_COMPLETED",
    );
  });

  it("write nothing when the version is stale or the log refuses the event", async () => {
    const stores = createMemoryStores();
    const now = immediateCommitter(stores.taskStore, stores.queueStore);
    now?.createNow(SCOPE, task("TASK_STATE_SUBMITTED"));
    expect(() => now?.commitNow(SCOPE, task("TASK_STATE_WORKING"), 7, undefined)).toThrow(
      /changed since version 7/,
    );
    // An event the log cannot take (it was ended out of band) leaves the snapshot as it was.
    await stores.queueStore.end(SCOPE, "t1");
    expect(() =>
      now?.commitNow(SCOPE, task("TASK_STATE_WORKING"), 1, status("TASK_STATE_WORKING")),
    ).toThrow(/has ended/);
    const stored = await stores.taskStore.get(SCOPE, "t1");
    expect(stored?.version).toBe(1);
    expect(stored?.task.status.state).toBe("TASK_STATE_SUBMITTED");
  });

  it("are not offered by subclasses, whose own writes must run", () => {
    class Counting extends MemoryTaskStore {}
    class CountingLog extends MemoryQueueStore {}
    expect(immediateCommitter(new Counting(), new MemoryQueueStore())).toBeUndefined();
    expect(immediateCommitter(new MemoryTaskStore(), new CountingLog())).toBeUndefined();
  });

  it("still give a stream every event of an agent that never waits between writes", async () => {
    const { handler } = setup({
      agentCard: card({ streaming: true }),
      executor: defineAgent(async (_ctx, t) => {
        await t.working();
        for (let i = 0; i < 100; i++) {
          await t.artifact({ artifactId: "a", append: i > 0, parts: [{ text: `${i}` }] });
        }
        await t.complete();
      }),
    });
    const events = await collect(await handler.sendStreamingMessage(send("go"), call()));
    expect(events[0]?.task?.status.state).toBe("TASK_STATE_SUBMITTED");
    expect(events.filter((e) => e.artifactUpdate)).toHaveLength(100);
    expect(events.at(-1)?.statusUpdate?.status.state).toBe("TASK_STATE_COMPLETED");
  });
});
