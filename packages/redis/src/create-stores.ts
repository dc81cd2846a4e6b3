import { type Logger, silentLogger } from "@a2akit/server-core";
import { Redis, type RedisOptions } from "ioredis";
import { checkStoresOptions } from "./check-options.js";
import { Keys } from "./keys.js";
import { OrphanSweeper, type SweepResult } from "./orphan-sweeper.js";
import { RedisPushConfigStore } from "./push-config-store.js";
import { RedisPushOutbox, type RedisPushOutboxOptions } from "./push-outbox.js";
import { RedisQueueStore } from "./queue-store.js";
import { RedisTaskStore } from "./task-store.js";

/** Options of {@link createRedisStores}. */
export interface RedisStoresOptions {
  /** An ioredis client (you keep owning it) or a `redis://` URL (the stores own that client). */
  redis: Redis | string;
  /** Options for the client made from a URL. */
  redisOptions?: RedisOptions;
  /** Key prefix; every key starts with the hash tag `{prefix}` (default `a2a`). */
  prefix?: string;
  /** Keep a terminal task (its snapshot, log and push configs) this long, in ms (default 1 h). */
  terminalTtlMs?: number;
  /** Keep an ended event log this long for late readers, in ms (default 5 min). */
  endedLogTtlMs?: number;
  /** Most events kept per task log (default 10,000). */
  maxLogEntries?: number;
  /** An execution lease lasts this long without renewal, in ms (default 30 s). */
  leaseMs?: number;
  /** Renew leases this often, in ms (default a third of `leaseMs`); less than `leaseMs`. */
  leaseRenewMs?: number;
  /** Look for ended leases and expired tasks this often, in ms (default 10 s; 0 = never). */
  sweepIntervalMs?: number;
  /** How long one tailing XREAD blocks, in ms (default 5 s). */
  blockMs?: number;
  /** Bounds and timing of `pushOutbox` (see {@link RedisPushOutboxOptions}). */
  pushOutbox?: Pick<
    RedisPushOutboxOptions,
    | "maxQueuedPerConfig"
    | "maxDeadLetters"
    | "visibilityTimeoutMs"
    | "renewMs"
    | "pollIntervalMs"
    | "dedupeWindowMs"
  >;
  /** The clock for retention and push retries, in epoch ms (injectable for tests). */
  now?: () => number;
  /** Where connection errors and failed sweeps are reported; default silent. */
  logger?: Logger;
}

/** The Redis stores, their sweeper, and one `close()` for everything they opened. */
export interface RedisStores {
  /** Pass as the request handler's `taskStore`. */
  taskStore: RedisTaskStore;
  /** Pass as the request handler's `queueStore` (paired with `taskStore` for atomic writes). */
  queueStore: RedisQueueStore;
  /** Pass as the request handler's `pushConfigStore`. */
  pushConfigStore: RedisPushConfigStore;
  /**
   * The durable push outbox: pass it to `createPushDeliveries({ outbox })`. It opens nothing
   * until a dispatcher uses it, and shares the stores' pub/sub connection.
   */
  pushOutbox: RedisPushOutbox;
  /** Runs one sweep now: tasks past retention, and tasks whose instance stopped. */
  sweep(): Promise<SweepResult>;
  /**
   * Stops the sweeper, lease renewal and the poller and closes the connections the stores
   * opened (a client you passed in stays open). Close the request handler first, so running
   * executions finish and release their leases.
   */
  close(): Promise<void>;
}

/**
 * Creates the task, queue and push config stores and the push outbox on one Redis, plus the
 * sweeper that fails tasks whose instance stopped. Opens two more connections from the client:
 * one for the shared blocking XREAD and one for pub/sub (cancel signals, push wake-ups).
 */
export function createRedisStores(options: RedisStoresOptions): RedisStores {
  // Checked before any connection is opened, so a refused option leaks nothing.
  const checked = checkStoresOptions(options);
  const prefix = options.prefix ?? "a2a";
  const keys = new Keys(prefix);
  const logger = options.logger ?? silentLogger;
  const owned = typeof options.redis === "string";
  const redis =
    typeof options.redis === "string"
      ? new Redis(options.redis, { lazyConnect: false, ...options.redisOptions })
      : options.redis;
  const now = options.now ?? Date.now;
  const { endedLogTtlMs } = checked;
  // A blocked XREAD must not count against the per-command retry budget of a restart.
  const blocking = redis.duplicate({ maxRetriesPerRequest: null });
  // Subscribed to at once, before it is connected: ioredis' ready check (an INFO) would then run
  // on a connection already in subscriber mode and fail, so this one skips it.
  const subscriber = redis.duplicate({ enableReadyCheck: false });
  // Without a listener ioredis prints connection errors to the console; they go to the logger,
  // and the clients reconnect on their own.
  const onConnectionError = (connection: string) => (error: Error) =>
    logger.warn("Redis connection error; reconnecting", { connection, error: error.message });
  if (owned) redis.on("error", onConnectionError("commands"));
  blocking.on("error", onConnectionError("blocking reads"));
  subscriber.on("error", onConnectionError("pub/sub"));
  let pushOutbox: RedisPushOutbox;
  try {
    pushOutbox = new RedisPushOutbox(redis, {
      ...options.pushOutbox,
      prefix,
      subscriber,
      now,
      logger,
    });
  } catch (error) {
    // A refused `pushOutbox` option: drop the connections opened above before saying so.
    blocking.disconnect();
    subscriber.disconnect();
    if (owned) redis.disconnect();
    throw error;
  }
  const taskStore = new RedisTaskStore(redis, {
    prefix,
    now,
    ...(checked.terminalTtlMs !== undefined ? { terminalTtlMs: checked.terminalTtlMs } : {}),
  });
  const queueStore = new RedisQueueStore(
    redis,
    { blocking, subscriber },
    {
      prefix,
      endedLogTtlMs,
      logger,
      ...(checked.maxLogEntries !== undefined ? { maxEntries: checked.maxLogEntries } : {}),
      leaseMs: checked.leaseMs,
      renewMs: checked.leaseRenewMs,
      ...(checked.blockMs !== undefined ? { blockMs: checked.blockMs } : {}),
    },
  );
  const pushConfigStore = new RedisPushConfigStore(redis, { prefix });
  const sweeper = new OrphanSweeper(redis, keys, taskStore, {
    endedLogTtlMs,
    now,
    logger,
    // A reader that has not queued an event within a lease is as gone as a lost execution.
    pushStaleMs: checked.leaseMs,
    // The task's instance stopped, and the failure is an event no handler wrote: handlers here
    // resume the task's push delivery from its configs' cursors.
    onOrphan: (scope, taskId) => pushConfigStore.notifyWritten(scope, taskId),
  });

  let sweeping: Promise<unknown> = Promise.resolve();
  const interval = checked.sweepIntervalMs;
  const timer =
    interval > 0
      ? setInterval(() => {
          sweeping = sweeper.sweep().catch((error: unknown) => {
            logger.warn("The Redis store sweep failed", { error });
          });
        }, interval)
      : undefined;
  timer?.unref?.();

  let closing: Promise<void> | undefined;
  return {
    taskStore,
    queueStore,
    pushConfigStore,
    pushOutbox,
    sweep: () => sweeper.sweep(),
    close() {
      closing ??= (async () => {
        if (timer) clearInterval(timer);
        queueStore.close();
        await pushOutbox.close();
        await sweeping;
        blocking.disconnect();
        subscriber.disconnect();
        if (owned) await redis.quit().catch(() => redis.disconnect());
      })();
      return closing;
    },
  };
}
