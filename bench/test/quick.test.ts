// Runs `pnpm bench --quick` end to end: every scenario against every target. The scenarios
// themselves reject a wrongly shaped answer (echo task, K chunks then COMPLETED, every tick
// seen through SubscribeToTask), so a finished run means each target answered correct A2A
// responses. Timings are printed, never asserted.

import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";
import { redisUnavailable } from "../src/targets.js";

const benchDir = join(dirname(fileURLToPath(import.meta.url)), "..");
const redisMissing = await redisUnavailable();

it("pnpm bench --quick runs every scenario and writes a Markdown report", async () => {
  const out = join(mkdtempSync(join(tmpdir(), "a2akit-bench-test-")), "BENCHMARKS.md");
  const stdout = await new Promise<string>((resolve, reject) => {
    execFile(
      process.execPath,
      ["--import", "tsx", "src/main.ts", "--quick", "--no-pin", `--out=${out}`],
      { cwd: benchDir, timeout: 170_000 },
      (error, output, stderr) =>
        error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(output),
    );
  });
  const report = readFileSync(out, "utf8");
  expect(stdout).toBe(report);
  const targets = redisMissing
    ? "| Scenario | Hono floor | a2akit (memory) | a2akit (memory, Hono) | @a2a-js/sdk 1.3 |"
    : "| Scenario | Hono floor | a2akit (memory) | a2akit (memory, Hono) | a2akit (Redis) | @a2a-js/sdk 1.3 |";
  expect(report).toContain(targets);
  const cells = (label: string) =>
    report
      .split("\n")
      .find((line) => line.startsWith(`| ${label}`))
      ?.split("|")
      .slice(2, -1)
      .map((c) => c.trim());
  const columns = redisMissing ? 4 : 5;
  // Every target has a number for SendMessage and memory/subscribe where it applies.
  expect(cells("SendMessage throughput")).toHaveLength(columns);
  expect(cells("SendMessage throughput")?.every((c) => /^[\d,.]+/.test(c))).toBe(true);
  expect(cells("Stream K=100: last event")?.filter((c) => /^[\d,.]+/.test(c))).toHaveLength(3);
  expect(cells("Heap per retained task")?.filter((c) => /^-?[\d,.]+/.test(c))).toHaveLength(2);
  expect(report).toContain("## Ratios");
  expect(report).toMatch(/## Goals\n\n\| Goal \| Measured \|/);
}, 180_000);
