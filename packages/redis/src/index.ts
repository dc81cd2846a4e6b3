/**
 * @a2akit/redis: Redis-backed task, event-log and push-config stores for Agent2Agent (A2A)
 * protocol v1.0 servers, so one agent can run on many instances.
 */
export type { RedisStores, RedisStoresOptions } from "./create-stores.js";
export { createRedisStores } from "./create-stores.js";
export type { QueueAppendFailure } from "./errors.js";
export { QueueAppendError } from "./errors.js";
export type { LeaseOptions } from "./leases.js";
export type { SweepResult } from "./orphan-sweeper.js";
export { INSTANCE_STOPPED_TEXT } from "./orphan-sweeper.js";
export type { RedisPushConfigStoreOptions } from "./push-config-store.js";
export { RedisPushConfigStore } from "./push-config-store.js";
export type { RedisPushOutboxConfig, RedisPushOutboxOptions } from "./push-outbox.js";
export { createRedisPushOutbox, RedisPushOutbox } from "./push-outbox.js";
export type { RedisQueueConnections, RedisQueueStoreOptions } from "./queue-store.js";
export { RedisQueueStore } from "./queue-store.js";
export type { RedisReplayCache, RedisReplayCacheOptions } from "./replay-cache.js";
export { createRedisReplayCache } from "./replay-cache.js";
export type { RedisTaskStoreOptions } from "./task-store.js";
export { RedisTaskStore } from "./task-store.js";
export type { RedisTokenBucketStoreOptions } from "./token-bucket-store.js";
export { RedisTokenBucketStore } from "./token-bucket-store.js";
