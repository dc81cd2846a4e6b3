import {
  createPushVerifier,
  PushKeyManager,
  PushSigner,
  PushVerificationError,
  type ReplayCache,
  type SignedPushNotification,
} from "@a2akit/push-jwt";
import { afterAll, describe, expect, it } from "vitest";
import { createRedisReplayCache, type RedisReplayCache } from "../src/index.js";
import { connect, dropPrefix, REDIS_URL, testPrefix } from "./support/redis.js";

const redis = connect();
const prefix = testPrefix("replay");
const URL = "https://receiver.example/webhook";
const caches: RedisReplayCache[] = [];

afterAll(async () => {
  for (const c of caches) await c.close();
  await dropPrefix(redis, prefix);
  await redis.quit();
});

/** A receiver instance: its own verifier and its own handle on the shared Redis cache. */
function receiver(signer: PushSigner) {
  const cache = createRedisReplayCache({ redis: REDIS_URL, prefix });
  caches.push(cache);
  // Assignable to push-jwt's interface as it is, without this package depending on push-jwt.
  const replayCache: ReplayCache = cache;
  return createPushVerifier({
    audience: URL,
    issuer: "https://agent.example",
    jwks: signer.jwks(),
    replayCache,
  });
}

function post(push: SignedPushNotification): Request {
  return new Request(URL, { method: "POST", headers: push.headers, body: push.body });
}

async function refusal(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (e instanceof PushVerificationError) return e.code;
    throw e;
  }
  return "accepted";
}

const event = {
  statusUpdate: {
    taskId: "task-1",
    contextId: "ctx-1",
    status: { state: "TASK_STATE_WORKING" as const },
  },
};

describe("createRedisReplayCache with push-jwt's verifier", () => {
  it("accepts a token once, on whichever instance sees it first", async () => {
    const signer = new PushSigner({
      issuer: "https://agent.example",
      keys: await PushKeyManager.generate(),
    });
    const [a, b] = [receiver(signer), receiver(signer)];
    const push = await signer.sign({ url: URL, event });
    const verified = await a.verify(post(push));
    expect(verified.event.statusUpdate?.taskId).toBe("task-1");
    expect(await refusal(b.verify(post(push)))).toBe("ERR_PUSH_REPLAYED");
    expect(await refusal(a.verify(post(push)))).toBe("ERR_PUSH_REPLAYED");

    // Redis forgets the id when the token (plus the verifier's clock skew) has expired.
    const expireAt = await redis.pexpiretime(`{${prefix}}:jti:${verified.claims.jti}`);
    expect(expireAt).toBe((verified.claims.exp + 30) * 1000);

    // Another token from the same signer is fresh on both.
    expect(await refusal(b.verify(post(await signer.sign({ url: URL, event }))))).toBe("accepted");
  });

  it("lets exactly one of two instances accept a token sent to both at once", async () => {
    const signer = new PushSigner({
      issuer: "https://agent.example",
      keys: await PushKeyManager.generate(),
    });
    const receivers = [receiver(signer), receiver(signer)];
    for (let round = 0; round < 10; round++) {
      const push = await signer.sign({ url: URL, event });
      const outcomes = await Promise.all(receivers.map((r) => refusal(r.verify(post(push)))));
      expect(outcomes.sort()).toEqual(["ERR_PUSH_REPLAYED", "accepted"]);
    }
  });
});

describe("createRedisReplayCache", () => {
  it("refuses an id until it expires", async () => {
    const cache = createRedisReplayCache({ redis, prefix });
    const at = Date.now() + 150;
    expect(await cache.checkAndStore("j1", at)).toBe(true);
    expect(await cache.checkAndStore("j1", at)).toBe(false);
    for (let i = 0; i < 100 && (await redis.exists(`{${prefix}}:jti:j1`)); i++) {
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(await cache.checkAndStore("j1", Date.now() + 60_000)).toBe(true);
    // An expiry already past is no replay protection at all: Redis keeps nothing.
    expect(await cache.checkAndStore("j2", 1)).toBe(true);
    expect(await cache.checkAndStore("j2", 1)).toBe(true);
    await cache.close();
  });

  it("names a bad expiry", async () => {
    const cache = createRedisReplayCache({ redis, prefix });
    await expect(cache.checkAndStore("j3", Number.NaN)).rejects.toThrow(/finite epoch ms/);
    await expect(cache.checkAndStore("j3", Date.now() + 1000)).resolves.toBe(true);
  });
});
