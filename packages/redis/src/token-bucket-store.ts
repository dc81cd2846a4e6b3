import {
  type Logger,
  silentLogger,
  type TokenBucketResult,
  type TokenBucketRule,
  type TokenBucketStore,
} from "@a2akit/server-core";
import type { Redis, RedisOptions } from "ioredis";
import { Keys } from "./keys.js";
import { type ClientRef, closeClient, openClient } from "./owned-client.js";
import { scripts } from "./scripts.js";

/** Options of {@link RedisTokenBucketStore}. */
export interface RedisTokenBucketStoreOptions {
  /** An ioredis client (you keep owning it) or a `redis://` URL (the store owns that client). */
  redis: Redis | string;
  /** Options for the client made from a URL. */
  redisOptions?: RedisOptions;
  /** Key prefix; every key starts with the hash tag `{prefix}` (default `a2a`). */
  prefix?: string;
  /**
   * The clock, in epoch ms (injectable for tests). Default: the Redis server's clock, read
   * inside the script, so instances with skewed clocks agree.
   */
  now?: () => number;
  /** Where connection errors of a client made from a URL are reported; default silent. */
  logger?: Logger;
}

/**
 * Token buckets in Redis, shared by every instance: pass it as `createLimiter({ buckets })` on
 * each one and the request rate is counted across all of them. Each take is one atomic script
 * (refill, then take), and an idle bucket expires once it would be full again.
 */
export class RedisTokenBucketStore implements TokenBucketStore {
  private readonly client: ClientRef;
  private readonly redis: Redis;
  private readonly root: string;
  private readonly now: (() => number) | undefined;
  private closing: Promise<void> | undefined;

  constructor(options: RedisTokenBucketStoreOptions) {
    // The prefix is checked first, so a bad one opens no connection.
    this.root = new Keys(options.prefix ?? "a2a").root;
    this.client = openClient(
      options.redis,
      options.redisOptions,
      options.logger ?? silentLogger,
      "token buckets",
    );
    this.redis = this.client.redis;
    this.now = options.now;
  }

  async take(key: string, rule: TokenBucketRule, cost = 1): Promise<TokenBucketResult> {
    checkRule(rule, cost);
    const reply = (await scripts.tokenBucket.run(
      this.redis,
      [`${this.root}:bucket:${key}`],
      [rule.capacity, rule.refillPerSecond, cost, this.now ? Math.floor(this.now()) : ""],
    )) as [number, number, number];
    return { allowed: reply[0] === 1, remaining: reply[1], retryAfterMs: reply[2] };
  }

  /** Closes the client when the store made it from a URL; a client passed in stays open. */
  close(): Promise<void> {
    this.closing ??= closeClient(this.client);
    return this.closing;
  }
}

function checkRule(rule: TokenBucketRule, cost: number): void {
  if (!Number.isFinite(rule.capacity) || rule.capacity <= 0) {
    throw new RangeError(`capacity must be a positive number, got ${rule.capacity}`);
  }
  if (!Number.isFinite(rule.refillPerSecond) || rule.refillPerSecond <= 0) {
    throw new RangeError(`refillPerSecond must be a positive number, got ${rule.refillPerSecond}`);
  }
  if (!Number.isFinite(cost) || cost <= 0 || cost > rule.capacity) {
    throw new RangeError(`cost must be positive and at most the capacity, got ${cost}`);
  }
}
