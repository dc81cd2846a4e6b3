import { Redis } from "ioredis";
import { afterAll, describe, expect, it, vi } from "vitest";
import { createRedisStores, type RedisStoresOptions } from "../src/index.js";
import { REDIS_URL, testPrefix } from "./support/redis.js";

// A client of the test's own, so a refused option can be shown to open no connection from it.
const redis = new Redis(REDIS_URL, { lazyConnect: true });
afterAll(() => redis.disconnect());

const bad: [Partial<RedisStoresOptions>, RegExp][] = [
  [{ leaseMs: 0 }, /leaseMs must be a positive number of ms, got 0/],
  [{ leaseMs: Number.NaN }, /leaseMs must be a positive number of ms, got NaN/],
  [{ leaseRenewMs: -1 }, /leaseRenewMs must be a positive number of ms, got -1/],
  // Renewing no more often than the lease lasts lets it run out while the task runs: the sweeper
  // on another instance would fail a healthy task.
  [{ leaseMs: 10_000, leaseRenewMs: 10_000 }, /leaseRenewMs \(10000\) must be less than leaseMs/],
  // The default renewal, a third of the lease, must also fit in a timer.
  [{ leaseMs: 2 ** 33 }, /leaseRenewMs must be at most 2147483647 ms/],
  [{ sweepIntervalMs: -5 }, /sweepIntervalMs must be 0 \(never\) or a positive number of ms/],
  [{ sweepIntervalMs: Number.NaN }, /sweepIntervalMs must be 0 \(never\) or a positive number/],
  // Past what a timer holds the interval fires at once, and Node warns on the console.
  [{ sweepIntervalMs: 2 ** 31 }, /sweepIntervalMs must be at most 2147483647 ms/],
  [{ terminalTtlMs: -1 }, /terminalTtlMs must be a positive number of ms, got -1/],
  [{ endedLogTtlMs: 0 }, /endedLogTtlMs must be a positive number of ms, got 0/],
  [{ blockMs: 0 }, /blockMs must be a positive number of ms, got 0/],
  [{ maxLogEntries: 0 }, /maxLogEntries must be a positive integer, got 0/],
  [{ maxLogEntries: 1.5 }, /maxLogEntries must be a positive integer, got 1.5/],
];

describe("createRedisStores options", () => {
  for (const [options, message] of bad) {
    it(`refuses ${JSON.stringify(options, (_k, v) => (Number.isNaN(v) ? "NaN" : v))}`, () => {
      const make = () => createRedisStores({ redis, prefix: testPrefix("opts"), ...options });
      expect(make).toThrow(RangeError);
      expect(make).toThrow(message);
      // Refused before anything was opened: the client was never asked to connect.
      expect(redis.status).toBe("wait");
    });
  }

  it("refuses a bad option before it opens a client from a URL", () => {
    expect(() => createRedisStores({ redis: REDIS_URL, leaseMs: -1 })).toThrow(RangeError);
  });

  it.each([
    [{ prefix: "a{b" }, TypeError],
    [{ pushOutbox: { maxQueuedPerConfig: 0 } }, RangeError],
    // Timers: past 2^31-1 ms one fires at once and Node warns on the console.
    [{ pushOutbox: { pollIntervalMs: 2 ** 31 } }, RangeError],
    [{ pushOutbox: { renewMs: 2 ** 31 } }, RangeError],
  ])("leaves no connection open when it refuses %j", (options, type) => {
    const connect = vi.spyOn(Redis.prototype, "connect");
    const disconnect = vi.spyOn(Redis.prototype, "disconnect");
    try {
      expect(() => createRedisStores({ redis: REDIS_URL, ...options })).toThrow(type);
      // Every client that started connecting was dropped again.
      expect(new Set(disconnect.mock.contexts)).toEqual(new Set(connect.mock.contexts));
    } finally {
      connect.mockRestore();
      disconnect.mockRestore();
    }
  });

  it("accepts the documented values, 0 = never sweeping included", async () => {
    const stores = createRedisStores({
      redis: REDIS_URL,
      prefix: testPrefix("opts"),
      leaseMs: 3_000,
      sweepIntervalMs: 0,
      maxLogEntries: 5,
    });
    await expect(stores.taskStore.get({ tenant: "", owner: "" }, "missing")).resolves.toBe(
      undefined,
    );
    await stores.close();
  });
});
