// The lines of the report that say how the run was made: the command, the method and the
// conditions (machine load included).

import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { BenchConfig } from "./config.js";
import { describeMachine } from "./machine.js";
import { fmtSec, type RunOutcome } from "./run.js";
import { median } from "./stats.js";

function sdkVersion(): string {
  const require = createRequire(import.meta.url);
  const path = join(dirname(require.resolve("@a2a-js/sdk")), "..", "package.json");
  try {
    return (JSON.parse(readFileSync(path, "utf8")) as { version: string }).version;
  } catch {
    return "unknown";
  }
}

/** Quotes a word for a POSIX shell when it needs it, so the printed command can be pasted. */
function shellQuote(word: string): string {
  if (word === "pnpm bench" || /^[\w@%+=:,./-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** The command as it was given, with the BENCH_* variables that changed it. */
export function commandLine(argv: readonly string[]): string {
  const env = Object.entries(process.env)
    .filter(([k]) => k.startsWith("BENCH_"))
    .map(([k, v]) => `${k}=${v}`);
  return [...env, "pnpm bench", ...argv.filter((a) => a !== "--")].map(shellQuote).join(" ");
}

export function conditions(config: BenchConfig, outcome: RunOutcome): string[] {
  const lines = [
    outcome.pinned
      ? "Each server runs in its own Node.js process pinned to core 0 (`taskset -c 0`); the load generator and the bench's own clients run on core 1."
      : "Not pinned to cores: servers and load generator share every core.",
    `SendMessage: ${outcome.loadTool}, one thread, ${config.connections} kept-alive connections, ${config.warmupSec} s warm-up then ${config.seconds} s measured per target and round. Server CPU per request is the process's user + system time (all threads, from /proc) over the measured seconds, divided by the requests answered. GC pause per request is the time the server's main thread spent stopped for garbage collection over the same seconds (perf_hooks gc entries), divided likewise; it is part of the CPU figure.`,
    `Streams: one SendStreamingMessage of K chunks at a time, after a warm-up of five streams of 100 chunks and up to ten of 1,000 (at most 3 s of them), so the JIT has settled; ${repeatsText(config.streamRepeats)}; then ${config.streams} concurrent streams of ${config.streamChunks.toLocaleString("en-US")} chunks, events delivered per second of wall time.`,
    `Memory: a fresh server completes ${config.tasks.toLocaleString("en-US")} tasks (16 at a time, after 200 unmeasured; a2akit's default cap of 10,000 finished tasks is lifted so none is evicted, as the SDK's store evicts none); heap and RSS growth after a full GC, divided by the tasks. The floor keeps nothing, so it has no figure.`,
    `Subscribe: the executor emits ${config.ticks} chunks ${config.tickGapMs} ms apart, each carrying the monotonic clock at emission; a SubscribeToTask stream receives them. "Same instance": the task and the subscriber on one server process. "Instance A → B" (a2akit on Redis only): the task runs on one process and the subscriber is connected to another sharing the Redis prefix. Latency includes the executor's write of the event.`,
    `Targets run in the same order every round (${outcome.targets.join(", ")}), each started fresh; every figure is the median over rounds.`,
    `The official SDK is @a2a-js/sdk ${sdkVersion()} on express 5 with its in-memory task store. a2akit (Redis) talks to the Redis 7 server at 127.0.0.1:6379 (not pinned), under a prefix deleted after the run.`,
    `Machine load (1-minute load average, ${describeMachine().cores} cores): ${outcome.loadBefore.toFixed(2)} at the start, ${outcome.loadAfter.toFixed(2)} at the end${outcome.loads.length > 0 ? `, between ${Math.min(...outcome.loads).toFixed(1)} and ${Math.max(...outcome.loads).toFixed(1)} (median ${median(outcome.loads).toFixed(1)}) during the run` : ""}. Above ~2 the server and the load generator did not have their cores to themselves, and every figure is noisier for it.`,
    `Streams over budget: a stream of K chunks that would take longer than ${fmtSec(config.streamBudgetMs)}, extrapolated from the two next smaller K by how the time grew between them (never less than linearly), is not run; one that runs past ${fmtSec(Math.min(config.timeoutMs, 3 * config.streamBudgetMs))} is stopped.`,
  ];
  if (config.note) lines.push(config.note);
  return lines;
}

/** How many streams of each K a round times, in words. */
function repeatsText(repeats: number): string {
  return repeats === 1
    ? "one stream of each K per round"
    : `${repeats} streams of each K per round, the round's figure being their median`;
}
