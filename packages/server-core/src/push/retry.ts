import { nonNegativeMs, positiveInt, timerMs } from "../option-checks.js";

/** How failed push attempts are retried. */
export interface PushRetryOptions {
  /** Attempts per delivery, the first included, before it is dead-lettered (default 8). */
  maxAttempts?: number;
  /** Age after which a failing delivery is dead-lettered instead of retried (default 1 hour). */
  maxAgeMs?: number;
  /** Timeout of one attempt, response headers included (default 10 s). */
  timeoutMs?: number;
  /**
   * The wait before retry number `attempt` (1 for the first retry). Default: exponential from
   * 1 s, doubling, capped at 5 minutes, with full jitter.
   */
  backoff?: (attempt: number) => number;
  /** The longest `Retry-After` that is honoured; longer ones are cut to this (default 10 min). */
  maxRetryAfterMs?: number;
}

/** The retry options with every default filled in. */
export type ResolvedRetryOptions = Required<PushRetryOptions>;

/** Fills in the retry defaults; a value out of range is a `RangeError` naming it. */
export function resolveRetry(o: PushRetryOptions = {}): ResolvedRetryOptions {
  return {
    maxAttempts: positiveInt(o.maxAttempts, 8, "retry.maxAttempts"),
    maxAgeMs: nonNegativeMs(o.maxAgeMs, 60 * 60_000, "retry.maxAgeMs"),
    timeoutMs: timerMs(o.timeoutMs, 10_000, "retry.timeoutMs"),
    backoff: o.backoff ?? exponentialBackoff(),
    maxRetryAfterMs: nonNegativeMs(o.maxRetryAfterMs, 10 * 60_000, "retry.maxRetryAfterMs"),
  };
}

/**
 * Exponential backoff with full jitter: a random wait in [0, min(cap, base * 2^(attempt-1))].
 * Jitter spreads the retries of many deliveries that failed together (a webhook outage).
 */
export function exponentialBackoff(
  options: { baseMs?: number; capMs?: number; random?: () => number } = {},
): (attempt: number) => number {
  const base = options.baseMs ?? 1000;
  const cap = options.capMs ?? 5 * 60_000;
  const random = options.random ?? Math.random;
  return (attempt) => Math.floor(random() * Math.min(cap, base * 2 ** Math.max(0, attempt - 1)));
}

/**
 * The wait a `Retry-After` header asks for, in ms: delta-seconds or an HTTP date; undefined when
 * absent or unreadable. Negative waits (a date in the past) become 0.
 */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (value === null) return undefined;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const date = Date.parse(v);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/** What one HTTP status means for a push delivery. */
export type StatusVerdict = "delivered" | "retry" | "permanent";

/**
 * Only 2xx counts as delivered. 5xx, 408 and 429 are worth retrying; other 4xx will not change
 * by repeating the same request, and a redirect is never followed (it could lead anywhere).
 */
export function statusVerdict(status: number): StatusVerdict {
  if (status >= 200 && status < 300) return "delivered";
  if (status >= 500 || status === 408 || status === 429) return "retry";
  return "permanent";
}
