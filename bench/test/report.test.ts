// The report generator on fixed samples: tables, ratios and goals come out as Markdown.

import { describe, expect, it } from "vitest";
import { parseConfig } from "../src/config.js";
import { evaluateGoals, renderReport } from "../src/report.js";
import { addSample, type Samples } from "../src/results.js";
import { expectedMs } from "../src/run.js";

const machine = { cores: 2, cpuModel: "Test CPU", node: "v20.0.0", os: "linux x64" };

function fixture(): Samples {
  const samples: Samples = {};
  const put = (metric: string, values: Record<string, number>) => {
    for (const [target, value] of Object.entries(values)) {
      addSample(samples, metric, target as "floor", value);
    }
  };
  put("send.rps", { floor: 10_000, a2akit: 6_000, "a2akit-redis": 2_000, sdk: 3_000 });
  put("send.cpu", { floor: 100, a2akit: 140, "a2akit-redis": 300, sdk: 320 });
  put("stream.1000.last", { floor: 50, a2akit: 80, sdk: 200 });
  put("stream.10000.last", { floor: 500, a2akit: 1_200, sdk: 2_100 });
  put("memory.heap", { a2akit: 1_000, sdk: 2_000 });
  put("subscribe.same", { a2akit: 0.5, "a2akit-redis": 1.2, sdk: 0.6 });
  put("subscribe.cross", { "a2akit-redis": 1.5 });
  return samples;
}

describe("renderReport", () => {
  it("prints the conditions, a results table with one column per target, ratios and goals", () => {
    const report = renderReport({
      samples: fixture(),
      targets: ["floor", "a2akit", "a2akit-redis", "sdk"],
      chunks: [1_000, 10_000],
      streams: 16,
      streamChunks: 1_000,
      rounds: 3,
      memoryRounds: 2,
      date: new Date("2026-01-02T03:04:05Z"),
      machine,
      command: "pnpm bench",
      conditions: ["Pinned."],
      skipped: [],
    });
    expect(report).toContain("2026-01-02 03:04:05 UTC on 2 cores (Test CPU), Node.js v20.0.0");
    expect(report).toContain("```sh\npnpm bench\n```");
    expect(report).toContain(
      "| Scenario | Hono floor | a2akit (memory) | a2akit (Redis) | @a2a-js/sdk 1.3 |",
    );
    expect(report).toContain("| SendMessage throughput (req/s) | 10,000 | 6,000 | 2,000 | 3,000 |");
    // Ratios to the floor and to the SDK, from the same medians.
    expect(report).toMatch(/\| SendMessage server CPU per request \| 1\.40× \| 0\.44× \|/);
    // Scenarios nobody ran are left out, not printed empty.
    expect(report).not.toContain("first event");
    expect(report).toContain("| Heap per retained task (bytes) | – | 1,000 | – | 2,000 |");
  });

  it("marks each goal met or missed", () => {
    const goals = evaluateGoals(fixture(), [1_000, 10_000]);
    expect(goals.map((g) => [g.measured, g.met])).toEqual([
      ["1.400×", true],
      ["1.600×", true],
      ["15.000×", false],
      ["0.500×", false],
      ["0.333×", false],
      ["+1.000 ms", true],
    ]);
  });

  it("says which goals could not be checked", () => {
    const goals = evaluateGoals({}, [100]);
    expect(goals.every((g) => g.met === undefined && g.measured === undefined)).toBe(true);
  });
});

describe("parseConfig", () => {
  it("runs the full bench by default and writes the report", () => {
    const config = parseConfig([], {}, "/r/BENCHMARKS.md");
    expect(config).toMatchObject({ rounds: 7, connections: 64, out: "/r/BENCHMARKS.md" });
    expect(config.chunks).toEqual([100, 1_000, 10_000]);
    expect(config.streamRepeats).toBe(3);
  });

  it("shrinks everything in --quick mode and writes nothing unless told", () => {
    const config = parseConfig(["--quick"], {}, "/r/BENCHMARKS.md");
    expect(config).toMatchObject({ quick: true, rounds: 1, out: undefined });
  });

  it("takes flags over BENCH_* variables", () => {
    const config = parseConfig(
      ["--rounds=2", "--targets=floor,sdk", "--no-pin"],
      { BENCH_ROUNDS: "9", BENCH_MEMORY_ROUNDS: "4" },
      "x",
    );
    expect(config).toMatchObject({ rounds: 2, memoryRounds: 4, pin: false });
    expect(config.targets).toEqual(["floor", "sdk"]);
  });

  it("names a bad option", () => {
    expect(() => parseConfig(["--round=2"], {}, "x")).toThrow(/unknown option --round/);
    expect(() => parseConfig(["--rounds=-1"], {}, "x")).toThrow(/--rounds must be a positive/);
    expect(() => parseConfig(["--targets=nginx"], {}, "x")).toThrow(/unknown target "nginx"/);
    expect(() => parseConfig(["--stream-repeats=1.5"], {}, "x")).toThrow(/whole number/);
  });
});

describe("expectedMs", () => {
  it("extrapolates linearly from one size and by the observed growth from two", () => {
    expect(expectedMs([], 1_000)).toBe(0);
    expect(expectedMs([{ k: 100, ms: 10 }], 1_000)).toBe(100);
    // 10× the chunks took 100× the time: quadratic, so 10× more again is 100× more.
    expect(
      expectedMs(
        [
          { k: 100, ms: 10 },
          { k: 1_000, ms: 1_000 },
        ],
        10_000,
      ),
    ).toBeCloseTo(100_000);
    // Growing slower than K (warm-up noise) is never extrapolated below linear.
    expect(
      expectedMs(
        [
          { k: 100, ms: 10 },
          { k: 1_000, ms: 20 },
        ],
        10_000,
      ),
    ).toBe(200);
  });
});
