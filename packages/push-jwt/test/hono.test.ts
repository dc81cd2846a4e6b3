import { Hono } from "hono";
import { afterEach, describe, expect, it } from "vitest";
import { type PushVariables, pushVerifier } from "../src/hono.js";
import { PushKeyManager, PushSigner } from "../src/index.js";
import { statusUpdate } from "./support/fixtures.js";
import { listen, type TestServer } from "./support/http.js";

const ISSUER = "https://agent.example";
let servers: TestServer[] = [];

afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

async function webhook(signer: PushSigner) {
  const seen: string[] = [];
  const app = new Hono<{ Variables: PushVariables }>();
  const server = await listen(app.fetch);
  servers.push(server);
  const url = `${server.url}/webhook`;
  // Routes go in once the port, and so the webhook's own URL, is known.
  app.post(
    "/webhook",
    pushVerifier({ audience: url, issuer: ISSUER, jwks: signer.jwks(), notificationToken: "tok" }),
    (c) => {
      seen.push(c.get("a2aPush").event.statusUpdate?.taskId ?? "?");
      return c.body(null, 204);
    },
  );
  return { url, seen };
}

describe("@a2akit/push-jwt/hono", () => {
  it("hands the verified event to the route", async () => {
    const signer = new PushSigner({ issuer: ISSUER, keys: await PushKeyManager.generate() });
    const hook = await webhook(signer);
    const push = await signer.sign({
      url: hook.url,
      event: statusUpdate("task-7"),
      notificationToken: "tok",
    });

    const response = await fetch(hook.url, {
      method: "POST",
      headers: push.headers,
      body: push.body,
    });

    expect(response.status).toBe(204);
    expect(hook.seen).toEqual(["task-7"]);
  });

  it("answers 401 with a JSON error naming the failed check", async () => {
    const signer = new PushSigner({ issuer: ISSUER, keys: await PushKeyManager.generate() });
    const hook = await webhook(signer);
    const push = await signer.sign({ url: hook.url, event: statusUpdate("task-7") });

    const response = await fetch(hook.url, {
      method: "POST",
      headers: push.headers,
      body: push.body,
    });

    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toBe('Bearer error="invalid_token"');
    expect(await response.json()).toEqual({
      error: {
        code: "ERR_PUSH_NOTIFICATION_TOKEN",
        message: "the X-A2A-Notification-Token header is missing",
      },
    });
    const unsigned = await fetch(hook.url, { method: "POST", body: "{}" });
    expect(unsigned.status).toBe(401);
    expect(((await unsigned.json()) as { error: { code: string } }).error.code).toBe(
      "ERR_PUSH_MISSING_TOKEN",
    );
    expect(hook.seen).toEqual([]);
  });
});
