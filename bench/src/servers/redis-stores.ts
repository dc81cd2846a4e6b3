// Loads the Redis stores through a dynamic import, so the bench keeps working (and reports the
// Redis scenarios as not run) while @a2akit/redis does not export `createRedisStores` yet.

import type { PushConfigStore, QueueStore, TaskStore } from "@a2akit/server-core";

export interface BenchRedisStores {
  taskStore: TaskStore;
  queueStore: QueueStore;
  pushConfigStore: PushConfigStore;
  close(): Promise<void>;
}

type Factory = (options: {
  redis: string;
  prefix?: string;
  terminalTtlMs?: number;
}) => BenchRedisStores;

/** Why the Redis stores cannot be used, or undefined when they can. */
export async function redisStoresMissing(): Promise<string | undefined> {
  try {
    const mod = (await import("@a2akit/redis")) as { createRedisStores?: unknown };
    if (typeof mod.createRedisStores !== "function") {
      return "@a2akit/redis does not export createRedisStores yet";
    }
    return undefined;
  } catch (error) {
    return `@a2akit/redis does not load: ${(error as Error).message}`;
  }
}

export async function loadRedisStores(url: string): Promise<BenchRedisStores> {
  const mod = (await import("@a2akit/redis")) as { createRedisStores?: Factory };
  if (typeof mod.createRedisStores !== "function") {
    throw new Error("@a2akit/redis does not export createRedisStores");
  }
  return mod.createRedisStores({
    redis: url,
    prefix: process.env.PREFIX ?? "a2akit-bench",
    // The bench deletes its keys at the end; this is the backstop if it is interrupted.
    terminalTtlMs: 10 * 60_000,
  });
}
