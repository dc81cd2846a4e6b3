import type { A2AClientOptions } from "./client.js";

/**
 * The longest delay a timer holds (2^31 - 1 ms, about 24.8 days). Runtimes fire longer timers
 * at once (Node also warns on the console), so longer timeouts and delays are capped to this.
 */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** A timeout or delay in ms, checked and capped; throws naming `name` when it is not one. */
export function milliseconds(value: unknown, name: string): number {
  if (typeof value !== "number") {
    throw new TypeError(`${name} must be a number of milliseconds, got ${typeof value}`);
  }
  if (!(value >= 0) || value === Number.POSITIVE_INFINITY) {
    throw new RangeError(`${name} must be a finite number of milliseconds >= 0, got ${value}`);
  }
  return Math.min(value, MAX_TIMER_MS);
}

function count(value: unknown, name: string, min: number): void {
  if (typeof value !== "number") {
    throw new TypeError(`${name} must be a number, got ${typeof value}`);
  }
  if (!Number.isInteger(value) || value < min) {
    throw new RangeError(`${name} must be a whole number >= ${min}, got ${value}`);
  }
}

/**
 * Checks the numbers among the client options, so a mistake shows up when the client is built,
 * naming the option, rather than as an odd failure of the first call.
 */
export function checkClientOptions(options: A2AClientOptions): void {
  if (options.timeout !== undefined) milliseconds(options.timeout, "timeout");
  if (options.maxEventBytes !== undefined) count(options.maxEventBytes, "maxEventBytes", 1);
  if (options.maxResponseBytes !== undefined) {
    count(options.maxResponseBytes, "maxResponseBytes", 1);
  }
  if (options.retry) {
    const { retries, baseDelayMs, maxDelayMs } = options.retry;
    if (retries !== undefined) count(retries, "retry.retries", 0);
    if (baseDelayMs !== undefined) milliseconds(baseDelayMs, "retry.baseDelayMs");
    if (maxDelayMs !== undefined) milliseconds(maxDelayMs, "retry.maxDelayMs");
  }
  if (options.reconnect) {
    const { maxAttempts, baseDelayMs, maxDelayMs } = options.reconnect;
    if (maxAttempts !== undefined) count(maxAttempts, "reconnect.maxAttempts", 0);
    if (baseDelayMs !== undefined) milliseconds(baseDelayMs, "reconnect.baseDelayMs");
    if (maxDelayMs !== undefined) milliseconds(maxDelayMs, "reconnect.maxDelayMs");
  }
}
