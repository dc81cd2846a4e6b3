import { afterEach, describe, expect, it } from "vitest";
import {
  createPushVerifier,
  JWKS_PATH,
  PushKeyManager,
  PushSigner,
  type PushVerificationError,
  signPushNotification,
} from "../src/index.js";
import { manualClock, statusUpdate } from "./support/fixtures.js";
import { listen, type TestServer } from "./support/http.js";

const ISSUER = "https://agent.example";
const HOOK = "https://client.example/webhook";
let servers: TestServer[] = [];

afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

/** The agent's JWKS endpoint on a real socket, counting how often it is fetched. */
async function serveJwks(signer: PushSigner) {
  const hits = { count: 0 };
  const server = await listen((request) => {
    if (new URL(request.url).pathname !== JWKS_PATH) return new Response(null, { status: 404 });
    hits.count++;
    return signer.jwksResponse(request);
  });
  servers.push(server);
  return { url: `${server.url}${JWKS_PATH}`, hits };
}

function post(push: { headers: Record<string, string>; body: string | Uint8Array<ArrayBuffer> }) {
  return new Request(HOOK, { method: "POST", headers: push.headers, body: push.body });
}

async function kids(url: string): Promise<string[]> {
  const jwks = (await (await fetch(url)).json()) as { keys: { kid: string }[] };
  return jwks.keys.map((k) => k.kid);
}

describe("the JWKS endpoint", () => {
  it("serves only public members, as application/jwk-set+json with caching headers", async () => {
    const signer = new PushSigner({ issuer: ISSUER, keys: await PushKeyManager.generate() });
    const { url } = await serveJwks(signer);

    const response = await fetch(url);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/jwk-set+json");
    expect(response.headers.get("cache-control")).toBe("public, max-age=60");
    const jwks = (await response.json()) as { keys: Record<string, unknown>[] };
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).toMatchObject({
      kty: "EC",
      crv: "P-256",
      alg: "ES256",
      use: "sig",
      kid: signer.keys.current.kid,
    });
    expect(Object.keys(jwks.keys[0] ?? {}).sort()).toEqual(
      ["alg", "crv", "kid", "kty", "use", "x", "y"].sort(),
    );

    const etag = response.headers.get("etag");
    expect(etag).toMatch(/^".+"$/);
    const again = await fetch(url, { headers: { "If-None-Match": etag ?? "" } });
    expect(again.status).toBe(304);
    const head = await fetch(url, { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe("");
    expect((await fetch(url, { method: "POST" })).status).toBe(405);
  });

  it("is fetched once by the verifier and then served from its cache", async () => {
    const signer = new PushSigner({ issuer: ISSUER, keys: await PushKeyManager.generate() });
    const { url, hits } = await serveJwks(signer);
    const verifier = createPushVerifier({ audience: HOOK, issuer: ISSUER, jwksUrl: url });

    for (let i = 0; i < 5; i++) {
      const push = await signer.sign({ url: HOOK, event: statusUpdate("task-1", `n${i}`) });
      await expect(verifier.verify(post(push))).resolves.toBeDefined();
    }
    expect(hits.count).toBe(1);
  });

  it("answers ERR_PUSH_JWKS_UNAVAILABLE (503) when the keys cannot be fetched", async () => {
    const signer = new PushSigner({ issuer: ISSUER, keys: await PushKeyManager.generate() });
    const gone = await listen(() => new Response("down", { status: 500 }));
    servers.push(gone);
    const verifier = createPushVerifier({ audience: HOOK, jwksUrl: `${gone.url}${JWKS_PATH}` });
    const push = await signer.sign({ url: HOOK, event: statusUpdate("task-1") });

    const error = (await verifier.verify(post(push)).catch((e) => e)) as PushVerificationError;
    expect(error.code).toBe("ERR_PUSH_JWKS_UNAVAILABLE");
    expect(error.status).toBe(503);
  });
});

describe("key rotation", () => {
  it("keeps the old key verifiable until its tokens expire, then drops it from the JWKS", async () => {
    const clock = manualClock();
    const keys = await PushKeyManager.generate({ now: clock.now });
    const signer = new PushSigner({ issuer: ISSUER, keys });
    const { url } = await serveJwks(signer);
    const verifier = createPushVerifier({
      audience: HOOK,
      issuer: ISSUER,
      jwksUrl: url,
      now: clock.now,
      jwksCooldownMs: 0,
    });
    const oldKey = keys.current;

    const first = await signer.sign({ url: HOOK, event: statusUpdate("task-1", "a") });
    const inFlight = await signer.sign({ url: HOOK, event: statusUpdate("task-1", "b") });
    await expect(verifier.verify(post(first))).resolves.toBeDefined();

    const newKey = await keys.rotate();
    expect(newKey.kid).not.toBe(oldKey.kid);
    expect(await kids(url)).toEqual([newKey.kid, oldKey.kid]);

    // A token from the new key makes the verifier fetch the JWKS again.
    const fresh = await signer.sign({ url: HOOK, event: statusUpdate("task-1", "c") });
    const verified = await verifier.verify(post(fresh));
    expect(verified.header.kid).toBe(newKey.kid);

    // The old key's last token is still good late in its life.
    clock.advance(300 + 29);
    const late = await verifier.verify(post(inFlight));
    expect(late.header.kid).toBe(oldKey.kid);
    expect(await kids(url)).toEqual([newKey.kid, oldKey.kid]);

    // Once every token it signed has expired, the old key leaves the JWKS.
    clock.advance(2);
    expect(await kids(url)).toEqual([newKey.kid]);
    const stale = createPushVerifier({ audience: HOOK, jwksUrl: url, now: clock.now });
    const forged = await signPushNotification({
      key: oldKey,
      issuer: ISSUER,
      url: HOOK,
      event: statusUpdate("task-1", "d"),
      now: clock.now,
    });
    const error = (await stale.verify(post(forged)).catch((e) => e)) as PushVerificationError;
    expect(error.code).toBe("ERR_PUSH_UNKNOWN_KEY");
  });

  it("publishes previous keys given at start-up for one token lifetime", async () => {
    const clock = manualClock();
    const previous = (await PushKeyManager.generate()).current;
    const current = (await PushKeyManager.generate()).current;
    const keys = new PushKeyManager({ keys: [current, previous], now: clock.now });

    expect(keys.jwks().keys.map((k) => k.kid)).toEqual([current.kid, previous.kid]);
    clock.advance(329);
    expect(keys.jwks().keys.map((k) => k.kid)).toEqual([current.kid, previous.kid]);
    clock.advance(1);
    expect(keys.jwks().keys.map((k) => k.kid)).toEqual([current.kid]);
  });

  it("refuses a signer whose tokens would outlive the retention of a rotated key", async () => {
    const keys = await PushKeyManager.generate({ maxTokenLifetimeSeconds: 120 });
    expect(() => new PushSigner({ issuer: ISSUER, keys, expiresInSeconds: 300 })).toThrow(
      expect.objectContaining({ code: "ERR_PUSH_INVALID_OPTION" }),
    );
    const signer = new PushSigner({ issuer: ISSUER, keys });
    const push = await signer.sign({ url: HOOK, body: "{}" });
    expect(push.expiresAt - Math.floor(Date.now() / 1000)).toBeLessThanOrEqual(120);
  });
});
