// `pnpm bench`: runs every scenario against every target, prints the Markdown report and writes
// it to BENCHMARKS.md at the repository root (flags and BENCH_* env: see USAGE in config.ts).

import { writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { commandLine, conditions } from "./conditions.js";
import { parseConfig, USAGE } from "./config.js";
import { describeMachine } from "./machine.js";
import { renderReport } from "./report.js";
import { runBench } from "./run.js";

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv.includes("--help") || argv.includes("-h")) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const config = parseConfig(argv, process.env, join(repoRoot, "BENCHMARKS.md"));
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const started = Date.now();
  const outcome = await runBench(config, log);
  const report = renderReport({
    samples: outcome.samples,
    targets: outcome.targets,
    chunks: config.chunks,
    streams: config.streams,
    streamChunks: config.streamChunks,
    rounds: config.rounds,
    memoryRounds: config.memoryRounds,
    date: new Date(),
    machine: describeMachine(),
    command: commandLine(argv),
    conditions: conditions(config, outcome),
    skipped: outcome.skipped,
  });
  process.stdout.write(report);
  log(`finished in ${Math.round((Date.now() - started) / 1000)} s`);
  if (config.out) {
    writeFileSync(resolve(config.out), report);
    log(`wrote ${resolve(config.out)}`);
  }
  if (config.raw) writeFileSync(resolve(config.raw), JSON.stringify(outcome, null, 2));
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : error}\n`);
  process.exit(1);
});
