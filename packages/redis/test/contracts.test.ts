import {
  describePushConfigStoreContract,
  describeQueueStoreContract,
  describeTaskCommitterContract,
  describeTaskStoreContract,
} from "@a2akit/server-core/testing";
import { afterAll, describe, it } from "vitest";
import { createRedisStores, type RedisStores } from "../src/index.js";
import { connect, dropPrefix, testPrefix } from "./support/redis.js";

const redis = connect();
const prefixes: string[] = [];
const opened: RedisStores[] = [];
let clock = Date.UTC(2025, 0, 1);

/** Fresh stores under a fresh prefix, so every contract test starts empty. */
function fresh(): RedisStores {
  const prefix = testPrefix("contract");
  prefixes.push(prefix);
  const stores = createRedisStores({
    redis,
    prefix,
    now: () => clock,
    terminalTtlMs: 60_000,
    sweepIntervalMs: 0,
  });
  opened.push(stores);
  return stores;
}

afterAll(async () => {
  for (const s of opened) await s.close();
  for (const p of prefixes) await dropPrefix(redis, p);
  await redis.quit();
});

describeTaskStoreContract({ describe, it }, "RedisTaskStore", () => {
  const stores = fresh();
  return {
    store: stores.taskStore,
    expireTerminal: async () => {
      clock += 60_001;
      await stores.sweep();
    },
  };
});

describeTaskStoreContract({ describe, it }, "RedisTaskStore, expiry found on read", () => {
  const stores = fresh();
  // No sweep: retention must hold from the reads alone.
  return {
    store: stores.taskStore,
    expireTerminal: () => {
      clock += 60_001;
    },
  };
});

describeQueueStoreContract({ describe, it }, "RedisQueueStore", () => ({
  store: fresh().queueStore,
}));

describeTaskCommitterContract({ describe, it }, "RedisTaskStore with RedisQueueStore", () => {
  const stores = fresh();
  return {
    taskStore: stores.taskStore,
    queueStore: stores.queueStore,
    // Same client, other prefix: other keys, so no script can write both.
    foreignQueueStore: fresh().queueStore,
  };
});

describePushConfigStoreContract({ describe, it }, "RedisPushConfigStore", () => ({
  store: fresh().pushConfigStore,
}));
