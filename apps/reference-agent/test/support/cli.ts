// Runs the built `a2a` executable (@a2akit/cli's dist) as a child process, as a shell would.
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { Readable } from "node:stream";
import type { CliIo } from "@a2akit/cli";

/** The `a2a` executable: the CLI package's built bin. */
export const CLI = join(
  dirname(createRequire(import.meta.url).resolve("@a2akit/cli/package.json")),
  "dist/main.js",
);

/** What one run printed and how it exited. */
export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** A running `a2a` process: its output so far, and its result once it exits. */
export interface CliProcess {
  readonly output: { stdout: string; stderr: string };
  readonly done: Promise<CliResult>;
  kill(signal?: NodeJS.Signals): void;
}

/** Starts `a2a ...argv`, feeding `stdin` and closing it; without `stdin` it stays open. */
export function startA2a(argv: readonly string[], stdin?: string): CliProcess {
  const child = spawn(process.execPath, [CLI, ...argv], { stdio: ["pipe", "pipe", "pipe"] });
  const output = { stdout: "", stderr: "" };
  child.stdout.setEncoding("utf8").on("data", (d: string) => {
    output.stdout += d;
  });
  child.stderr.setEncoding("utf8").on("data", (d: string) => {
    output.stderr += d;
  });
  const done = new Promise<CliResult>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, ...output }));
  });
  if (stdin !== undefined) child.stdin.end(stdin);
  return { output, done, kill: (signal) => child.kill(signal) };
}

/** Runs `a2a ...argv` to its end. */
export function a2a(argv: readonly string[], stdin = ""): Promise<CliResult> {
  return startA2a(argv, stdin).done;
}

/** The task id in the first line `a2a` prints for a task (`task <id> (context <id>): state`). */
export function taskIdOf(output: string): string {
  const id = /^task (\S+) \(context/m.exec(output)?.[1];
  if (!id) throw new Error(`no task line in:\n${output}`);
  return id;
}

/** Polls `check` every 10 ms until it returns true (the test's own timeout bounds the wait). */
export async function until(check: () => boolean | Promise<boolean>): Promise<void> {
  while (!(await check())) await new Promise((r) => setTimeout(r, 10));
}

/** A terminal-or-not io for `run(argv, io)` that records what the CLI writes. */
export function recordingIo(isTTY: boolean): CliIo & { stdout: string; stderr: string } {
  const io = {
    stdout: "",
    stderr: "",
    out: (text: string) => {
      io.stdout += text;
    },
    err: (text: string) => {
      io.stderr += text;
    },
    stdin: Readable.from([]),
    isTTY,
  };
  return io;
}
