import {
  createA2AFetchHandler,
  createLimiter,
  createRequestHandler,
  defineAgent,
} from "@a2akit/server-core";
import type { AgentCard } from "@a2akit/types";
import { afterAll, describe, expect, it } from "vitest";
import { RedisTokenBucketStore } from "../src/index.js";
import { connect, dropPrefix, REDIS_URL, testPrefix } from "./support/redis.js";

const redis = connect();
const prefix = testPrefix("buckets");
const stores: RedisTokenBucketStore[] = [];

afterAll(async () => {
  for (const s of stores) await s.close();
  await dropPrefix(redis, prefix);
  await redis.quit();
});

/** A bucket store with a connection of its own, as each instance of an agent would have. */
function store(now?: () => number): RedisTokenBucketStore {
  const s = new RedisTokenBucketStore({ redis: REDIS_URL, prefix, ...(now ? { now } : {}) });
  stores.push(s);
  return s;
}

const card: AgentCard = {
  name: "Rate-limited agent",
  description: "Two instances share one request budget",
  supportedInterfaces: [
    { url: "http://agent.test/rest", protocolBinding: "HTTP+JSON", protocolVersion: "1.0" },
  ],
  version: "1.0.0",
  capabilities: {},
  defaultInputModes: ["text/plain"],
  defaultOutputModes: ["text/plain"],
  skills: [],
};

/** One instance: its own handler and limiter, on buckets in the shared Redis. */
function instance(now: () => number) {
  const handler = createRequestHandler({
    agentCard: card,
    executor: defineAgent(async (_ctx, task) => task.reply("hi")),
    limiter: createLimiter({ requestsPerSecond: 2, burst: 4, buckets: store(now) }),
  });
  return createA2AFetchHandler({ handler });
}

describe("RedisTokenBucketStore", () => {
  it("shares one bucket between two instances: a burst gets exactly the capacity", async () => {
    let now = 1_700_000_000_000;
    const clock = () => now;
    const a = instance(clock);
    const b = instance(clock);
    const get = (i: number) =>
      (i % 2 === 0 ? a : b).fetch(
        new Request("http://agent.test/rest/tasks/nope", { headers: { "A2A-Version": "1.0" } }),
      );
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) statuses.push((await get(i)).status);
    // Admitted calls reach the handler (an unknown task: 404); the rest are refused.
    expect(statuses.filter((s) => s === 404)).toHaveLength(4);
    expect(statuses.filter((s) => s === 429)).toHaveLength(6);
    const refused = await get(10);
    expect(refused.status).toBe(429);
    expect(refused.headers.get("Retry-After")).toBe("1");

    // Half a second at 2 per second refills one token, whichever instance asks.
    now += 500;
    expect([(await get(1)).status, (await get(0)).status]).toEqual([404, 429]);
  });

  it("refills at the rate, never beyond the capacity, and tells how long to wait", async () => {
    let now = 1_000_000;
    const s = store(() => now);
    const rule = { capacity: 3, refillPerSecond: 4 };
    const first = [];
    for (let i = 0; i < 5; i++) first.push(await s.take("refill", rule));
    expect(first.map((r) => r.allowed)).toEqual([true, true, true, false, false]);
    expect(first.map((r) => r.remaining)).toEqual([2, 1, 0, 0, 0]);
    expect(first[3]?.retryAfterMs).toBe(250);
    now += 10_000;
    const later = [];
    for (let i = 0; i < 5; i++) later.push((await s.take("refill", rule)).allowed);
    expect(later).toEqual([true, true, true, false, false]);
    // An idle bucket expires once it would be full again.
    const ttl = await redis.pttl(`{${prefix}}:bucket:refill`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(1750);
  });

  it("uses the Redis server's clock by default", async () => {
    const a = store();
    const b = store();
    const rule = { capacity: 3, refillPerSecond: 0.001 };
    const results = [];
    for (let i = 0; i < 6; i++) results.push(await (i % 2 ? a : b).take("server-clock", rule));
    expect(results.filter((r) => r.allowed)).toHaveLength(3);
    expect(results.at(-1)?.retryAfterMs).toBeGreaterThan(900_000);
  });

  it("rejects a rule no bucket can honour before touching Redis", async () => {
    const s = store();
    await expect(s.take("bad", { capacity: 0, refillPerSecond: 1 })).rejects.toThrow(/capacity/);
    await expect(s.take("bad", { capacity: 2, refillPerSecond: 0 })).rejects.toThrow(
      /refillPerSecond/,
    );
    expect(await redis.exists(`{${prefix}}:bucket:bad`)).toBe(0);
  });
});
