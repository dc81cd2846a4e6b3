import { createRedisStores } from "@a2akit/redis";
import type { PushConfigStore, PushOutbox, QueueStore, TaskStore } from "@a2akit/server-core";
import type { Logger } from "pino";
import type { AgentConfig } from "./config.js";
import { coreLogger } from "./log.js";

/** The stores the handler runs on, and how to release them after the handler is closed. */
export interface AgentStores {
  taskStore?: TaskStore;
  queueStore?: QueueStore;
  pushConfigStore?: PushConfigStore;
  /** Where push notifications wait to be sent; on Redis they survive restarts. */
  pushOutbox?: PushOutbox;
  close(): Promise<void>;
}

/**
 * `STORE=memory`: no stores given, so the handler makes its bounded in-memory ones.
 * `STORE=redis`: shared stores on REDIS_URL, so several instances serve the same tasks, and
 * pending push notifications outlive a restart and are sent by whichever instance is free.
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
    pushOutbox: stores.pushOutbox,
    close: () => stores.close(),
  };
}
