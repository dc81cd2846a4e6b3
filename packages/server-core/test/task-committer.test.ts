import { type StreamResponse, textOf, textPart } from "@a2akit/types";
import { describe, expect, it } from "vitest";
import {
  createMemoryStores,
  createRequestHandler,
  defineAgent,
  type QueueStore,
  type TaskCommitter,
  type TaskStore,
} from "../src/index.js";
import { call, card, collect, send } from "./support/fixtures.js";

/**
 * Memory stores whose task store offers a committer for its own queue store, as a database
 * holding both would. Within one process running each commit to its end before the next one
 * starts is atomic enough; the calls are counted so the test can see which path the handler took.
 */
function committingStores() {
  const memory = createMemoryStores();
  const calls = { commit: 0, update: 0, append: 0, end: 0 };
  let tail: Promise<unknown> = Promise.resolve();
  const committer: TaskCommitter = {
    commit(scope, task, expectedVersion, event) {
      calls.commit++;
      const run = tail.then(async () => {
        const stored = await memory.taskStore.update(scope, task, expectedVersion);
        if (event) await memory.queueStore.append(scope, task.id, stored.version, event);
        if (stored.task.status.state === "TASK_STATE_COMPLETED") {
          await memory.queueStore.end(scope, task.id);
        }
        return stored;
      });
      tail = run.catch(() => undefined);
      return run;
    },
  };
  const queueStore: QueueStore = Object.assign(Object.create(memory.queueStore), {
    append: (...args: Parameters<QueueStore["append"]>) => {
      calls.append++;
      return memory.queueStore.append(...args);
    },
    end: (...args: Parameters<QueueStore["end"]>) => {
      calls.end++;
      return memory.queueStore.end(...args);
    },
  });
  const taskStore: TaskStore = Object.assign(Object.create(memory.taskStore), {
    update: (...args: Parameters<TaskStore["update"]>) => {
      calls.update++;
      return memory.taskStore.update(...args);
    },
    committerFor: (q: QueueStore) => (q === queueStore ? committer : undefined),
  });
  return { taskStore, queueStore, pushConfigStore: memory.pushConfigStore, calls };
}

function kind(e: StreamResponse): string {
  if (e.task) return `task:${e.task.status.state}`;
  if (e.statusUpdate) return `status:${e.statusUpdate.status.state}`;
  if (e.artifactUpdate) return `artifact:${textOf(e.artifactUpdate.artifact)}`;
  return "message";
}

const executor = defineAgent(async (_c, t) => {
  await t.working();
  await t.artifact({ parts: [textPart("a")] });
  await t.artifact({ parts: [textPart("b")] });
  await t.complete();
});

describe("a task store that offers a committer", () => {
  it("gets every write of the handler, snapshot and event together", async () => {
    const { calls, ...stores } = committingStores();
    const handler = createRequestHandler({ agentCard: card(), executor, ...stores });
    const events = await collect(await handler.sendStreamingMessage(send("x"), call()));
    expect(events.map(kind)).toEqual([
      "task:TASK_STATE_SUBMITTED",
      "status:TASK_STATE_WORKING",
      "artifact:a",
      "artifact:b",
      "status:TASK_STATE_COMPLETED",
    ]);
    expect(calls).toEqual({ commit: 4, update: 0, append: 0, end: 0 });
    await handler.close();
  });

  it("is not used for a queue store it did not offer one for", async () => {
    const { calls, ...stores } = committingStores();
    const other = createMemoryStores().queueStore;
    const handler = createRequestHandler({
      agentCard: card(),
      executor,
      ...stores,
      queueStore: other,
    });
    const events = await collect(await handler.sendStreamingMessage(send("x"), call()));
    expect(events.map(kind)).toHaveLength(5);
    expect(calls.commit).toBe(0);
    expect(calls.update).toBe(4);
    await handler.close();
  });
});
