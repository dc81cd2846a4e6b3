import {
  isFinalForNow,
  type StreamResponse,
  type Task,
  UnsupportedOperationError,
} from "@a2akit/types";
import { A2AClientError, StreamInterruptedError } from "./errors.js";
import { sleep } from "./retry.js";
import { applyEvent, sameProgress } from "./task-view.js";

/** How a cut stream is resumed through SubscribeToTask. */
export interface ReconnectOptions {
  /** Resubscribe attempts in a row before giving up (default 5). */
  maxAttempts?: number;
  /** First delay in ms, doubled each attempt (default 250). */
  baseDelayMs?: number;
  /** Upper bound of one delay in ms (default 5000). */
  maxDelayMs?: number;
}

/** The operations a resumable stream needs. */
export interface ResumeSource {
  resubscribe(taskId: string): AsyncIterable<StreamResponse>;
  getTask(taskId: string): Promise<Task>;
}

const DEFAULTS: Required<ReconnectOptions> = { maxAttempts: 5, baseDelayMs: 250, maxDelayMs: 5000 };

/**
 * Wraps a stream so that a cut connection is resumed with SubscribeToTask and the consumer sees
 * each event once.
 *
 * The rule: the client folds every event it delivers into a view of the task. A new
 * subscription opens with a task snapshot; if that snapshot shows the same status (state,
 * timestamp, status message) and the same artifacts as the view, nothing was missed and it is
 * skipped. Otherwise it is delivered once, as a `task` event: a catch-up that replaces what the
 * consumer knew. Every event after the snapshot is new. If the task finished while the client was
 * away (SubscribeToTask refuses a terminal task), the final task from GetTask is the catch-up.
 *
 * A stream is done when it ends with the task terminal or interrupted, or when it carried only a
 * message. Anything else is a cut; after `maxAttempts` failed resumes the stream throws
 * {@link StreamInterruptedError}.
 */
export async function* resumable(
  open: () => AsyncIterable<StreamResponse>,
  source: ResumeSource,
  options: ReconnectOptions | false | undefined,
  signal: AbortSignal | undefined,
  knownTaskId?: string,
): AsyncGenerator<StreamResponse> {
  const o = options === false ? undefined : { ...DEFAULTS, ...options };
  let stream = open();
  let view: Task | undefined;
  let taskId = knownTaskId;
  let resumed = false;
  let failures = 0;
  for (;;) {
    let cut: unknown;
    let opening = resumed;
    let sawMessage = false;
    try {
      for await (const event of stream) {
        if (opening && event.task) {
          opening = false;
          failures = 0;
          const skip = view !== undefined && sameProgress(view, event.task);
          view = applyEvent(view, event);
          if (!skip) yield event;
          continue;
        }
        opening = false;
        if (event.message && !event.message.taskId && view === undefined) sawMessage = true;
        view = applyEvent(view, event);
        taskId = view?.id ?? taskId;
        yield event;
      }
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      if (opening && error instanceof UnsupportedOperationError && taskId !== undefined) {
        // The task ended while we were away: SubscribeToTask refuses terminal tasks.
        const final = await source.getTask(taskId);
        if (!view || !sameProgress(view, final)) yield { task: final };
        return;
      }
      if (!isCut(error)) throw error;
      cut = error;
    }
    if (sawMessage && view === undefined) return;
    if (view && isFinalForNow(view.status.state)) return;
    if (taskId === undefined) {
      // Nothing to resume: surface the failure itself (timeout, network) when there was one.
      if (cut !== undefined) throw cut;
      throw new StreamInterruptedError(
        "The stream ended before the agent named a task, so it cannot be resumed",
        undefined,
        cut,
      );
    }
    if (!o) {
      throw new StreamInterruptedError(
        `The stream of task ${taskId} ended before the task finished (reconnect is off)`,
        taskId,
        cut,
        view,
      );
    }
    failures++;
    if (failures > o.maxAttempts) {
      throw new StreamInterruptedError(
        `The stream of task ${taskId} was cut and ${o.maxAttempts} attempts to resubscribe failed`,
        taskId,
        cut,
        view,
      );
    }
    const delay = Math.min(o.baseDelayMs * 2 ** (failures - 1), o.maxDelayMs);
    await sleep(delay / 2 + Math.random() * (delay / 2), signal);
    stream = source.resubscribe(taskId);
    resumed = true;
  }
}

/** True for failures that mean "the connection went away", as opposed to an agent's answer. */
function isCut(error: unknown): boolean {
  if (error instanceof A2AClientError) return error.code === "NETWORK" || error.code === "TIMEOUT";
  if (error instanceof TypeError) return true; // fetch's "terminated" / "fetch failed"
  return error instanceof Error && (error.name === "AbortError" || error.name === "SocketError");
}
