import type { StreamResponse, TaskState, TaskStatus } from "@a2akit/types";

/** One v1.0 stream item and whether it is the last of its v0.3 stream. */
export interface V03StreamItem {
  readonly item: StreamResponse;
  /** For status updates: the v0.3 `final` flag. */
  readonly final: boolean;
}

// The handler's streams end after these states (and stay open through AUTH_REQUIRED), so these
// are the status updates a v0.3 client must see `final: true` on.
const ENDS_STREAM = new Set<TaskState>([
  "TASK_STATE_COMPLETED",
  "TASK_STATE_FAILED",
  "TASK_STATE_CANCELED",
  "TASK_STATE_REJECTED",
  "TASK_STATE_INPUT_REQUIRED",
]);

interface LastStatus {
  readonly taskId: string;
  readonly contextId: string;
  readonly status: TaskStatus;
}

/**
 * Marks each status update with the v0.3 `final` flag. v0.3 clients wait for `final: true`,
 * while a v1.0 stream simply ends; when a stream ends without a final status update (the
 * server shut down, the handler ended it early), one more status update repeating the last
 * known status is sent with `final: true`. A message ends a v0.3 stream by itself.
 *
 * Written as a plain iterator, not a generator: `return()` must reach the handler's stream at
 * once when the client leaves, even while a `next()` is still waiting for an event.
 */
export function markFinal(items: AsyncIterable<StreamResponse>): AsyncIterable<V03StreamItem> {
  const inner = items[Symbol.asyncIterator]();
  let last: LastStatus | undefined;
  let ended = false;
  let done = false;
  const finished = { done: true, value: undefined } as const;
  const iterator: AsyncIterator<V03StreamItem> = {
    async next() {
      if (done) return finished;
      const r = await inner.next();
      if (done) return finished;
      if (r.done) {
        done = true;
        if (ended || !last) return finished;
        ended = true;
        const statusUpdate = {
          taskId: last.taskId,
          contextId: last.contextId,
          status: last.status,
        };
        return { done: false, value: { item: { statusUpdate }, final: true } };
      }
      const item = r.value;
      let final = false;
      if (item.task) {
        const t = item.task;
        last = { taskId: t.id, contextId: t.contextId ?? "", status: t.status };
      } else if (item.statusUpdate) {
        const u = item.statusUpdate;
        last = { taskId: u.taskId, contextId: u.contextId ?? "", status: u.status };
        final = ENDS_STREAM.has(u.status.state);
        if (final) ended = true;
      } else if (item.message) {
        ended = true;
      }
      return { done: false, value: { item, final } };
    },
    async return() {
      done = true;
      await inner.return?.();
      return finished;
    },
  };
  return { [Symbol.asyncIterator]: () => iterator };
}
