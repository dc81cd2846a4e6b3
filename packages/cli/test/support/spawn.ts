// Runs the built `a2a` executable as a child process, as a user's shell would.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

/** The built executable (`pnpm build` first; turbo does it before `test`). */
export const CLI = fileURLToPath(new URL("../../dist/main.js", import.meta.url));

/** What one run of the CLI printed and how it exited. */
export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `a2a ...argv`, writing `stdin` (if any) to it, and waits for it to exit. */
export function a2a(argv: readonly string[], stdin?: string): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...argv], { stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => {
      stdout += d;
    });
    child.stderr.setEncoding("utf8").on("data", (d: string) => {
      stderr += d;
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin ?? "");
  });
}
