import { execFile, execFileSync } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import type { WrkResult } from "./wrk.js";

// Where the fallback load generator is installed from npm when wrk cannot be had: outside the
// repository, so it never touches the workspace's dependencies or lockfile.
const PREFIX = join(homedir(), ".cache", "a2akit-bench", "autocannon");
const BIN = join(PREFIX, "node_modules", ".bin", "autocannon");

export function ensureAutocannon(log: (line: string) => void): void {
  if (existsSync(BIN)) return;
  log(`installing autocannon from npm into ${PREFIX}`);
  mkdirSync(PREFIX, { recursive: true });
  execFileSync("npm", ["install", "--prefix", PREFIX, "--no-save", "autocannon@^8"], {
    stdio: "inherit",
  });
  if (!existsSync(BIN)) throw new Error("npm install autocannon did not produce its binary");
}

interface AutocannonJson {
  requests: { total: number };
  duration: number;
  latency: { p50: number; p99: number };
  non2xx: number;
  errors: number;
  timeouts: number;
}

/**
 * The same SendMessage load as wrk's script, except that every request carries the same ids:
 * autocannon's per-request id replacement keeps the template's Content-Length, so the server
 * would wait for bytes that never come. Neither target rejects a repeated messageId.
 */
export function runAutocannon(
  url: string,
  connections: number,
  seconds: number,
): Promise<WrkResult> {
  const body =
    '{"jsonrpc":"2.0","id":1,"method":"SendMessage","params":{"message":{"messageId":"a-1","role":"ROLE_USER","parts":[{"text":"hello"}]}}}';
  const args = [
    "--json",
    "-c",
    String(connections),
    "-d",
    String(seconds),
    "-m",
    "POST",
    "-H",
    "Content-Type=application/json",
    "-H",
    "A2A-Version=1.0",
    "-b",
    body,
    url,
  ];
  return new Promise((resolve, reject) => {
    execFile(BIN, args, { timeout: (seconds + 30) * 1000 }, (error, stdout) => {
      if (error) return reject(error);
      try {
        const out = JSON.parse(stdout) as AutocannonJson;
        resolve({
          requests: out.requests.total,
          seconds: out.duration,
          requestsPerSec: out.requests.total / out.duration,
          p50Ms: out.latency.p50,
          p99Ms: out.latency.p99,
          errors: out.non2xx + out.errors + out.timeouts,
        });
      } catch (parseError) {
        reject(parseError);
      }
    });
  });
}
