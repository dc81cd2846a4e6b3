import { createRedisStores } from "@a2akit/redis";
import type { PushConfigStore, QueueStore, TaskStore } from "@a2akit/server-core";
import type { Logger } from "pino";
import type { AgentConfig } from "./config.js";
import { coreLogger } from "./log.js";

/** The stores the handler runs on, and how to release them after the handler is closed. */
export interface AgentStores {
  taskStore?: TaskStore;
  queueStore?: QueueStore;
  pushConfigStore?: PushConfigStore;
  close(): Promise<void>;
}

/**
 * `STORE=memory`: no stores given, so the handler makes its bounded in-memory ones.
 * `STORE=redis`: shared stores on REDIS_URL, so several instances serve the same tasks.
 */
export function createStores(config: AgentConfig, log: Logger): AgentStores {
  if (config.store === "memory" || !config.redisUrl) return { close: async () => {} };
  const stores = createRedisStores({
    redis: config.redisUrl,
    prefix: config.redisPrefix,
    logger: coreLogger(log.child({ component: "redis" })),
  });
  return {
    taskStore: stores.taskStore,
    queueStore: stores.queueStore,
    pushConfigStore: stores.pushConfigStore,
    close: () => stores.close(),
  };
}
