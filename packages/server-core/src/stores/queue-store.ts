import type { StreamResponse } from "@a2akit/types";
import { brandErrorClass, hasBrand } from "./brand.js";
import type { TaskScope } from "./scope.js";

/** One event of a task's log: the task version it produced and the event itself. */
export interface QueueEntry {
  readonly seq: number;
  readonly event: StreamResponse;
}

/** Options of {@link QueueStore.read}. */
export interface QueueReadOptions {
  /** Stops the read: the iteration finishes without an error. */
  readonly signal?: AbortSignal;
}

/** Called when someone asks to cancel a task; `metadata` is the CancelTask request's. */
export type CancelListener = (metadata: Record<string, unknown> | undefined) => void;

/**
 * The per-task event log that every reader (streams, SubscribeToTask, blocking SendMessage, push
 * delivery) follows. Sequence numbers are the task versions the TaskStore assigned, so "the
 * snapshot at version v, then every entry after v" is exact. Maps onto a Redis Stream: `append`
 * is XADD with the id `<seq>-0`, `read` is XRANGE then XREAD BLOCK, `end` is a closing entry.
 */
export interface QueueStore {
  /** Appends an event; `seq` must be greater than every seq already appended for the task. */
  append(scope: TaskScope, taskId: string, seq: number, event: StreamResponse): Promise<void>;
  /**
   * Yields the retained entries with `seq >= fromSeq` in order, then waits for new ones. Finishes
   * once the log is ended and drained, or when the signal aborts. Throws {@link QueueGapError}
   * when entries the reader still needed were trimmed away.
   */
  read(
    scope: TaskScope,
    taskId: string,
    fromSeq: number,
    options?: QueueReadOptions,
  ): AsyncIterable<QueueEntry>;
  /** Marks the log complete (the task is terminal): readers finish after draining it. */
  end(scope: TaskScope, taskId: string): Promise<void>;
  /** Asks whoever runs the task (on any instance) to stop it. */
  signalCancel(scope: TaskScope, taskId: string, metadata?: Record<string, unknown>): Promise<void>;
  /** Listens for cancel signals for one task; returns the function that stops listening. */
  onCancel(scope: TaskScope, taskId: string, listener: CancelListener): () => void;
  /** Drops the whole log (the task was evicted). */
  delete(scope: TaskScope, taskId: string): Promise<void>;
}

/** A reader fell so far behind that entries it needed were trimmed; re-read the snapshot. */
export class QueueGapError extends Error {
  override readonly name = "QueueGapError";
  /** Which task, and the first seq the reader still needed. */
  constructor(
    readonly taskId: string,
    readonly missingFrom: number,
  ) {
    super(`Events of task ${taskId} from seq ${missingFrom} are no longer retained`);
  }

  /** Also true for a QueueGapError thrown by another copy of this package (see `brand.ts`). */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return hasBrand(value, QUEUE_GAP);
  }
}
const QUEUE_GAP = Symbol.for("@a2akit/server-core.QueueGapError");
brandErrorClass(QueueGapError, QUEUE_GAP);
