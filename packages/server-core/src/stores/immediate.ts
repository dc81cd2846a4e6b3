import type { StreamResponse, Task } from "@a2akit/types";
import type { QueueStore } from "./queue-store.js";
import type { TaskScope } from "./scope.js";
import type { StoredTask, TaskStore } from "./task-store.js";

/**
 * Writes of stores that hold everything in this process (the memory stores): the same writes as
 * `TaskStore.create` and `TaskCommitter.commit`, done before returning. The task writer uses them
 * when no other write of the task is in flight, and so skips a round of promises per write,
 * which on these stores cost more than the write itself. Internal to this package.
 */
export interface ImmediateCommitter {
  /** As `TaskStore.create`; throws instead of rejecting. */
  createNow(scope: TaskScope, task: Task): StoredTask;
  /** As `TaskCommitter.commit`; throws instead of rejecting, and writes nothing when it throws. */
  commitNow(
    scope: TaskScope,
    task: Task,
    expectedVersion: number,
    event: StreamResponse | undefined,
  ): StoredTask;
}

/** The key under which a task store offers an {@link ImmediateCommitter} for a queue store. */
export const IMMEDIATE = Symbol("a2akit.immediateCommitter");

interface OffersImmediate {
  [IMMEDIATE]?(queueStore: QueueStore): ImmediateCommitter | undefined;
}

/** The immediate committer `taskStore` offers for `queueStore`, when it offers one. */
export function immediateCommitter(
  taskStore: TaskStore,
  queueStore: QueueStore,
): ImmediateCommitter | undefined {
  return (taskStore as TaskStore & OffersImmediate)[IMMEDIATE]?.(queueStore);
}
