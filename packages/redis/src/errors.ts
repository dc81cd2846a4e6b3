/** Why {@link QueueAppendError} refused an event. */
export type QueueAppendFailure = "ended" | "order";

/** An event the log cannot take: it has ended, or the seq is not after the last one. */
export class QueueAppendError extends Error {
  override readonly name = "QueueAppendError";
  /** Which task, the refused seq, and why (`code` is stable to switch on). */
  constructor(
    readonly taskId: string,
    readonly seq: number,
    readonly code: QueueAppendFailure,
    readonly lastSeq?: number,
  ) {
    super(
      code === "ended"
        ? `The event log of task ${taskId} has ended; seq ${seq} was not appended`
        : `Event seq ${seq} of task ${taskId} is not after ${lastSeq ?? "the last one"}`,
    );
  }
}

/**
 * The QueueAppendError an append script's error reply stands for (ENDED, or ORDER <last>), or
 * the error itself when it is something else.
 */
export function appendFailure(error: unknown, taskId: string, seq: number): unknown {
  const message = error instanceof Error ? error.message : "";
  if (message.startsWith("ENDED")) return new QueueAppendError(taskId, seq, "ended");
  const order = /^ORDER (\d+)/.exec(message);
  if (order) return new QueueAppendError(taskId, seq, "order", Number(order[1]));
  return error;
}
