import { SignJWT, UnsecuredJWT } from "jose";
import { beforeEach, describe, expect, it } from "vitest";
import {
  createPushVerifier,
  generatePushSigningKey,
  type PushSigningKey,
  type PushVerificationErrorCode,
  type PushVerifier,
  type PushVerifierOptions,
  type SignPushNotificationOptions,
  signPushNotification,
} from "../src/index.js";
import { manualClock, statusUpdate } from "./support/fixtures.js";

const ISSUER = "https://agent.example";
const HOOK = "https://client.example/webhook";

let key: PushSigningKey;
let clock: ReturnType<typeof manualClock>;
let verifier: PushVerifier;

function makeVerifier(extra: Partial<PushVerifierOptions> = {}): PushVerifier {
  return createPushVerifier({
    audience: HOOK,
    issuer: ISSUER,
    jwks: { keys: [key.publicJwk] },
    now: clock.now,
    ...extra,
  });
}

beforeEach(async () => {
  key = await generatePushSigningKey();
  clock = manualClock();
  verifier = makeVerifier();
});

function sign(overrides: Partial<SignPushNotificationOptions> = {}) {
  return signPushNotification({
    key,
    issuer: ISSUER,
    url: HOOK,
    now: clock.now,
    ...(overrides.body === undefined ? { event: statusUpdate("task-1") } : {}),
    ...overrides,
  });
}

function post(headers: Record<string, string>, body: BodyInit | null): Request {
  return new Request(HOOK, { method: "POST", headers, body });
}

async function rejection(promise: Promise<unknown>): Promise<PushVerificationErrorCode> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, "expected the notification to be rejected").toBeDefined();
  expect((error as Error).name).toBe("PushVerificationError");
  return (error as { code: PushVerificationErrorCode }).code;
}

async function bearer(token: string, body: string): Promise<Request> {
  return post({ Authorization: `Bearer ${token}`, "Content-Type": "application/a2a+json" }, body);
}

describe("verification rejects", () => {
  it("a request without an Authorization header", async () => {
    const push = await sign();
    expect(await rejection(verifier.verify(post({}, push.body as string)))).toBe(
      "ERR_PUSH_MISSING_TOKEN",
    );
    expect(
      await rejection(verifier.verify(post({ Authorization: "Basic dTpw" }, push.body as string))),
    ).toBe("ERR_PUSH_MISSING_TOKEN");
  });

  it("a token that is not a JWS", async () => {
    const request = await bearer("abc.def", JSON.stringify(statusUpdate("task-1")));
    expect(await rejection(verifier.verify(request))).toBe("ERR_PUSH_MALFORMED_TOKEN");
  });

  it("a signature made by another key under the trusted kid", async () => {
    const other = await generatePushSigningKey();
    const push = await sign({ key: { ...other, kid: key.kid } });
    expect(await rejection(verifier.verify(post(push.headers, push.body as string)))).toBe(
      "ERR_PUSH_BAD_SIGNATURE",
    );
  });

  it("a kid that is not in the JWKS", async () => {
    const push = await sign({ key: await generatePushSigningKey() });
    expect(await rejection(verifier.verify(post(push.headers, push.body as string)))).toBe(
      "ERR_PUSH_UNKNOWN_KEY",
    );
  });

  it("a token for another webhook", async () => {
    const push = await sign({ url: "https://attacker.example/webhook" });
    expect(await rejection(verifier.verify(post(push.headers, push.body as string)))).toBe(
      "ERR_PUSH_AUDIENCE",
    );
  });

  it("a token from another issuer", async () => {
    const push = await sign({ issuer: "https://other-agent.example" });
    expect(await rejection(verifier.verify(post(push.headers, push.body as string)))).toBe(
      "ERR_PUSH_ISSUER",
    );
  });

  it("an expired token, but only beyond the clock skew", async () => {
    const late = await sign();
    const inSkew = await sign();
    clock.advance(300 + 29);
    await expect(
      verifier.verify(post(inSkew.headers, inSkew.body as string)),
    ).resolves.toBeDefined();
    clock.advance(2);
    expect(await rejection(verifier.verify(post(late.headers, late.body as string)))).toBe(
      "ERR_PUSH_EXPIRED",
    );
  });

  it("a token issued in the future, but only beyond the clock skew", async () => {
    const ahead = manualClock(clock.now() + 29_000);
    const inSkew = await sign({ now: ahead.now });
    await expect(
      verifier.verify(post(inSkew.headers, inSkew.body as string)),
    ).resolves.toBeDefined();
    ahead.advance(2);
    const future = await sign({ now: ahead.now });
    expect(await rejection(verifier.verify(post(future.headers, future.body as string)))).toBe(
      "ERR_PUSH_NOT_YET_VALID",
    );
  });

  it("a token that lives longer than the receiver accepts", async () => {
    const push = await sign({ expiresInSeconds: 3600 });
    expect(await rejection(verifier.verify(post(push.headers, push.body as string)))).toBe(
      "ERR_PUSH_CLAIMS",
    );
  });

  it("an unsigned alg:none token", async () => {
    const body = JSON.stringify(statusUpdate("task-1"));
    const iat = Math.floor(clock.now() / 1000);
    const token = new UnsecuredJWT({ body_sha256: "x", taskId: "task-1" })
      .setIssuer(ISSUER)
      .setAudience(HOOK)
      .setIssuedAt(iat)
      .setExpirationTime(iat + 60)
      .setJti("j-none")
      .encode();
    expect(await rejection(verifier.verify(await bearer(token, body)))).toBe("ERR_PUSH_ALGORITHM");
  });

  it("an HS256 token keyed with the public key (key confusion)", async () => {
    const body = JSON.stringify(statusUpdate("task-1"));
    const iat = Math.floor(clock.now() / 1000);
    // The attacker knows the published JWK, so uses its bytes as the HMAC secret.
    const secret = new TextEncoder().encode(JSON.stringify(key.publicJwk));
    const token = await new SignJWT({ body_sha256: "x", taskId: "task-1" })
      .setProtectedHeader({ alg: "HS256", kid: key.kid, typ: "JWT" })
      .setIssuer(ISSUER)
      .setAudience(HOOK)
      .setIssuedAt(iat)
      .setExpirationTime(iat + 60)
      .setJti("j-hs")
      .sign(secret);
    expect(await rejection(verifier.verify(await bearer(token, body)))).toBe("ERR_PUSH_ALGORITHM");
  });

  it("a replayed token", async () => {
    const push = await sign();
    await verifier.verify(post(push.headers, push.body as string));
    expect(await rejection(verifier.verify(post(push.headers, push.body as string)))).toBe(
      "ERR_PUSH_REPLAYED",
    );
  });

  it("a body changed after signing", async () => {
    const push = await sign();
    const tampered = (push.body as string).replace("working", "completed");
    expect(tampered).not.toBe(push.body);
    expect(await rejection(verifier.verify(post(push.headers, tampered)))).toBe(
      "ERR_PUSH_BODY_MISMATCH",
    );
  });

  it("a missing or wrong notification token", async () => {
    verifier = makeVerifier({ notificationToken: "expected-token" });
    const none = await sign();
    expect(await rejection(verifier.verify(post(none.headers, none.body as string)))).toBe(
      "ERR_PUSH_NOTIFICATION_TOKEN",
    );
    const wrong = await sign({ notificationToken: "expected-tokeN" });
    expect(await rejection(verifier.verify(post(wrong.headers, wrong.body as string)))).toBe(
      "ERR_PUSH_NOTIFICATION_TOKEN",
    );
    const right = await sign({ notificationToken: "expected-token" });
    await expect(verifier.verify(post(right.headers, right.body as string))).resolves.toBeDefined();
  });

  it("a notification token that does not belong to the token's task", async () => {
    const tokens: Record<string, string> = { "task-1": "one", "task-2": "two" };
    verifier = makeVerifier({ notificationToken: (claims) => tokens[claims.taskId ?? ""] });
    const push = await sign({ event: statusUpdate("task-2"), notificationToken: "one" });
    expect(await rejection(verifier.verify(post(push.headers, push.body as string)))).toBe(
      "ERR_PUSH_NOTIFICATION_TOKEN",
    );
  });

  it("a signed body that is not a StreamResponse", async () => {
    const notEvent = await sign({ body: JSON.stringify({ kind: "task", id: "task-1" }) });
    const error = await verifier
      .verify(post(notEvent.headers, notEvent.body as string))
      .catch((e) => e);
    expect(error.code).toBe("ERR_PUSH_INVALID_BODY");
    expect(error.status).toBe(400);
    const notJson = await sign({ body: "not json" });
    expect(await rejection(verifier.verify(post(notJson.headers, notJson.body as string)))).toBe(
      "ERR_PUSH_INVALID_BODY",
    );
  });

  it("a body about another task than the token", async () => {
    const push = await sign({ event: statusUpdate("task-2"), taskId: "task-1" });
    expect(await rejection(verifier.verify(post(push.headers, push.body as string)))).toBe(
      "ERR_PUSH_TASK_MISMATCH",
    );
  });

  it("a body over the size limit, even without Content-Length", async () => {
    verifier = makeVerifier({ maxBodyBytes: 64 });
    const push = await sign({ body: JSON.stringify(statusUpdate("task-1", "x".repeat(100))) });
    const stream = new Blob([push.body as string]).stream();
    const request = new Request(HOOK, {
      method: "POST",
      headers: push.headers,
      body: stream,
      duplex: "half",
    } as RequestInit);
    const error = await verifier.verify(request).catch((e) => e);
    expect(error.code).toBe("ERR_PUSH_BODY_TOO_LARGE");
    expect(error.status).toBe(413);
  });

  it("nothing twice: a rejected notification does not use up its jti", async () => {
    verifier = makeVerifier({ notificationToken: "t" });
    const push = await sign({ notificationToken: "t" });
    const { "X-A2A-Notification-Token": _, ...withoutToken } = push.headers;
    await rejection(verifier.verify(post(withoutToken, push.body as string)));
    await expect(verifier.verify(post(push.headers, push.body as string))).resolves.toBeDefined();
  });
});

describe("verifier options", () => {
  it("refuse symmetric algorithms and none", () => {
    for (const alg of ["HS256", "none"]) {
      expect(() => makeVerifier({ algorithms: ["ES256", alg] })).toThrow(
        expect.objectContaining({ code: "ERR_PUSH_INVALID_OPTION" }),
      );
    }
  });

  it("need an audience and exactly one key source", () => {
    expect(() => createPushVerifier({ audience: "", jwks: { keys: [] } })).toThrow(/audience/);
    expect(() => createPushVerifier({ audience: HOOK })).toThrow(/jwksUrl and jwks/);
    expect(() =>
      createPushVerifier({ audience: HOOK, jwks: { keys: [] }, jwksUrl: "https://a.example/k" }),
    ).toThrow(/jwksUrl and jwks/);
  });

  it("compare audiences as URLs, so a trailing slash does not matter", async () => {
    verifier = makeVerifier({ audience: "https://client.example" });
    const push = await sign({ url: "https://client.example/" });
    await expect(verifier.verify(post(push.headers, push.body as string))).resolves.toBeDefined();
  });
});
