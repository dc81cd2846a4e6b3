import type { RetryOptions } from "./http.js";
import { MAX_TIMER_MS } from "./options.js";

/** Delay before retry number `attempt` (1-based): exponential with jitter, or `Retry-After`. */
export function retryDelay(
  retry: Required<RetryOptions>,
  attempt: number,
  headers?: Headers,
): number {
  const after = headers?.get("retry-after");
  if (after && /^\d+$/.test(after)) return Math.min(Number(after) * 1000, retry.maxDelayMs);
  const exp = Math.min(retry.baseDelayMs * 2 ** (attempt - 1), retry.maxDelayMs);
  return exp / 2 + Math.random() * (exp / 2);
}

/** Waits `ms`, or rejects with the signal's reason when it aborts first. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(
      () => {
        signal?.removeEventListener("abort", onAbort);
        resolve();
      },
      Math.min(ms, MAX_TIMER_MS),
    );
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
