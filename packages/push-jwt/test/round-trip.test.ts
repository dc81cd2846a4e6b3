import { afterEach, describe, expect, it } from "vitest";
import {
  createPushVerifier,
  PushKeyManager,
  PushSigner,
  PushVerificationError,
  type PushVerifier,
  type VerifiedPushNotification,
} from "../src/index.js";
import { statusUpdate } from "./support/fixtures.js";
import { listen, type TestServer } from "./support/http.js";

const ISSUER = "https://agent.example";
let servers: TestServer[] = [];

afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

/** A webhook on a real socket that verifies every POST and records what it accepted. */
async function receiver(signer: PushSigner, path = "/webhook") {
  const accepted: VerifiedPushNotification[] = [];
  let verifier: PushVerifier | undefined;
  const server = await listen(async (request) => {
    try {
      if (!verifier) throw new Error("receiver not ready");
      const push = await verifier.verify(request);
      accepted.push(push);
      return new Response(null, { status: 204 });
    } catch (error) {
      if (!(error instanceof PushVerificationError)) throw error;
      return Response.json({ code: error.code }, { status: error.status });
    }
  });
  servers.push(server);
  const url = `${server.url}${path}`;
  verifier = createPushVerifier({ audience: url, issuer: ISSUER, jwks: signer.jwks() });
  return { url, accepted };
}

describe("sign, POST over HTTP, verify", () => {
  it.each(["ES256", "EdDSA"] as const)(
    "accepts a notification signed with %s",
    async (algorithm) => {
      const signer = new PushSigner({
        issuer: ISSUER,
        keys: await PushKeyManager.generate({ algorithm }),
      });
      const hook = await receiver(signer);
      const push = await signer.sign({ url: hook.url, event: statusUpdate("task-1") });

      const response = await fetch(hook.url, {
        method: "POST",
        headers: push.headers,
        body: push.body,
      });

      expect(response.status).toBe(204);
      expect(hook.accepted).toHaveLength(1);
      const got = hook.accepted[0] as VerifiedPushNotification;
      expect(got.event.statusUpdate?.taskId).toBe("task-1");
      expect(got.header).toMatchObject({
        alg: algorithm,
        kid: signer.keys.current.kid,
        typ: "JWT",
      });
      expect(got.claims).toMatchObject({
        iss: ISSUER,
        aud: hook.url,
        taskId: "task-1",
        jti: push.jti,
      });
      expect(got.claims.exp - got.claims.iat).toBe(300);
    },
  );

  it("verifies 50 signed POSTs in a row, in order", async () => {
    const signer = new PushSigner({ issuer: ISSUER, keys: await PushKeyManager.generate() });
    const hook = await receiver(signer);

    const statuses: number[] = [];
    for (let i = 0; i < 50; i++) {
      const push = await signer.sign({ url: hook.url, event: statusUpdate("task-1", `step ${i}`) });
      const response = await fetch(hook.url, {
        method: "POST",
        headers: push.headers,
        body: push.body,
      });
      statuses.push(response.status);
    }

    expect(statuses).toEqual(Array(50).fill(204));
    const texts = hook.accepted.map((p) => {
      const part = p.event.statusUpdate?.status.message?.parts[0];
      return part && "text" in part ? part.text : undefined;
    });
    expect(texts).toEqual(Array.from({ length: 50 }, (_, i) => `step ${i}`));
    expect(new Set(hook.accepted.map((p) => p.claims.jti)).size).toBe(50);
  });

  it("covers a body given as exact bytes, and carries the notification token", async () => {
    const signer = new PushSigner({ issuer: ISSUER, keys: await PushKeyManager.generate() });
    const hook = await receiver(signer);
    const body = new TextEncoder().encode(JSON.stringify(statusUpdate("task-2", "héllo ✓")));
    const push = await signer.sign({
      url: hook.url,
      body,
      taskId: "task-2",
      notificationToken: "s3cret",
    });

    expect(push.headers).toMatchObject({
      "Content-Type": "application/a2a+json",
      "X-A2A-Notification-Token": "s3cret",
      Authorization: `Bearer ${push.token}`,
    });
    const response = await fetch(hook.url, { method: "POST", headers: push.headers, body });
    expect(response.status).toBe(204);
    const part = hook.accepted[0]?.event.statusUpdate?.status.message?.parts[0];
    expect(part && "text" in part && part.text).toBe("héllo ✓");
  });
});
