// A CliIo that records what the CLI writes, for driving `run(argv, io)` in tests.
import { Readable } from "node:stream";
import type { CliIo } from "../../src/index.js";

/** A recording io: `stdout` and `stderr` hold everything written so far. */
export interface RecordedIo extends CliIo {
  stdout: string;
  stderr: string;
}

/** An io whose stdin yields `lines` (one per line) and whose output is recorded. */
export function recordingIo(lines: readonly string[] = [], isTTY = false): RecordedIo {
  const io: RecordedIo = {
    stdout: "",
    stderr: "",
    out: (text) => {
      io.stdout += text;
    },
    err: (text) => {
      io.stderr += text;
    },
    stdin: Readable.from(lines.map((l) => `${l}\n`)),
    isTTY,
  };
  return io;
}
