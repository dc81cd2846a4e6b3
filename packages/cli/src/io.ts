/** Where the CLI reads and writes; the process streams by default, buffers in tests. */
export interface CliIo {
  /** Writes to standard output. */
  out(text: string): void;
  /** Writes to standard error. */
  err(text: string): void;
  /** Standard input, for `a2a chat`. */
  stdin: NodeJS.ReadableStream;
  /** True when standard output is a terminal: enables the progress indicator and the prompt. */
  isTTY: boolean;
  /** Aborts when the user interrupts (Ctrl-C). */
  signal?: AbortSignal;
}

/** The process's own streams. */
export function processIo(signal?: AbortSignal): CliIo {
  return {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    stdin: process.stdin,
    isTTY: Boolean(process.stdout.isTTY),
    ...(signal ? { signal } : {}),
  };
}
