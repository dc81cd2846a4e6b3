import { randomBytes } from "node:crypto";
import type { BenchConfig } from "./config.js";
import { ensureLoadTool, type LoadTool } from "./load.js";
import { loadAverage } from "./machine.js";
import { addSample, type Samples } from "./results.js";
import { measureMemory } from "./scenarios/memory.js";
import { measureSendMessage } from "./scenarios/send-message.js";
import { measureConcurrentStreams, measureStream, warmUpStreams } from "./scenarios/streams.js";
import { measureSubscribeLatency } from "./scenarios/subscribe.js";
import { median } from "./stats.js";
import {
  canPin,
  dropRedisPrefix,
  pinSelf,
  type RunningTarget,
  redisUnavailable,
  startTarget,
  TARGETS,
  type TargetId,
} from "./targets.js";

export const fmtSec = (ms: number) =>
  ms < 1_000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
const fmtK = (k: number) => k.toLocaleString("en-US");

interface OverBudget {
  id: TargetId;
  k: number;
  /** Why, once per round it happened. */
  reasons: string[];
}

/**
 * The time a stream of `k` chunks should take, from the ones measured: linear from one point;
 * from two, the growth between the last two (never below linear), so a quadratic target is
 * caught before it runs for minutes.
 */
export function expectedMs(points: readonly { k: number; ms: number }[], k: number): number {
  const last = points[points.length - 1];
  if (!last) return 0;
  const before = points[points.length - 2];
  let exponent = 1;
  if (before && before.ms > 0 && last.ms > before.ms) {
    exponent = Math.max(1, Math.log(last.ms / before.ms) / Math.log(last.k / before.k));
  }
  return last.ms * (k / last.k) ** exponent;
}

function describeOverBudget(e: OverBudget, budgetMs: number): string {
  const n = e.reasons.length;
  const first = e.reasons[0] ?? "";
  return `${TARGETS[e.id].label}: stream K=${fmtK(e.k)} skipped in ${n} round${n === 1 ? "" : "s"} (budget ${fmtSec(budgetMs)} per stream); the first time: ${first}`;
}

/** The cores: servers on one, this process and the load generator on the other. */
const SERVER_CORE = 0;
const LOAD_CORE = 1;

export interface RunOutcome {
  samples: Samples;
  targets: TargetId[];
  loadTool: LoadTool["name"];
  pinned: boolean;
  redisPrefix: string | undefined;
  /** 1-minute load average at the start and at the end. */
  loadBefore: number;
  loadAfter: number;
  /** The 1-minute load average every 5 s during the run. */
  loads: number[];
  skipped: string[];
}

/**
 * Scenarios per target: streams and memory need no Redis target (its streams are the same code),
 * and the Hono binding is there to compare SendMessage's HTTP cost; the rest runs the same code.
 */
const STREAMING: TargetId[] = ["floor", "a2akit", "sdk"];
const MEMORY: TargetId[] = ["a2akit", "sdk"];
const SUBSCRIBING: TargetId[] = ["a2akit", "a2akit-redis", "sdk"];

/**
 * Runs every scenario: `rounds` rounds that start each target fresh, in the same order, then
 * memory on fresh servers, then subscribe latency. Keys written to Redis are deleted at the end.
 */
export async function runBench(
  config: BenchConfig,
  log: (line: string) => void,
): Promise<RunOutcome> {
  const skipped: string[] = [];
  const pinned = config.pin && canPin();
  if (config.pin && !pinned) skipped.push("pinning: taskset or a second core is missing");
  if (pinned) pinSelf(LOAD_CORE);
  const core = pinned ? SERVER_CORE : undefined;
  const loadTool = ensureLoadTool(log);

  let targets = [...config.targets];
  const redisMissing = targets.includes("a2akit-redis") ? await redisUnavailable() : undefined;
  if (redisMissing) {
    skipped.push(`a2akit (Redis): ${redisMissing}`);
    targets = targets.filter((t) => t !== "a2akit-redis");
  }
  const redisPrefix = targets.includes("a2akit-redis")
    ? `a2akit-bench:${randomBytes(4).toString("hex")}`
    : undefined;
  const env: Record<string, string> = redisPrefix ? { PREFIX: redisPrefix } : {};
  const start = async (id: TargetId, extra: Record<string, string> = {}) =>
    startTarget(TARGETS[id], { core, cpuProfDir: config.cpuProfDir, env: { ...env, ...extra } });

  const samples: Samples = {};
  /** Streams skipped for their budget, per target and K: the smaller K's times that said so. */
  const overBudget = new Map<string, OverBudget>();
  const loads: number[] = [];
  const loadTimer = setInterval(() => loads.push(loadAverage()), 5_000);
  const loadBefore = loadAverage();
  const started: RunningTarget[] = [];
  const stopAll = async () => {
    await Promise.all(started.splice(0).map((t) => t.stop()));
  };
  const failures: string[] = [];
  /**
   * Runs one target's part of a round and stops its servers. A failure costs that part only (a
   * long run is not thrown away for one hiccup) and is reported; `--quick` fails at once.
   */
  const attempt = async (what: string, body: () => Promise<void>) => {
    try {
      await body();
    } catch (error) {
      if (config.quick) throw error;
      const message = (error as Error).message.split("\n")[0];
      log(`${what} failed: ${message}`);
      failures.push(`${what}: failed (${message})`);
    } finally {
      await stopAll();
    }
  };
  try {
    for (let round = 1; round <= config.rounds; round++) {
      for (const id of targets) {
        log(`round ${round}/${config.rounds}: ${TARGETS[id].label}`);
        await attempt(`round ${round}, ${TARGETS[id].label}`, async () => {
          const target = await start(id);
          started.push(target);
          const send = await measureSendMessage(target, loadTool, config);
          addSample(samples, "send.rps", id, send.requestsPerSec);
          addSample(samples, "send.p50", id, send.p50Ms);
          addSample(samples, "send.p99", id, send.p99Ms);
          addSample(samples, "send.cpu", id, send.cpuUsPerRequest);
          addSample(samples, "send.gc", id, send.gcUsPerRequest);
          if (STREAMING.includes(id)) {
            await warmUpStreams(target, config.timeoutMs);
            const points: { k: number; ms: number }[] = [];
            for (const k of [...config.chunks].sort((a, b) => a - b)) {
              // A target whose cost grows faster than K would eat the whole run: skip a K whose
              // time, extrapolated from the smaller ones, is over budget.
              const key = `${id}:${k}`;
              const skip = (why: string) => {
                const entry = overBudget.get(key) ?? { id, k, reasons: [] };
                if (entry.reasons.length === 0) log(`${TARGETS[id].label}: stream K=${k} ${why}`);
                entry.reasons.push(why);
                overBudget.set(key, entry);
              };
              // Once it timed out, it is not given another round to time out in.
              if (overBudget.get(key)?.reasons.some((r) => r.startsWith("did not finish"))) {
                skip("did not finish within the budget in an earlier round");
                break;
              }
              const expected = expectedMs(points, k);
              if (expected > config.streamBudgetMs) {
                const last = points[points.length - 1] as { k: number; ms: number };
                skip(
                  `not run: K=${fmtK(last.k)} took ${fmtSec(last.ms)}, so K=${fmtK(k)} would take about ${fmtSec(expected)}`,
                );
                break;
              }
              const timeoutMs = Math.min(config.timeoutMs, 3 * config.streamBudgetMs);
              // Several streams per round, their median the round's figure: one stream alone
              // swung by half between rounds on a shared machine.
              const firsts: number[] = [];
              const lasts: number[] = [];
              try {
                for (let i = 0; i < config.streamRepeats; i++) {
                  const one = await measureStream(target, k, timeoutMs);
                  firsts.push(one.firstMs);
                  lasts.push(one.lastMs);
                }
              } catch (error) {
                if (!/did not finish/.test((error as Error).message)) throw error;
                skip(`did not finish within ${fmtSec(timeoutMs)}`);
                break;
              }
              addSample(samples, `stream.${k}.first`, id, median(firsts));
              addSample(samples, `stream.${k}.last`, id, median(lasts));
              points.push({ k, ms: median(lasts) });
            }
            const eps = await measureConcurrentStreams(
              target,
              config.streams,
              config.streamChunks,
              config.timeoutMs,
            );
            addSample(samples, "streams.eps", id, eps);
          }
        });
      }
    }

    for (let round = 1; round <= config.memoryRounds; round++) {
      for (const id of targets.filter((t) => MEMORY.includes(t))) {
        log(`memory ${round}/${config.memoryRounds}: ${TARGETS[id].label}`);
        await attempt(`memory round ${round}, ${TARGETS[id].label}`, async () => {
          // No eviction: every task sent stays, as in the official SDK's store.
          const target = await start(id, { MAX_TERMINAL_TASKS: "1000000000" });
          started.push(target);
          const mem = await measureMemory(target, config.tasks);
          addSample(samples, "memory.heap", id, mem.heapPerTask);
          addSample(samples, "memory.rss", id, mem.rssPerTask);
        });
      }
    }

    const ticks = { ticks: config.ticks, waitMs: 300, gapMs: config.tickGapMs };
    for (let round = 1; round <= config.rounds; round++) {
      for (const id of targets.filter((t) => SUBSCRIBING.includes(t))) {
        log(`subscribe ${round}/${config.rounds}: ${TARGETS[id].label}`);
        await attempt(`subscribe round ${round}, ${TARGETS[id].label}`, async () => {
          // Every target: the task and its subscriber on one instance. Redis also: the task on
          // instance A, followed through instance B (two processes sharing the prefix).
          const a = await start(id);
          started.push(a);
          // One unmeasured pass first, so the process runs warm code.
          await measureSubscribeLatency(a, a, { ...ticks, ticks: 3 });
          addSample(samples, "subscribe.same", id, await measureSubscribeLatency(a, a, ticks));
          if (id === "a2akit-redis") {
            const b = await start(id);
            started.push(b);
            await measureSubscribeLatency(a, b, { ...ticks, ticks: 3 });
            addSample(samples, "subscribe.cross", id, await measureSubscribeLatency(a, b, ticks));
          }
        });
      }
    }
  } finally {
    clearInterval(loadTimer);
    await stopAll();
    if (redisPrefix) await dropRedisPrefix(redisPrefix);
  }
  return {
    samples,
    targets,
    loadTool: loadTool.name,
    pinned,
    redisPrefix,
    loadBefore,
    loadAfter: loadAverage(),
    loads,
    skipped: [
      ...skipped,
      ...failures,
      ...[...overBudget.values()].map((e) => describeOverBudget(e, config.streamBudgetMs)),
    ],
  };
}
