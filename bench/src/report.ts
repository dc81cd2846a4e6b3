import type { Machine } from "./machine.js";
import { medianOf, type Samples, spreadOf } from "./results.js";
import { TARGETS, type TargetId } from "./targets.js";

/** One row of the results: what was measured, in which unit, and which way is better. */
export interface MetricDef {
  key: string;
  label: string;
  unit: string;
  better: "lower" | "higher";
}

export function metricDefs(chunks: readonly number[], streams: number, streamChunks: number) {
  const defs: MetricDef[] = [
    { key: "send.rps", label: "SendMessage throughput", unit: "req/s", better: "higher" },
    { key: "send.p50", label: "SendMessage latency p50", unit: "ms", better: "lower" },
    { key: "send.p99", label: "SendMessage latency p99", unit: "ms", better: "lower" },
    { key: "send.cpu", label: "SendMessage server CPU per request", unit: "µs", better: "lower" },
    {
      key: "send.gc",
      label: "SendMessage server GC pause per request",
      unit: "µs",
      better: "lower",
    },
  ];
  for (const k of chunks) {
    const n = k.toLocaleString("en-US");
    defs.push(
      {
        key: `stream.${k}.first`,
        label: `Stream K=${n}: first event`,
        unit: "ms",
        better: "lower",
      },
      { key: `stream.${k}.last`, label: `Stream K=${n}: last event`, unit: "ms", better: "lower" },
    );
  }
  defs.push(
    {
      key: "streams.eps",
      label: `${streams} concurrent streams (K=${streamChunks.toLocaleString("en-US")})`,
      unit: "events/s",
      better: "higher",
    },
    { key: "memory.heap", label: "Heap per retained task", unit: "bytes", better: "lower" },
    { key: "memory.rss", label: "RSS per retained task", unit: "bytes", better: "lower" },
    {
      key: "subscribe.same",
      label: "SubscribeToTask emit → receive, same instance",
      unit: "ms",
      better: "lower",
    },
    {
      key: "subscribe.cross",
      label: "SubscribeToTask emit → receive, instance A → B",
      unit: "ms",
      better: "lower",
    },
  );
  return defs;
}

/** A goal the numbers must show, checked on ratios of one run's medians. */
export interface Goal {
  text: string;
  /** The measured figure, e.g. "1.32× floor"; undefined when a scenario did not run. */
  measured: string | undefined;
  met: boolean | undefined;
}

const ratio = (a: number | undefined, b: number | undefined) =>
  a === undefined || b === undefined || b === 0 ? undefined : a / b;

export function evaluateGoals(samples: Samples, chunks: readonly number[]): Goal[] {
  const m = (key: string, target: TargetId) => medianOf(samples, key, target);
  const goals: Goal[] = [];
  const check = (
    text: string,
    value: number | undefined,
    ok: (v: number) => boolean,
    show: (v: number) => string,
  ) =>
    goals.push({
      text,
      measured: value === undefined ? undefined : show(value),
      met: value === undefined ? undefined : ok(value),
    });
  // Three decimals: a ratio just under a threshold must not print as the threshold.
  const times = (v: number) => `${v.toFixed(3)}×`;
  check(
    "SendMessage server CPU per request ≤ 1.5× the Hono floor's",
    ratio(m("send.cpu", "a2akit"), m("send.cpu", "floor")),
    (v) => v <= 1.5,
    times,
  );
  if (chunks.includes(1_000)) {
    check(
      "Stream K=1,000 completes within 2× the floor's time",
      ratio(m("stream.1000.last", "a2akit"), m("stream.1000.last", "floor")),
      (v) => v <= 2,
      times,
    );
  }
  if (chunks.includes(1_000) && chunks.includes(10_000)) {
    check(
      "Stream cost grows linearly: K=10,000 takes ≤ 11× K=1,000",
      ratio(m("stream.10000.last", "a2akit"), m("stream.1000.last", "a2akit")),
      (v) => v <= 11,
      times,
    );
  }
  check(
    "Heap per retained completed task ≤ ⅓ of the official SDK's",
    ratio(m("memory.heap", "a2akit"), m("memory.heap", "sdk")),
    (v) => v <= 1 / 3,
    times,
  );
  check(
    "Redis SendMessage throughput ≥ ½ of in-memory",
    ratio(m("send.rps", "a2akit-redis"), m("send.rps", "a2akit")),
    (v) => v >= 0.5,
    times,
  );
  const cross = m("subscribe.cross", "a2akit-redis");
  const same = m("subscribe.same", "a2akit");
  check(
    "Cross-instance subscribe (Redis, A → B) adds < 2 ms at the median, over one in-memory instance",
    cross === undefined || same === undefined ? undefined : cross - same,
    (v) => v < 2,
    (v) => `${v < 0 ? "" : "+"}${v.toFixed(3)} ms`,
  );
  return goals;
}

export interface ReportInput {
  samples: Samples;
  targets: readonly TargetId[];
  chunks: readonly number[];
  streams: number;
  streamChunks: number;
  rounds: number;
  memoryRounds: number;
  date: Date;
  machine: Machine;
  command: string;
  /** Lines describing the method and conditions, printed as a list. */
  conditions: readonly string[];
  /** Scenarios that could not run, and why. */
  skipped: readonly string[];
}

function formatValue(value: number, unit: string): string {
  if (unit === "bytes") return Math.round(value).toLocaleString("en-US");
  const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2;
  return value.toLocaleString("en-US", {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
}

const formatRatio = (value: number | undefined) =>
  value === undefined || !Number.isFinite(value) ? "–" : `${value.toFixed(2)}×`;

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.join(" | ")} |`;
  const rule = header.map((_, i) => (i === 0 ? "---" : "---:"));
  return [line(header), line(rule), ...rows.map(line)].join("\n");
}

/** The Markdown report: conditions, the medians, their ratios, and the goals. */
export function renderReport(input: ReportInput): string {
  const { samples, targets, machine } = input;
  const defs = metricDefs(input.chunks, input.streams, input.streamChunks).filter((d) =>
    targets.some((t) => medianOf(samples, d.key, t) !== undefined),
  );
  const labels = targets.map((t) => TARGETS[t].label);

  const valueRows = defs.map((d) => [
    `${d.label} (${d.unit})`,
    ...targets.map((t) => {
      const v = medianOf(samples, d.key, t);
      if (v === undefined) return "–";
      const spread = spreadOf(samples, d.key, t);
      return spread === undefined
        ? formatValue(v, d.unit)
        : `${formatValue(v, d.unit)} ±${Math.round(spread * 100)}%`;
    }),
  ]);

  const others = targets.filter((t) => t !== "floor");
  const ratioHeader = ["Scenario"];
  const ratioCells: [TargetId, TargetId][] = [];
  for (const t of others) {
    if (targets.includes("floor")) {
      ratioHeader.push(`${TARGETS[t].label} ÷ floor`);
      ratioCells.push([t, "floor"]);
    }
    if (t !== "sdk" && targets.includes("sdk")) {
      ratioHeader.push(`${TARGETS[t].label} ÷ SDK`);
      ratioCells.push([t, "sdk"]);
    }
  }
  const ratioRows = defs.map((d) => [
    d.label,
    ...ratioCells.map(([a, b]) =>
      formatRatio(ratio(medianOf(samples, d.key, a), medianOf(samples, d.key, b))),
    ),
  ]);

  const goals = evaluateGoals(samples, input.chunks);
  const goalRows = goals.map((g) => [
    g.text,
    g.measured ?? "not run",
    g.met === undefined ? "–" : g.met ? "met" : "**missed**",
  ]);

  const date = input.date
    .toISOString()
    .replace("T", " ")
    .replace(/\.\d+Z$/, " UTC");
  const parts = [
    "# Benchmarks",
    "",
    `Run on ${date} on ${machine.cores} cores (${machine.cpuModel}), Node.js ${machine.node}, ${machine.os}.`,
    "",
    "```sh",
    input.command,
    "```",
    "",
    ...input.conditions.map((c) => `- ${c}`),
    "",
    `## Results (medians over ${plural(input.rounds, "round")}; memory over ${input.memoryRounds})`,
    "",
    "± is half the range over rounds, relative to the median.",
    "",
    table(["Scenario", ...labels], valueRows),
    "",
    "## Ratios (from the medians above)",
    "",
    "For throughput (req/s, events/s) higher is better; for everything else lower is better.",
    "",
    table(ratioHeader, ratioRows),
    "",
    "## Goals",
    "",
    table(["Goal", "Measured", ""], goalRows),
  ];
  if (input.skipped.length > 0) {
    parts.push("", "## Not run or failed", "", ...input.skipped.map((s) => `- ${s}`));
  }
  return `${parts.join("\n")}\n`;
}
