import { describe, expect, it, vi } from "vitest";
import { createRedisStores } from "../src/index.js";
import { REDIS_URL, testPrefix } from "./support/redis.js";

/** A logger that keeps what it is told. */
function recordingLogger() {
  const lines: { level: string; message: string; fields?: unknown }[] = [];
  const at =
    (level: string) =>
    (message: string, fields?: Record<string, unknown>): void => {
      lines.push({ level, message, fields });
    };
  return {
    lines,
    logger: { debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") },
  };
}

describe("the stores' own connections", () => {
  it("subscribe before they are ready without an error, from a URL", async () => {
    // Stores made from a URL and used at once: the pub/sub connection subscribes while it is
    // still connecting. ioredis' ready check used to fail on it and print to the console.
    const printed = vi.spyOn(console, "error");
    const { lines, logger } = recordingLogger();
    const stores = createRedisStores({ redis: REDIS_URL, prefix: testPrefix("conn"), logger });
    const scope = { tenant: "", owner: "" };
    const unsubscribe = stores.queueStore.onCancel(scope, "t-1", () => {});
    await stores.pushOutbox.claim(1);
    // Let every connection come up and the subscription take effect.
    await stores.taskStore.get(scope, "missing");
    await new Promise((r) => setTimeout(r, 200));
    unsubscribe?.();
    await stores.close();
    expect(printed).not.toHaveBeenCalled();
    printed.mockRestore();
    expect(lines.filter((l) => l.level === "warn" || l.level === "error")).toEqual([]);
  });

  it("send connection errors to the logger, not the console", async () => {
    const { lines, logger } = recordingLogger();
    // Nothing listens on port 1: every connection attempt fails.
    const stores = createRedisStores({
      redis: "redis://127.0.0.1:1",
      prefix: testPrefix("conn"),
      logger,
      redisOptions: { retryStrategy: () => null, maxRetriesPerRequest: 0 },
    });
    while (!lines.some((l) => l.message.startsWith("Redis connection error"))) {
      await new Promise((r) => setTimeout(r, 10));
    }
    await stores.close();
    const connections = new Set(
      lines
        .filter((l) => l.message.startsWith("Redis connection error"))
        .map((l) => (l.fields as { connection: string }).connection),
    );
    expect(connections.has("commands")).toBe(true);
  });
});
