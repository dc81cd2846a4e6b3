/**
 * What the echo agent does with a message, decided from its text the same way on every target:
 * - `stream:K`: K chunks of one artifact, then COMPLETED;
 * - `ticks:N:waitMs:gapMs`: after `waitMs` (time for a subscriber to join), N chunks `gapMs`
 *   apart, each carrying the monotonic clock at the moment it was emitted, then COMPLETED;
 * - anything else: one artifact "You said: <text>", then COMPLETED.
 */
export type EchoCommand =
  | { kind: "echo"; text: string }
  | { kind: "stream"; chunks: number }
  | { kind: "ticks"; count: number; waitMs: number; gapMs: number };

export function parseCommand(text: string): EchoCommand {
  if (text.startsWith("stream:")) {
    return { kind: "stream", chunks: Number(text.slice(7)) };
  }
  if (text.startsWith("ticks:")) {
    const [count = 0, waitMs = 0, gapMs = 0] = text.slice(6).split(":").map(Number);
    return { kind: "ticks", count, waitMs, gapMs };
  }
  return { kind: "echo", text };
}

/** The text of chunk `i` of a `stream:K` answer. */
export function chunkText(i: number): string {
  return `chunk ${i}`;
}

/**
 * The text of a tick: the process-wide monotonic clock (CLOCK_MONOTONIC, the same in every
 * process on the machine), so the receiver can compute emit-to-receive latency.
 */
export function tickText(i: number): string {
  return `tick ${i} ${process.hrtime.bigint()}`;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
