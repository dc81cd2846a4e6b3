import { describe, expect, it } from "vitest";
import { createPushDeliveries, MemoryPushOutbox, type PushDeliveryOptions } from "../src/index.js";

// Options often come from the environment, where a missing variable is `Number(undefined)`,
// NaN. A NaN concurrency or per-host bound used to stop every delivery without a word, and a
// NaN `maxAttempts` retried for an hour: each is refused up front, naming the option.
describe("push delivery options", () => {
  it.each<[PushDeliveryOptions, RegExp]>([
    [{ concurrency: Number.NaN }, /concurrency must be a positive integer, got NaN/],
    [{ concurrency: 0 }, /concurrency must be a positive integer, got 0/],
    [{ maxInFlightPerHost: Number.NaN }, /maxInFlightPerHost must be a positive integer, got NaN/],
    [{ maxInFlightPerHost: 2.5 }, /maxInFlightPerHost must be a positive integer, got 2.5/],
    [{ maxQueuedPerConfig: 0 }, /maxQueuedPerConfig must be a positive integer, got 0/],
    [{ retry: { maxAttempts: Number.NaN } }, /retry.maxAttempts must be a positive integer/],
    [{ retry: { maxAttempts: 0 } }, /retry.maxAttempts must be a positive integer, got 0/],
    [{ retry: { maxAgeMs: -1 } }, /retry.maxAgeMs must be 0 or more ms, got -1/],
    [{ retry: { timeoutMs: 0 } }, /retry.timeoutMs must be a positive number of ms, got 0/],
    [{ retry: { timeoutMs: 2 ** 31 } }, /retry.timeoutMs must be at most 2147483647 ms/],
    [{ retry: { maxRetryAfterMs: Number.NaN } }, /retry.maxRetryAfterMs must be 0 or more ms/],
  ])("refuses %j", (options, message) => {
    expect(() => createPushDeliveries(options)).toThrow(RangeError);
    expect(() => createPushDeliveries(options)).toThrow(message);
  });

  it.each([
    [{ maxQueuedPerConfig: -1 }, /maxQueuedPerConfig must be a positive integer, got -1/],
    [{ maxDeadLetters: Number.NaN }, /maxDeadLetters must be 0 or a positive integer, got NaN/],
  ])("refuses a memory outbox with %j", (options, message) => {
    expect(() => new MemoryPushOutbox(options)).toThrow(message);
  });

  it("accepts the documented values, maxAgeMs 0 (never retry) included", async () => {
    const deliveries = createPushDeliveries({
      concurrency: 1,
      maxInFlightPerHost: 1,
      maxQueuedPerConfig: 1,
      retry: { maxAttempts: 1, maxAgeMs: 0, timeoutMs: 1, maxRetryAfterMs: 0 },
    });
    await deliveries.close();
  });
});
