import { isTerminal, type StreamResponse, type TaskState } from "@a2akit/types";
import { type QueueEntry, QueueGapError, type QueueStore } from "../stores/queue-store.js";
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
  /**
   * The log, already opened from `start.version + 1` with `signal` (see {@link openLog}), for a
   * reader that had to be in place before the task's next write.
   */
  log?: AsyncIterable<QueueEntry>;
}

/**
 * Opens a task's log from `fromSeq` now rather than at the stream's first read: the read is
 * started at once, so a store that only keeps an ended log for its readers (the memory store)
 * keeps it for this one, however fast the task ends. Finishes when `signal` aborts, like any read.
 */
export function openLog(
  queueStore: QueueStore,
  scope: TaskScope,
  taskId: string,
  fromSeq: number,
  signal: AbortSignal,
): AsyncIterable<QueueEntry> {
  const iterator = queueStore.read(scope, taskId, fromSeq, { signal })[Symbol.asyncIterator]();
  let first: Promise<IteratorResult<QueueEntry>> | undefined = iterator.next();
  // Read before anyone asks: a failure here is seen by whoever asks, not reported unhandled.
  first.catch(() => undefined);
  const opened: AsyncIterator<QueueEntry> = {
    next: () => {
      const next = first ?? iterator.next();
      first = undefined;
      return next;
    },
    return: async (value?: unknown) => {
      first = undefined;
      return iterator.return ? iterator.return(value) : { done: true, value: undefined };
    },
  };
  return { [Symbol.asyncIterator]: () => opened };
}

/**
 * The task snapshot, then every later event of its log exactly once and in order, until the
 * closing state. Should the log have been trimmed under a slow reader, the current snapshot is
 * sent again in place of the lost events.
 */
export async function* followTask(o: FollowOptions): AsyncGenerator<StreamResponse> {
  let opened = o.log;
  try {
    let snap = o.start;
    yield { task: withHistory(snap.task, o.historyLength) };
    if (o.until(snap.task.status.state)) return;
    let from = snap.version + 1;
    for (;;) {
      let gap = false;
      const log = opened ?? o.queueStore.read(o.scope, o.taskId, from, { signal: o.signal });
      opened = undefined;
      try {
        for await (const entry of log) {
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
  } finally {
    // A log opened for this stream and never read (the stream stopped first) is let go. Not
    // awaited: the read it holds may be waiting for the log's next entry.
    if (opened)
      void opened[Symbol.asyncIterator]()
        .return?.()
        .catch(() => undefined);
  }
}
