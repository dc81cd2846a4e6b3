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
