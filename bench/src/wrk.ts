import { execFile, execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

function hasWrk(): boolean {
  try {
    execFileSync("wrk", ["-v"], { stdio: "ignore" });
    return true;
  } catch (error) {
    // `wrk -v` prints its version and exits non-zero; only a missing binary matters.
    return (error as NodeJS.ErrnoException).code !== "ENOENT";
  }
}

/**
 * Makes sure wrk is there: installs the Debian package with apt-get when it is missing and this
 * process is root. Returns why it could not, so the caller can fall back to autocannon.
 */
export function ensureWrk(log: (line: string) => void): string | undefined {
  if (hasWrk()) return undefined;
  if (process.getuid?.() !== 0) return "wrk is not installed and this is not root";
  try {
    execFileSync("apt-get", ["--version"], { stdio: "ignore" });
  } catch {
    return "wrk is not installed and there is no apt-get";
  }
  log("wrk is not installed; installing it with apt-get");
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  const apt = (args: string[]) => execFileSync("apt-get", args, { stdio: "inherit", env });
  try {
    try {
      apt(["install", "-y", "wrk"]);
    } catch {
      apt(["update"]);
      apt(["install", "-y", "wrk"]);
    }
  } catch (error) {
    return `apt-get could not install wrk: ${(error as Error).message}`;
  }
  return hasWrk() ? undefined : "apt-get ran but wrk is still missing";
}

let scriptPath: string | undefined;

/** A wrk script that POSTs SendMessage, each request with its own JSON-RPC id and messageId. */
function sendMessageScript(): string {
  if (scriptPath) return scriptPath;
  const dir = mkdtempSync(join(tmpdir(), "a2akit-bench-"));
  scriptPath = join(dir, "send-message.lua");
  writeFileSync(
    scriptPath,
    `wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["A2A-Version"] = "1.0"
local n = 0
request = function()
  n = n + 1
  return wrk.format(nil, nil, nil,
    '{"jsonrpc":"2.0","id":' .. n .. ',"method":"SendMessage","params":{"message":{"messageId":"w-' .. n .. '","role":"ROLE_USER","parts":[{"text":"hello"}]}}}')
end
`,
  );
  return scriptPath;
}

/** What one load run measured (wrk or autocannon). */
export interface WrkResult {
  requests: number;
  seconds: number;
  requestsPerSec: number;
  p50Ms: number;
  p99Ms: number;
  /** Non-2xx answers plus socket errors; any is a failed run. */
  errors: number;
}

/** Runs wrk (one thread) against a JSON-RPC endpoint with SendMessage calls. */
export function runWrk(url: string, connections: number, seconds: number): Promise<WrkResult> {
  const args = [
    "-t1",
    `-c${connections}`,
    `-d${seconds}s`,
    "--timeout",
    "10s",
    "--latency",
    "-s",
    sendMessageScript(),
    url,
  ];
  return new Promise((resolve, reject) => {
    execFile("wrk", args, { timeout: (seconds + 30) * 1000 }, (error, stdout) => {
      if (error) return reject(error);
      try {
        resolve(parseWrk(stdout));
      } catch (parseError) {
        reject(parseError);
      }
    });
  });
}

function toMs(value: string, unit: string): number {
  const n = Number(value);
  if (unit === "us") return n / 1000;
  if (unit === "ms") return n;
  if (unit === "s") return n * 1000;
  if (unit === "m") return n * 60_000;
  throw new Error(`unknown wrk unit ${unit}`);
}

export function parseWrk(out: string): WrkResult {
  const done = /(\d+) requests in ([\d.]+)(us|ms|s|m)/.exec(out);
  const p50 = /^\s+50%\s+([\d.]+)(us|ms|s|m)/m.exec(out);
  const p99 = /^\s+99%\s+([\d.]+)(us|ms|s|m)/m.exec(out);
  if (!done || !p50 || !p99) throw new Error(`unexpected wrk output:\n${out}`);
  const requests = Number(done[1]);
  const seconds = toMs(done[2] as string, done[3] as string) / 1000;
  const non2xx = Number(/Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? 0);
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
  const socketErrors = socket ? socket.slice(1).reduce((sum, n) => sum + Number(n), 0) : 0;
  return {
    requests,
    seconds,
    requestsPerSec: requests / seconds,
    p50Ms: toMs(p50[1] as string, p50[2] as string),
    p99Ms: toMs(p99[1] as string, p99[2] as string),
    errors: non2xx + socketErrors,
  };
}
