import type { Logger } from "@a2akit/server-core";
import { Redis, type RedisOptions } from "ioredis";

/** A client passed in (the caller owns it) or made from a URL (owned here). */
export interface ClientRef {
  readonly redis: Redis;
  readonly owned: boolean;
}

/**
 * The client for `redis`: the one passed in, or a new one from a URL. A client made here reports
 * its connection errors to `logger`: without a listener ioredis prints them to the console. It
 * reconnects by itself.
 */
export function openClient(
  redis: Redis | string,
  redisOptions: RedisOptions | undefined,
  logger: Logger,
  connection: string,
): ClientRef {
  if (typeof redis !== "string") return { redis, owned: false };
  const client = new Redis(redis, { ...redisOptions });
  client.on("error", (error: Error) =>
    logger.warn("Redis connection error; reconnecting", { connection, error: error.message }),
  );
  return { redis: client, owned: true };
}

/** Quits a client made here (dropping it when QUIT cannot be sent); leaves one passed in open. */
export async function closeClient(ref: ClientRef): Promise<void> {
  if (!ref.owned) return;
  // QUIT rejects when the connection is down and will not come back; the socket goes anyway.
  await ref.redis.quit().catch(() => ref.redis.disconnect());
}
