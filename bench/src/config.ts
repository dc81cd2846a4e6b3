import type { TargetId } from "./targets.js";

/** Everything a bench run can be told, from flags (`--rounds=3`) or env (`BENCH_ROUNDS=3`). */
export interface BenchConfig {
  quick: boolean;
  /** Rounds; each runs every target once, in the same order (A B C D A B C D ...). */
  rounds: number;
  /** Rounds of the memory scenario (a fresh server per target each time). */
  memoryRounds: number;
  /** wrk warm-up and measuring time per target and round, in seconds. */
  warmupSec: number;
  seconds: number;
  connections: number;
  /** The K of the single-stream scenario. */
  chunks: number[];
  /** Streams of each K timed per target and round; the round's figure is their median. */
  streamRepeats: number;
  /** The concurrent-streams scenario: `streams` streams of `streamChunks` each. */
  streams: number;
  streamChunks: number;
  /** Tasks retained before memory is read. */
  tasks: number;
  /** Ticks per subscribe measure, and their spacing. */
  ticks: number;
  tickGapMs: number;
  /** Which targets run (all by default). */
  targets: TargetId[];
  /** Pin the servers to core 0 and this process (and wrk) to core 1. */
  pin: boolean;
  /** Write a CPU profile of every server process into this directory. */
  cpuProfDir: string | undefined;
  /** Where the Markdown report goes; undefined prints it only. */
  out: string | undefined;
  /** Skip a larger K for a target once a linear extrapolation says it takes longer, in ms. */
  streamBudgetMs: number;
  /** Stream timeout, in ms. */
  timeoutMs: number;
  /** A sentence for the report about the run's conditions (e.g. who else used the machine). */
  note: string | undefined;
  /** Also write every sample (not only medians) as JSON here. */
  raw: string | undefined;
}

export const ALL_TARGETS: TargetId[] = ["floor", "a2akit", "a2akit-hono", "a2akit-redis", "sdk"];

const FULL: Omit<BenchConfig, "out" | "cpuProfDir" | "note" | "raw"> = {
  quick: false,
  rounds: 7,
  memoryRounds: 3,
  warmupSec: 2,
  seconds: 5,
  connections: 64,
  chunks: [100, 1_000, 10_000],
  streamRepeats: 3,
  streams: 16,
  streamChunks: 200,
  tasks: 10_000,
  ticks: 40,
  tickGapMs: 10,
  targets: ALL_TARGETS,
  pin: true,
  streamBudgetMs: 10_000,
  timeoutMs: 120_000,
};

/** Small enough to check that every scenario runs, not to measure anything. */
const QUICK: Partial<BenchConfig> = {
  quick: true,
  rounds: 1,
  memoryRounds: 1,
  warmupSec: 1,
  seconds: 1,
  connections: 8,
  chunks: [10, 100],
  streamRepeats: 1,
  streams: 4,
  streamChunks: 50,
  tasks: 200,
  ticks: 3,
  tickGapMs: 10,
  timeoutMs: 30_000,
};

const NUMERIC = [
  "rounds",
  "memoryRounds",
  "warmupSec",
  "seconds",
  "connections",
  "streamRepeats",
  "streams",
  "streamChunks",
  "tasks",
  "ticks",
  "tickGapMs",
  "streamBudgetMs",
  "timeoutMs",
] as const;

/** `memoryRounds` -> `memory-rounds` (flag) and `BENCH_MEMORY_ROUNDS` (env). */
const flagName = (key: string) => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
const envName = (key: string) => `BENCH_${flagName(key).replace(/-/g, "_").toUpperCase()}`;

export const USAGE = `pnpm bench [--quick] [--rounds=N] [--memory-rounds=N] [--warmup-sec=S] [--seconds=S]
  [--connections=N] [--chunks=100,1000,10000] [--stream-repeats=N] [--streams=N]
  [--stream-chunks=K] [--tasks=N]
  [--ticks=N] [--tick-gap-ms=MS] [--targets=floor,a2akit,a2akit-hono,a2akit-redis,sdk] [--no-pin]
  [--cpu-prof-dir=DIR] [--out=FILE | --no-write] [--stream-budget-ms=MS] [--timeout-ms=MS] [--note=TEXT]
  [--raw=FILE]
Every option can also be set as BENCH_<NAME> in the environment (BENCH_ROUNDS=3); flags win.`;

/**
 * Reads the options. Defaults are the full run; `--quick` (or BENCH_QUICK=1) shrinks every
 * size, and explicit values override both. The report goes to `defaultOut` unless told otherwise.
 */
export function parseConfig(
  argv: readonly string[],
  env: Record<string, string | undefined>,
  defaultOut: string,
): BenchConfig {
  const flags = new Map<string, string>();
  for (const arg of argv) {
    if (arg === "--") continue;
    const match = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    if (!match) throw new Error(`unknown argument "${arg}"\n${USAGE}`);
    flags.set(match[1] as string, match[2] ?? "true");
  }
  const read = (key: string): string | undefined => {
    const value = flags.get(flagName(key)) ?? env[envName(key)];
    flags.delete(flagName(key));
    return value;
  };
  const quick = isTrue(read("quick"));
  const config: BenchConfig = {
    ...FULL,
    ...(quick ? QUICK : {}),
    out: quick ? undefined : defaultOut,
    cpuProfDir: undefined,
    note: undefined,
    raw: undefined,
  };
  for (const key of NUMERIC) {
    const value = read(key);
    if (value === undefined) continue;
    const n = Number(value);
    if (!Number.isFinite(n) || n <= 0) {
      throw new Error(`--${flagName(key)} must be a positive number, got "${value}"`);
    }
    config[key] = n;
  }
  const chunks = read("chunks");
  if (chunks !== undefined) {
    config.chunks = chunks.split(",").map((k) => {
      const n = Number(k);
      if (!Number.isInteger(n) || n <= 0) throw new Error(`--chunks takes integers, got "${k}"`);
      return n;
    });
  }
  const targets = read("targets");
  if (targets !== undefined) {
    config.targets = targets.split(",").map((t) => {
      if (!(ALL_TARGETS as string[]).includes(t)) {
        throw new Error(`unknown target "${t}"; the targets are ${ALL_TARGETS.join(", ")}`);
      }
      return t as TargetId;
    });
  }
  const noPin = read("noPin");
  if (noPin !== undefined && isTrue(noPin)) config.pin = false;
  config.cpuProfDir = read("cpuProfDir") ?? config.cpuProfDir;
  config.note = read("note") ?? config.note;
  config.raw = read("raw") ?? config.raw;
  const out = read("out");
  if (out !== undefined) config.out = out;
  const noWrite = read("noWrite");
  if (noWrite !== undefined && isTrue(noWrite)) config.out = undefined;
  if (flags.size > 0) {
    throw new Error(`unknown option --${[...flags.keys()].join(", --")}\n${USAGE}`);
  }
  if (!Number.isInteger(config.seconds) || !Number.isInteger(config.warmupSec)) {
    throw new Error("--seconds and --warmup-sec take whole seconds");
  }
  if (!Number.isInteger(config.streamRepeats)) {
    throw new Error("--stream-repeats takes a whole number of streams");
  }
  return config;
}

function isTrue(value: string | undefined): boolean {
  return value !== undefined && value !== "0" && value !== "false" && value !== "";
}
