import { type Logger, silentLogger } from "@a2akit/server-core";
import type { Redis, RedisOptions } from "ioredis";
import { Keys } from "./keys.js";
import { closeClient, openClient } from "./owned-client.js";

/** Options of {@link createRedisReplayCache}. */
export interface RedisReplayCacheOptions {
  /** An ioredis client (you keep owning it) or a `redis://` URL (the cache owns that client). */
  redis: Redis | string;
  /** Options for the client made from a URL. */
  redisOptions?: RedisOptions;
  /** Key prefix; every key starts with the hash tag `{prefix}` (default `a2a`). */
  prefix?: string;
  /** Where connection errors of a client made from a URL are reported; default silent. */
  logger?: Logger;
}

/**
 * A replay cache for `@a2akit/push-jwt`'s verifier (its `ReplayCache`, matched by shape so this
 * package does not depend on push-jwt), shared by every receiver on one Redis: a token id is
 * accepted once until the token expires, whichever instance sees it first.
 */
export interface RedisReplayCache {
  /**
   * Records `jti` until `expiresAt` (epoch ms); true when it was not seen before, false for a
   * replay. One `SET NX PXAT`: atomic across instances, and Redis forgets the id at expiry.
   */
  checkAndStore(jti: string, expiresAt: number): Promise<boolean>;
  /** Closes the client when the cache made it from a URL; a client passed in stays open. */
  close(): Promise<void>;
}

/**
 * Creates the shared replay cache: `createPushVerifier({ ..., replayCache:
 * createRedisReplayCache({ redis, prefix }) })` on every receiver instance.
 */
export function createRedisReplayCache(options: RedisReplayCacheOptions): RedisReplayCache {
  // The prefix is checked first, so a bad one opens no connection.
  const root = new Keys(options.prefix ?? "a2a").root;
  const client = openClient(
    options.redis,
    options.redisOptions,
    options.logger ?? silentLogger,
    "replay cache",
  );
  const { redis } = client;
  let closing: Promise<void> | undefined;
  return {
    async checkAndStore(jti: string, expiresAt: number): Promise<boolean> {
      if (typeof jti !== "string") {
        throw new TypeError(`A replay cache token id must be a string, got ${typeof jti}`);
      }
      if (!Number.isFinite(expiresAt)) {
        throw new RangeError(`A replay cache expiry must be a finite epoch ms, got ${expiresAt}`);
      }
      // PXAT takes a positive integer; a time already past makes Redis drop the key at once.
      const at = Math.max(1, Math.ceil(expiresAt));
      const set = await redis.set(`${root}:jti:${jti}`, "1", "PXAT", at, "NX");
      return set === "OK";
    },
    close() {
      closing ??= closeClient(client);
      return closing;
    },
  };
}
