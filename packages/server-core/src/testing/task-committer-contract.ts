import type { StreamResponse, Task, TaskState } from "@a2akit/types";
import type { QueueEntry, QueueStore } from "../stores/queue-store.js";
import type { TaskScope } from "../stores/scope.js";
import {
  ConflictError,
  type StoredTask,
  type TaskCommitter,
  type TaskStore,
} from "../stores/task-store.js";
import { assert, assertEqual, assertRejects, type TestApi } from "./assert.js";

/** What a TaskCommitter contract run gets from its factory: a task store and its log. */
export interface TaskCommitterHarness {
  taskStore: TaskStore;
  queueStore: QueueStore;
  /** A queue store the task store cannot write with (say, another database or prefix). */
  foreignQueueStore: QueueStore;
}

const ALICE: TaskScope = { tenant: "acme", owner: "alice" };

function task(state: TaskState, n: number): Task {
  return {
    id: "t1",
    contextId: "ctx",
    status: { state, timestamp: new Date(Date.UTC(2025, 0, 1, 0, 0, n)).toISOString() },
    metadata: { n },
  };
}

function event(state: TaskState, n: number): StreamResponse {
  return { statusUpdate: { taskId: "t1", contextId: "ctx", status: { state }, metadata: { n } } };
}

/** Reads an ended log to its end. */
async function drain(store: QueueStore, from: number): Promise<QueueEntry[]> {
  const out: QueueEntry[] = [];
  for await (const e of store.read(ALICE, "t1", from)) out.push(e);
  return out;
}

function committerOf(h: TaskCommitterHarness): TaskCommitter {
  const committer = h.taskStore.committerFor?.(h.queueStore);
  assert(committer, "the task store offers a committer for its own queue store");
  return committer;
}

/** Commits `n` changes from one writer, re-reading after each lost race, as the handler does. */
async function writeMany(
  h: TaskCommitterHarness,
  committer: TaskCommitter,
  writer: number,
  n: number,
): Promise<void> {
  for (let i = 0; i < n; i++) {
    for (;;) {
      const cur = (await h.taskStore.get(ALICE, "t1")) as StoredTask;
      const label = writer * 1000 + i;
      try {
        await committer.commit(
          ALICE,
          task("TASK_STATE_WORKING", label),
          cur.version,
          event("TASK_STATE_WORKING", label),
        );
        break;
      } catch (e) {
        if (!(e instanceof ConflictError || (e instanceof Error && e.name === "ConflictError")))
          throw e;
      }
    }
  }
}

/**
 * The behaviour of a {@link TaskCommitter}: the snapshot, its event at the new version and the
 * end of the log for a terminal task are written together or not at all, so writers racing on
 * one task leave a log with every version in order.
 */
export function describeTaskCommitterContract(
  t: TestApi,
  name: string,
  make: () => TaskCommitterHarness | Promise<TaskCommitterHarness>,
): void {
  const { describe, it } = t;
  describe(`TaskCommitter contract: ${name}`, () => {
    it("writes the snapshot and appends its event at the new version", async () => {
      const h = await make();
      const committer = committerOf(h);
      await h.taskStore.create(ALICE, task("TASK_STATE_SUBMITTED", 1));
      const stored = await committer.commit(
        ALICE,
        task("TASK_STATE_WORKING", 2),
        1,
        event("TASK_STATE_WORKING", 2),
      );
      assertEqual(stored.version, 2, "version after commit");
      const got = await h.taskStore.get(ALICE, "t1");
      assertEqual(got?.version, 2, "stored version");
      assertEqual(got?.task.metadata, { n: 2 }, "stored snapshot");
      // A change without an event moves the version but adds nothing to the log.
      await committer.commit(ALICE, task("TASK_STATE_WORKING", 3), 2, undefined);
      await committer.commit(
        ALICE,
        task("TASK_STATE_COMPLETED", 4),
        3,
        event("TASK_STATE_COMPLETED", 4),
      );
      const entries = await drain(h.queueStore, 1);
      assertEqual(
        entries.map((e) => e.seq),
        [2, 4],
        "log seqs (the terminal commit ended the log)",
      );
      assertEqual(entries[1]?.event, event("TASK_STATE_COMPLETED", 4), "the terminal event");
    });

    it("writes nothing when it loses the compare-and-set", async () => {
      const h = await make();
      const committer = committerOf(h);
      await h.taskStore.create(ALICE, task("TASK_STATE_SUBMITTED", 1));
      await committer.commit(
        ALICE,
        task("TASK_STATE_WORKING", 2),
        1,
        event("TASK_STATE_WORKING", 2),
      );
      await assertRejects(
        committer.commit(ALICE, task("TASK_STATE_FAILED", 9), 1, event("TASK_STATE_FAILED", 9)),
        ConflictError,
        "a commit at a stale version",
      );
      assertEqual((await h.taskStore.get(ALICE, "t1"))?.task.metadata, { n: 2 }, "snapshot");
      await h.queueStore.end(ALICE, "t1");
      assertEqual(
        (await drain(h.queueStore, 1)).map((e) => e.seq),
        [2],
        "the log holds only the winning event",
      );
    });

    it("writes nothing when the log cannot take the event", async () => {
      const h = await make();
      const committer = committerOf(h);
      await h.taskStore.create(ALICE, task("TASK_STATE_SUBMITTED", 1));
      await committer.commit(
        ALICE,
        task("TASK_STATE_CANCELED", 2),
        1,
        event("TASK_STATE_CANCELED", 2),
      );
      let refused = false;
      await committer
        .commit(ALICE, task("TASK_STATE_WORKING", 3), 2, event("TASK_STATE_WORKING", 3))
        .catch(() => {
          refused = true;
        });
      assert(refused, "an event after the end of the log is refused");
      const got = await h.taskStore.get(ALICE, "t1");
      assertEqual(got?.version, 2, "the snapshot stayed at the version of the end");
      assertEqual(got?.task.status.state, "TASK_STATE_CANCELED", "state");
    });

    it("keeps every version in the log, in order, while writers race", async () => {
      const h = await make();
      // Two committers, as two instances would have.
      const a = committerOf(h);
      const b = committerOf(h);
      await h.taskStore.create(ALICE, task("TASK_STATE_SUBMITTED", 1));
      await Promise.all([writeMany(h, a, 1, 25), writeMany(h, b, 2, 25)]);
      await h.queueStore.end(ALICE, "t1");
      const entries = await drain(h.queueStore, 2);
      assertEqual(
        entries.map((e) => e.seq),
        Array.from({ length: 50 }, (_, i) => i + 2),
        "seqs",
      );
      const last = await h.taskStore.get(ALICE, "t1");
      assertEqual(last?.version, 51, "final version");
      // Each entry is the event of the snapshot written at its version.
      assertEqual(
        entries[entries.length - 1]?.event.statusUpdate?.metadata,
        last?.task.metadata,
        "the last event belongs to the last snapshot",
      );
    });

    it("offers no committer for a log it cannot write", async () => {
      const h = await make();
      assertEqual(
        h.taskStore.committerFor?.(h.foreignQueueStore),
        undefined,
        "committer for a foreign queue store",
      );
    });
  });
}
