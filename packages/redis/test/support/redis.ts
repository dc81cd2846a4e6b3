import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";

/** The shared test Redis (REDIS_URL, or the local default). */
export const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";

/** A random prefix per test file, so files never collide with each other or other users. */
export function testPrefix(name: string): string {
  return `a2akit-test:${name}:${randomBytes(6).toString("hex")}`;
}

/** Deletes every key of a prefix (tests only: SCAN is fine here). */
export async function dropPrefix(redis: Redis, prefix: string): Promise<void> {
  let cursor = "0";
  do {
    const [next, keys] = await redis.scan(cursor, "MATCH", `{${prefix}}*`, "COUNT", 1000);
    cursor = next;
    if (keys.length > 0) await redis.unlink(...keys);
  } while (cursor !== "0");
}

/** A client on the shared test Redis. */
export function connect(url = REDIS_URL): Redis {
  return new Redis(url, { lazyConnect: false });
}
