import type { Logger } from "@a2akit/server-core";
import { afterAll, describe, expect, it } from "vitest";
import { LeaseKeeper } from "../src/leases.js";
import { scripts } from "../src/scripts.js";
import { connect, dropPrefix, testPrefix } from "./support/redis.js";

const prefix = testPrefix("leases");
const key = `{${prefix}}:leases`;
const redis = connect();
const silent: Logger = { debug() {}, info() {}, warn() {}, error() {} };

afterAll(async () => {
  await dropPrefix(redis, prefix);
  await redis.quit();
});

/** A lease keeper on its own ready connection, counting the commands it sends from then on. */
async function keeper() {
  const client = connect();
  // Connected, and the renewal script cached (renewing no leases), before counting starts.
  await scripts.renewLeases.run(client, [key], [60_000]);
  const sent: string[] = [];
  const send = client.sendCommand.bind(client);
  client.sendCommand = ((command: { name: string }) => {
    sent.push(command.name);
    return send(command as never);
  }) as typeof client.sendCommand;
  const leases = new LeaseKeeper(client, key, silent, { leaseMs: 60_000 });
  return {
    leases,
    sent,
    async close() {
      leases.close();
      await client.quit();
    },
  };
}

/** Lets the keeper's end-of-turn flush run and its commands land. */
async function settle(): Promise<void> {
  await new Promise((resolve) => setImmediate(resolve));
  await redis.ping();
  await new Promise((resolve) => setTimeout(resolve, 20));
}

describe("LeaseKeeper", () => {
  it("takes the leases of many executions started together with one command, and gives them back with one", async () => {
    const k = await keeper();
    const refs = Array.from({ length: 50 }, (_, i) => `batch:${i}`);
    const releases = refs.map((ref) => k.leases.hold(ref));
    await settle();
    const scores = await Promise.all(refs.map((ref) => redis.zscore(key, ref)));
    const now = Number((await redis.time())[0]) * 1000;
    for (const score of scores) expect(Number(score)).toBeGreaterThan(now + 50_000);
    expect(k.sent).toEqual(["evalsha"]);

    for (const release of releases) release();
    await settle();
    expect(await redis.zmscore(key, ...refs)).toEqual(refs.map(() => null));
    expect(k.sent).toEqual(["evalsha", "zrem"]);
    await k.close();
  });

  it("sends nothing for an execution that ends in the same turn it started", async () => {
    const k = await keeper();
    k.leases.hold("brief")();
    await settle();
    expect(k.sent).toEqual([]);
    expect(await redis.zscore(key, "brief")).toBeNull();
    await k.close();
  });

  it("keeps the lease of a task whose next turn starts as the last one ends", async () => {
    const k = await keeper();
    const first = k.leases.hold("turns");
    await settle();
    first();
    const second = k.leases.hold("turns");
    await settle();
    expect(await redis.zscore(key, "turns")).not.toBeNull();
    expect(k.sent.filter((name) => name === "zrem")).toEqual([]);
    second();
    await settle();
    expect(await redis.zscore(key, "turns")).toBeNull();
    await k.close();
  });

  it("a release that is shared stays until the last holder gives it back", async () => {
    const k = await keeper();
    const a = k.leases.hold("shared");
    const b = k.leases.hold("shared");
    await settle();
    a();
    await settle();
    expect(await redis.zscore(key, "shared")).not.toBeNull();
    b();
    b();
    await settle();
    expect(await redis.zscore(key, "shared")).toBeNull();
    await k.close();
  });
});
