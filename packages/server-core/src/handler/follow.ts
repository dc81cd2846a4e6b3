import { isTerminal, type StreamResponse, type TaskState } from "@a2akit/types";
import { QueueGapError, type QueueStore } from "../stores/queue-store.js";
import type { TaskScope } from "../stores/scope.js";
import type { StoredTask, TaskStore } from "../stores/task-store.js";
import { withHistory } from "./views.js";

/** Where a stream closes: terminal, or INPUT_REQUIRED (AUTH_REQUIRED keeps it open). */
export function closesStream(state: TaskState): boolean {
  return isTerminal(state) || state === "TASK_STATE_INPUT_REQUIRED";
}

/** What {@link followTask} needs. */
export interface FollowOptions {
  taskStore: TaskStore;
  queueStore: QueueStore;
  scope: TaskScope;
  taskId: string;
  /** The snapshot to start from; the log is read from its version + 1. */
  start: StoredTask;
  /** Stop after the event (or snapshot) whose state satisfies this. */
  until: (state: TaskState) => boolean;
  signal: AbortSignal;
  historyLength?: number;
}

/**
 * The task snapshot, then every later event of its log exactly once and in order, until the
 * closing state. Should the log have been trimmed under a slow reader, the current snapshot is
 * sent again in place of the lost events.
 */
export async function* followTask(o: FollowOptions): AsyncGenerator<StreamResponse> {
  let snap = o.start;
  yield { task: withHistory(snap.task, o.historyLength) };
  if (o.until(snap.task.status.state)) return;
  let from = snap.version + 1;
  for (;;) {
    let gap = false;
    try {
      for await (const entry of o.queueStore.read(o.scope, o.taskId, from, { signal: o.signal })) {
        from = entry.seq + 1;
        yield entry.event;
        const state = entry.event.statusUpdate?.status.state;
        if (state !== undefined && o.until(state)) return;
      }
    } catch (e) {
      if (!(e instanceof QueueGapError)) throw e;
      gap = true;
    }
    if (o.signal.aborted) return;
    const latest = await o.taskStore.get(o.scope, o.taskId);
    if (!latest) return;
    if (latest.version >= from) {
      snap = latest;
      from = latest.version + 1;
      yield { task: withHistory(latest.task, o.historyLength) };
    }
    // The log ended without a closing event (it only ends when the task is terminal): done.
    if (!gap || o.until(latest.task.status.state)) return;
  }
}
