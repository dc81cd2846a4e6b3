import { isTerminal, TaskNotFoundError } from "@a2akit/types";
import type { TaskScope } from "../stores/scope.js";
import type { StoredTask, TaskStore } from "../stores/task-store.js";

/**
 * How long a CancelTask that lost the compare-and-set race waits for the executing instance to
 * record the cancel before it tries again itself. That instance records it right after the write
 * it has in flight, so this only runs out when no execution holds the task any more.
 */
export const CANCEL_WAIT_MS = 5_000;

/** The longest pause between two reads of the task while waiting. */
const MAX_PAUSE_MS = 100;

/**
 * Reads the task until it is terminal, pausing between reads (doubling, with jitter, up to
 * {@link MAX_PAUSE_MS}) for at most `maxWaitMs` of pauses in all. Resolves to the terminal
 * snapshot, or undefined when the time ran out first. Timers, not the handler's clock: that
 * clock may be a fixed one in tests.
 */
export async function awaitTerminal(
  taskStore: TaskStore,
  scope: TaskScope,
  taskId: string,
  maxWaitMs: number = CANCEL_WAIT_MS,
): Promise<StoredTask | undefined> {
  let waited = 0;
  let pause = 2;
  for (;;) {
    const stored = await taskStore.get(scope, taskId);
    if (!stored) throw TaskNotFoundError.forTask(taskId);
    if (isTerminal(stored.task.status.state)) return stored;
    if (waited >= maxWaitMs) return undefined;
    const ms = Math.min(pause / 2 + Math.random() * (pause / 2), maxWaitMs - waited);
    await new Promise((resolve) => setTimeout(resolve, ms));
    waited += ms;
    pause = Math.min(pause * 2, MAX_PAUSE_MS);
  }
}
