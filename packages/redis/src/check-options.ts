import type { RedisStoresOptions } from "./create-stores.js";

/** The longest delay a timer holds; a longer one fires at once (and Node warns on the console). */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** The timing and size options of {@link createRedisStores}, checked, with defaults filled in. */
export interface CheckedStoresOptions {
  terminalTtlMs: number | undefined;
  endedLogTtlMs: number;
  maxLogEntries: number | undefined;
  leaseMs: number;
  leaseRenewMs: number;
  sweepIntervalMs: number;
  blockMs: number | undefined;
}

/**
 * Checks the options before anything is opened, so a typo is a `RangeError` naming the option
 * rather than a lease that runs out while its task is healthy or a timer that spins.
 */
export function checkStoresOptions(options: RedisStoresOptions): CheckedStoresOptions {
  const leaseMs = positiveMs(options.leaseMs, "leaseMs") ?? 30_000;
  const leaseRenewMs = timerMs(
    positiveMs(options.leaseRenewMs, "leaseRenewMs") ?? Math.max(1, Math.floor(leaseMs / 3)),
    "leaseRenewMs",
  );
  if (leaseRenewMs >= leaseMs) {
    // Renewed no more often than it lasts, a lease runs out between renewals and the sweeper
    // of another instance fails a task that is running fine.
    throw new RangeError(
      `leaseRenewMs (${leaseRenewMs}) must be less than leaseMs (${leaseMs}), so a lease is renewed before it runs out`,
    );
  }
  const sweep = options.sweepIntervalMs;
  if (sweep !== undefined && !(Number.isFinite(sweep) && sweep >= 0)) {
    throw new RangeError(
      `sweepIntervalMs must be 0 (never) or a positive number of ms, got ${sweep}`,
    );
  }
  const maxLogEntries = options.maxLogEntries;
  if (maxLogEntries !== undefined && !(Number.isInteger(maxLogEntries) && maxLogEntries > 0)) {
    throw new RangeError(`maxLogEntries must be a positive integer, got ${maxLogEntries}`);
  }
  return {
    terminalTtlMs: positiveMs(options.terminalTtlMs, "terminalTtlMs"),
    endedLogTtlMs: positiveMs(options.endedLogTtlMs, "endedLogTtlMs") ?? 300_000,
    maxLogEntries,
    leaseMs,
    leaseRenewMs,
    sweepIntervalMs: timerMs(sweep ?? 10_000, "sweepIntervalMs"),
    blockMs: positiveMs(options.blockMs, "blockMs"),
  };
}

function positiveMs(value: number | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  if (!(Number.isFinite(value) && value > 0)) {
    throw new RangeError(`${name} must be a positive number of ms, got ${value}`);
  }
  return value;
}

function timerMs(value: number, name: string): number {
  if (value > MAX_TIMER_MS) {
    throw new RangeError(`${name} must be at most ${MAX_TIMER_MS} ms (about 24.8 days)`);
  }
  return value;
}
