import { SignJWT } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import {
  BODY_HASH_CLAIM,
  createPushVerifier,
  generatePushSigningKey,
  PushKeyManager,
  PushSigner,
  type PushSigningKey,
  signPushNotification,
} from "../src/index.js";
import { statusUpdate } from "./support/fixtures.js";

const ISSUER = "https://agent.example";
const HOOK = "https://client.example/webhook";

let key: PushSigningKey;

beforeAll(async () => {
  key = await generatePushSigningKey();
});

/** The error `run` throws or rejects with (undefined when it succeeds). */
async function failure(run: () => unknown): Promise<{ name?: string; code?: string } | undefined> {
  try {
    await run();
    return undefined;
  } catch (error) {
    return error as { name?: string; code?: string };
  }
}

/** A token over `body` with exactly the claims given, signed by `key`. */
function token(claims: Record<string, unknown>): Promise<string> {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: "JWT" })
    .sign(key.privateKey);
}

async function claimsFor(body: string): Promise<Record<string, unknown>> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(body));
  const hash = btoa(String.fromCharCode(...new Uint8Array(digest)))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");
  const iat = Math.floor(Date.now() / 1000);
  return {
    iss: ISSUER,
    aud: HOOK,
    iat,
    exp: iat + 60,
    jti: crypto.randomUUID(),
    [BODY_HASH_CLAIM]: hash,
  };
}

describe("missing iss and aud claims", () => {
  const verifier = () =>
    createPushVerifier({ audience: HOOK, issuer: ISSUER, jwks: { keys: [key.publicJwk] } });
  const body = JSON.stringify(statusUpdate("task-1"));
  const request = (jwt: string) =>
    new Request(HOOK, { method: "POST", headers: { Authorization: `Bearer ${jwt}` }, body });

  it("a token naming no webhook fails the audience check", async () => {
    const { aud: _aud, ...claims } = await claimsFor(body);
    const error = await failure(async () => verifier().verify(request(await token(claims))));
    expect(error?.code).toBe("ERR_PUSH_AUDIENCE");
  });

  it("a token naming no issuer fails the issuer check", async () => {
    const { iss: _iss, ...claims } = await claimsFor(body);
    const error = await failure(async () => verifier().verify(request(await token(claims))));
    expect(error?.code).toBe("ERR_PUSH_ISSUER");
  });
});

describe("a request body that was already read", () => {
  it("is refused with a PushConfigError saying so, not a stream error", async () => {
    const push = await new PushSigner({ issuer: ISSUER, keys: key }).sign({
      url: HOOK,
      event: statusUpdate("task-1"),
    });
    const request = new Request(HOOK, { method: "POST", headers: push.headers, body: push.body });
    await request.text();
    const verifier = createPushVerifier({ audience: HOOK, jwks: { keys: [key.publicJwk] } });
    const error = await failure(() => verifier.verify(request));
    expect(error?.name).toBe("PushConfigError");
    expect(error?.code).toBe("ERR_PUSH_INVALID_INPUT");
    expect(String((error as Error).message)).toMatch(/already read/);
  });
});

describe("signing keys that are not keys", () => {
  const notKeys: [string, unknown][] = [
    ["undefined", undefined],
    ["an empty object", {}],
    ["a public JWK", { kty: "EC", crv: "P-256", x: "x", y: "y" }],
  ];

  it.each(notKeys)("a PushSigner given %s as keys", async (_label, value) => {
    const error = await failure(() => new PushSigner({ issuer: ISSUER, keys: value as never }));
    expect(error?.name).toBe("PushConfigError");
    expect(error?.code).toBe("ERR_PUSH_INVALID_KEY");
  });

  it.each(notKeys)("a PushKeyManager given %s in keys", async (_label, value) => {
    const error = await failure(() => new PushKeyManager({ keys: [value as never] }));
    expect(error?.code).toBe("ERR_PUSH_INVALID_KEY");
  });

  it.each(notKeys.slice(1))("rotate() to %s", async (_label, value) => {
    const manager = new PushKeyManager({ keys: [key] });
    const error = await failure(() => manager.rotate(value as never));
    expect(error?.code).toBe("ERR_PUSH_INVALID_KEY");
    expect(manager.current).toBe(key);
  });

  it.each(notKeys)("signPushNotification given %s as key", async (_label, value) => {
    const error = await failure(() =>
      signPushNotification({ key: value as never, issuer: ISSUER, url: HOOK, body: "{}" }),
    );
    expect(error?.name).toBe("PushConfigError");
    expect(error?.code).toBe("ERR_PUSH_INVALID_KEY");
  });
});

describe("a webhook URL that is not absolute", () => {
  it("is refused when signing, since the receiver compares aud as a URL", async () => {
    const error = await failure(() =>
      signPushNotification({ key, issuer: ISSUER, url: "client.example/webhook", body: "{}" }),
    );
    expect(error?.name).toBe("PushConfigError");
    expect(error?.code).toBe("ERR_PUSH_INVALID_INPUT");
  });
});
