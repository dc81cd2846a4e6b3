import { execFileSync } from "node:child_process";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import {
  createPushVerifier,
  exportPushSigningKey,
  generatePushSigningKey,
  isPushVerificationError,
  pushJwtParamsOf,
  type VerifiedPushNotification,
} from "@a2akit/push-jwt";
import type { AgentCard } from "@a2akit/types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../src/config.js";
import { type RunningAgent, startReferenceAgent } from "../src/server.js";

const H = { "A2A-Version": "1.0", "Content-Type": "application/json" };
const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";

/** One redis-cli command against the test Redis (CI installs redis-tools). */
const redisCli = (...args: string[]): string =>
  execFileSync("redis-cli", ["-u", REDIS_URL, ...args], { encoding: "utf8" }).trim();

/** A webhook on a real socket; `handle` gets each POST as a Fetch Request. */
async function startWebhook(handle: (request: Request) => Promise<Response>) {
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", async () => {
      const headers = new Headers();
      for (const [k, v] of Object.entries(req.headers))
        if (typeof v === "string") headers.set(k, v);
      const response = await handle(
        new Request(`http://${req.headers.host}${req.url}`, {
          method: req.method,
          headers,
          body: Buffer.concat(chunks),
        }),
      );
      res.writeHead(response.status).end(await response.text());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    url: `http://127.0.0.1:${port}/hook`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe("reference agent push notifications", () => {
  const accepted: VerifiedPushNotification[] = [];
  const rejected: string[] = [];
  let verify: (request: Request) => Promise<VerifiedPushNotification>;
  let hook: Awaited<ReturnType<typeof startWebhook>>;
  let agent: RunningAgent;

  beforeAll(async () => {
    hook = await startWebhook(async (request) => {
      try {
        accepted.push(await verify(request));
        return new Response(null, { status: 204 });
      } catch (error) {
        if (!isPushVerificationError(error)) throw error;
        rejected.push(error.code);
        return new Response(null, { status: error.status });
      }
    });
    agent = await startReferenceAgent({
      port: 0,
      host: "127.0.0.1",
      pushAllowHosts: [`127.0.0.1:${hook.port}`],
    });
  });
  afterAll(async () => {
    await agent.close();
    await hook.close();
  });

  it("links its JWKS from the card and serves it", async () => {
    const card = (await (
      await fetch(`${agent.url}/.well-known/agent-card.json`)
    ).json()) as AgentCard;
    expect(pushJwtParamsOf(card)).toEqual({
      jwksUrl: `${agent.url}/.well-known/jwks.json`,
      issuer: agent.url,
    });
    const jwks = await fetch(`${agent.url}/.well-known/jwks.json`);
    expect(jwks.headers.get("content-type")).toBe("application/jwk-set+json");
    expect(((await jwks.json()) as { keys: unknown[] }).keys).toHaveLength(1);
  });

  it("signs every push; the webhook verifies them against the published keys", async () => {
    const card = (await (
      await fetch(`${agent.url}/.well-known/agent-card.json`)
    ).json()) as AgentCard;
    const params = pushJwtParamsOf(card);
    verify = (request) =>
      createPushVerifier({
        audience: hook.url,
        issuer: params?.issuer ?? "",
        jwksUrl: params?.jwksUrl ?? "",
        notificationToken: "t-1",
      }).verify(request);
    const res = await fetch(`${agent.url}/a2a/message:send`, {
      method: "POST",
      headers: H,
      body: JSON.stringify({
        message: { messageId: crypto.randomUUID(), role: "ROLE_USER", parts: [{ text: "hi" }] },
        configuration: { taskPushNotificationConfig: { url: hook.url, token: "t-1" } },
      }),
    });
    const { task } = (await res.json()) as { task: { id: string } };
    while (!accepted.some((a) => a.event.statusUpdate?.status.state === "TASK_STATE_COMPLETED")) {
      expect(rejected).toEqual([]);
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(rejected).toEqual([]);
    expect(accepted.length).toBeGreaterThanOrEqual(3);
    expect(accepted.every((a) => a.claims.taskId === task.id)).toBe(true);
    expect(accepted[0]?.event.statusUpdate?.status.state).toBe("TASK_STATE_WORKING");
  });

  it("refuses a webhook on a private address", async () => {
    const res = await fetch(`${agent.url}/a2a/message:send`, {
      method: "POST",
      headers: H,
      body: JSON.stringify({
        message: { messageId: crypto.randomUUID(), role: "ROLE_USER", parts: [{ text: "hi" }] },
        configuration: { taskPushNotificationConfig: { url: "http://10.1.2.3/hook" } },
      }),
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { message: string } };
    expect(body.error.message).toContain("10.1.2.3 is a private address");
  });
});

describe("reference agent signing key", () => {
  it("signs with PUSH_SIGNING_JWK when given, so instances can share one key", async () => {
    const key = await generatePushSigningKey();
    const jwk = JSON.stringify(await exportPushSigningKey(key));
    const config = loadConfig({ PUSH_SIGNING_JWK: jwk });
    expect(config.pushSigningJwk).toBe(jwk);
    const agent = await startReferenceAgent({ ...config, port: 0, host: "127.0.0.1" });
    try {
      const jwks = (await (await fetch(`${agent.url}/.well-known/jwks.json`)).json()) as {
        keys: Array<{ kid: string; d?: string }>;
      };
      expect(jwks.keys.map((k) => k.kid)).toEqual([key.kid]);
      expect(jwks.keys[0]?.d).toBeUndefined();
    } finally {
      await agent.close();
    }
    expect(() => loadConfig({ PUSH_SIGNING_JWK: "not json" })).toThrow(ConfigError);
    expect(() => loadConfig({ PUSH_SIGNING_JWK: "not json" })).toThrow(/PUSH_SIGNING_JWK/);
  });
});

describe("reference agent push notifications on Redis", () => {
  it("queues them in the Redis outbox, where a refused one stays as a dead letter", async () => {
    const prefix = `ra-push-${crypto.randomUUID()}`;
    const refused: string[] = [];
    const hook = await startWebhook(async (request) => {
      refused.push(request.headers.get("x-a2a-notification-token") ?? "");
      return new Response("no", { status: 400 });
    });
    const agent = await startReferenceAgent({
      port: 0,
      host: "127.0.0.1",
      store: "redis",
      redisUrl: REDIS_URL,
      redisPrefix: prefix,
      pushAllowHosts: [`127.0.0.1:${hook.port}`],
    });
    try {
      await fetch(`${agent.url}/a2a/message:send`, {
        method: "POST",
        headers: H,
        body: JSON.stringify({
          message: { messageId: crypto.randomUUID(), role: "ROLE_USER", parts: [{ text: "hi" }] },
          configuration: { taskPushNotificationConfig: { url: hook.url, token: "t-redis" } },
        }),
      });
      // 400 is not retried: each update is refused once and dead-lettered, in Redis.
      while (refused.length === 0) await new Promise((r) => setTimeout(r, 10));
      // The outbox's keys live under the prefix's hash tag (see @a2akit/redis's key layout).
      const deadLetters = () => Number(redisCli("ZCARD", `{${prefix}}:outbox:dead`));
      while (deadLetters() === 0) await new Promise((r) => setTimeout(r, 10));
      expect(deadLetters()).toBeGreaterThan(0);
      expect(new Set(refused)).toEqual(new Set(["t-redis"]));
    } finally {
      await agent.close();
      await hook.close();
      for (const key of redisCli("--scan", "--pattern", `*${prefix}*`)
        .split("\n")
        .filter(Boolean)) {
        redisCli("DEL", key);
      }
    }
  });
});
