import { Redis } from "ioredis";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createRedisReplayCache, RedisTokenBucketStore } from "../src/index.js";

/** A logger that keeps what it is told. */
function recordingLogger() {
  const lines: { level: string; message: string }[] = [];
  const at = (level: string) => (message: string) => {
    lines.push({ level, message });
  };
  return {
    lines,
    logger: { debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") },
  };
}

// Nothing listens on port 1: every connection attempt fails at once, and is not retried.
const DOWN = "redis://127.0.0.1:1";
const noRetry = { retryStrategy: () => null, maxRetriesPerRequest: 0 };

const makers = {
  RedisTokenBucketStore: (options: Parameters<typeof createRedisReplayCache>[0]) =>
    new RedisTokenBucketStore(options),
  createRedisReplayCache,
};

afterEach(() => vi.restoreAllMocks());

describe.each(Object.entries(makers))("%s from a URL", (_name, make) => {
  it("reports connection errors to its logger, never the console", async () => {
    // ioredis prints an "Unhandled error event" to the console for a client nobody listens to.
    const printed = vi.spyOn(console, "error").mockImplementation(() => {});
    const { lines, logger } = recordingLogger();
    const made = make({ redis: DOWN, redisOptions: noRetry, logger });
    for (let i = 0; i < 200 && lines.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    await made.close();
    expect(printed).not.toHaveBeenCalled();
    expect(lines[0]?.level).toBe("warn");
  });

  it("closes cleanly while its connection is down", async () => {
    const { logger } = recordingLogger();
    const made = make({ redis: DOWN, redisOptions: noRetry, logger });
    await new Promise((r) => setTimeout(r, 50));
    await expect(made.close()).resolves.toBeUndefined();
  });

  it("refuses a bad prefix before it opens a connection", () => {
    const connect = vi.spyOn(Redis.prototype, "connect");
    expect(() => make({ redis: DOWN, prefix: "a{b" })).toThrow(TypeError);
    expect(connect).not.toHaveBeenCalled();
  });
});
