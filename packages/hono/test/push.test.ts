import type { AddressInfo } from "node:net";
import { nodePushOptions } from "@a2akit/node";
import {
  createPushVerifier,
  isPushVerificationError,
  PushKeyManager,
  PushSigner,
  pushJwtExtension,
  pushJwtParamsOf,
  type VerifiedPushNotification,
} from "@a2akit/push-jwt";
import { createPushDeliveries, createRequestHandler, defineAgent } from "@a2akit/server-core";
import type { AgentCard } from "@a2akit/types";
import { serve } from "@hono/node-server";
import { Hono } from "hono";
import { afterEach, describe, expect, it } from "vitest";
import { a2a, createA2AApp } from "../src/index.js";

// Everything over real sockets: the agent on one port, the webhook on another, the JWKS fetched
// by the webhook from the agent.

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** Listens on 127.0.0.1 and a free port; the handler can be set once the URL is known. */
async function listen() {
  let handle: (request: Request) => Promise<Response> = async () =>
    new Response("starting", { status: 503 });
  const server = serve({ fetch: (r) => handle(r), port: 0, hostname: "127.0.0.1" });
  await new Promise<void>((resolve) => server.once("listening", () => resolve()));
  const { port } = server.address() as AddressInfo;
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        (server as { closeAllConnections?: () => void }).closeAllConnections?.();
        server.close(() => resolve());
      }),
  );
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    serve(h: (request: Request) => Promise<Response>) {
      handle = h;
    },
  };
}

const CHUNKS = 50;

/** A signing agent streaming CHUNKS artifact chunks, whose pushes may reach only `hookPort`. */
async function startAgent(hookPort: number, chunks = CHUNKS) {
  const site = await listen();
  const keys = await PushKeyManager.generate();
  const jwksUrl = `${site.url}/.well-known/jwks.json`;
  const card: AgentCard = {
    name: "Chunker",
    description: "Streams chunks",
    version: "1.0.0",
    supportedInterfaces: [
      { url: `${site.url}/a2a`, protocolBinding: "JSONRPC", protocolVersion: "1.0" },
      { url: `${site.url}/a2a`, protocolBinding: "HTTP+JSON", protocolVersion: "1.0" },
    ],
    capabilities: {
      streaming: true,
      pushNotifications: true,
      extensions: [pushJwtExtension({ jwksUrl, issuer: site.url })],
    },
    defaultInputModes: ["text/plain"],
    defaultOutputModes: ["text/plain"],
    skills: [],
  };
  const deliveries = createPushDeliveries({
    ...nodePushOptions({ allowHosts: [`127.0.0.1:${hookPort}`] }),
    signer: new PushSigner({ issuer: site.url, keys }),
    retry: { backoff: () => 0 },
  });
  const handler = createRequestHandler({
    agentCard: card,
    pushDeliveries: deliveries,
    executor: defineAgent(async (_ctx, task) => {
      await task.working();
      for (let i = 0; i < chunks; i++) {
        await task.artifact({
          artifactId: "out",
          parts: [{ text: `chunk ${i}` }],
          append: i > 0,
          lastChunk: i === chunks - 1,
        });
      }
      await task.complete();
    }),
  });
  const app = createA2AApp({ handler, pushKeys: keys });
  site.serve(async (r) => app.fetch(r));
  cleanups.push(() => app.close({ timeoutMs: 1000 }));
  return { url: site.url, keys, deliveries };
}

const HEADERS = { "A2A-Version": "1.0", "Content-Type": "application/json" };

async function rpc(agentUrl: string, method: string, params: unknown) {
  const res = await fetch(`${agentUrl}/a2a`, {
    method: "POST",
    headers: HEADERS,
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
  });
  return (await res.json()) as {
    result?: { task?: { id: string; status: { state: string } } };
    error?: { code: number; message: string };
  };
}

function describeEvent(e: VerifiedPushNotification["event"]): string {
  if (e.statusUpdate) return e.statusUpdate.status.state;
  if (e.artifactUpdate) return e.artifactUpdate.artifact.parts[0]?.text ?? "artifact";
  return Object.keys(e)[0] ?? "?";
}

describe("signed push notifications end to end", () => {
  it("delivers every update of a 50-chunk task, in order, each with a JWT the webhook verifies", async () => {
    const hook = await listen();
    const hookUrl = `${hook.url}/hook`;
    const agent = await startAgent(hook.port);

    // The webhook learns where the keys are from the agent's card, like any client would.
    const card = (await (
      await fetch(`${agent.url}/.well-known/agent-card.json`)
    ).json()) as AgentCard;
    const params = pushJwtParamsOf(card);
    expect(params).toEqual({ jwksUrl: `${agent.url}/.well-known/jwks.json`, issuer: agent.url });
    const verifier = createPushVerifier({
      audience: hookUrl,
      issuer: params?.issuer ?? "",
      jwksUrl: params?.jwksUrl ?? "",
      notificationToken: "secret-token",
    });
    const accepted: VerifiedPushNotification[] = [];
    const rejected: string[] = [];
    const contentTypes = new Set<string | null>();
    let notify = () => {};
    hook.serve(async (request) => {
      contentTypes.add(request.headers.get("content-type"));
      try {
        accepted.push(await verifier.verify(request));
        return new Response(null, { status: 204 });
      } catch (error) {
        if (!isPushVerificationError(error)) throw error;
        rejected.push(error.code);
        return Response.json({ code: error.code }, { status: error.status });
      } finally {
        notify();
      }
    });
    const all = new Promise<void>((resolve) => {
      notify = () => {
        if (accepted.length + rejected.length >= CHUNKS + 2) resolve();
      };
    });

    const sent = await rpc(agent.url, "SendMessage", {
      message: { messageId: "m1", role: "ROLE_USER", parts: [{ text: "go" }] },
      configuration: { taskPushNotificationConfig: { url: hookUrl, token: "secret-token" } },
    });
    expect(sent.result?.task?.status.state).toBe("TASK_STATE_COMPLETED");
    const taskId = sent.result?.task?.id;
    await all;

    expect(rejected).toEqual([]);
    expect(accepted.map((a) => describeEvent(a.event))).toEqual([
      "TASK_STATE_WORKING",
      ...Array.from({ length: CHUNKS }, (_, i) => `chunk ${i}`),
      "TASK_STATE_COMPLETED",
    ]);
    expect(contentTypes).toEqual(new Set(["application/a2a+json"]));
    for (const a of accepted) {
      expect(a.claims).toMatchObject({ iss: agent.url, aud: hookUrl, taskId });
      expect(a.header.kid).toBe(agent.keys.current.kid);
    }
    expect(new Set(accepted.map((a) => a.claims.jti)).size).toBe(CHUNKS + 2);
    // The last count lands once the agent has read the webhook's answer.
    while ((agent.deliveries.stats()[0]?.delivered ?? 0) < CHUNKS + 2) {
      await new Promise((r) => setTimeout(r, 5));
    }
    expect(agent.deliveries.stats()).toEqual([
      expect.objectContaining({ taskId, delivered: CHUNKS + 2, retried: 0, deadLettered: 0 }),
    ]);
  });

  it("signs every retry afresh, so a webhook that failed after verifying still accepts it", async () => {
    const hook = await listen();
    const hookUrl = `${hook.url}/hook`;
    const agent = await startAgent(hook.port, 1);
    const verifier = createPushVerifier({
      audience: hookUrl,
      issuer: agent.url,
      jwksUrl: `${agent.url}/.well-known/jwks.json`,
    });
    const seen: Array<{ jti: string; event: string }> = [];
    const rejected: string[] = [];
    // Verifies (recording the jti), then fails the first three POSTs as a crashing handler would.
    hook.serve(async (request) => {
      try {
        const push = await verifier.verify(request);
        seen.push({ jti: push.claims.jti, event: describeEvent(push.event) });
        return new Response(null, { status: seen.length <= 3 ? 500 : 204 });
      } catch (error) {
        if (!isPushVerificationError(error)) throw error;
        rejected.push(error.code);
        return new Response(null, { status: error.status });
      }
    });
    await rpc(agent.url, "SendMessage", {
      message: { messageId: "m1", role: "ROLE_USER", parts: [{ text: "go" }] },
      configuration: { taskPushNotificationConfig: { url: hookUrl } },
    });
    while ((agent.deliveries.stats()[0]?.delivered ?? 0) < 3) {
      await new Promise((r) => setTimeout(r, 5));
    }
    expect(rejected).toEqual([]);
    expect(seen.map((s) => s.event)).toEqual([
      "TASK_STATE_WORKING",
      "TASK_STATE_WORKING",
      "TASK_STATE_WORKING",
      "TASK_STATE_WORKING",
      "chunk 0",
      "TASK_STATE_COMPLETED",
    ]);
    expect(new Set(seen.map((s) => s.jti)).size).toBe(seen.length);
    expect(agent.deliveries.stats()[0]).toMatchObject({
      delivered: 3,
      retried: 3,
      deadLettered: 0,
    });
  });

  it("serves the JWKS from the key manager, with only public members", async () => {
    const agent = await startAgent(1);
    const res = await fetch(`${agent.url}/.well-known/jwks.json`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/jwk-set+json");
    const jwks = (await res.json()) as { keys: Array<Record<string, unknown>> };
    expect(jwks.keys.map((k) => k.kid)).toEqual([agent.keys.current.kid]);
    expect(jwks.keys[0]).not.toHaveProperty("d");
    const conditional = await fetch(`${agent.url}/.well-known/jwks.json`, {
      headers: { "If-None-Match": res.headers.get("etag") ?? "" },
    });
    expect(conditional.status).toBe(304);
  });

  it("refuses a webhook on a forbidden address when the config is created, naming the reason", async () => {
    const agent = await startAgent(1);
    const done = await rpc(agent.url, "SendMessage", {
      message: { messageId: "m1", role: "ROLE_USER", parts: [{ text: "go" }] },
    });
    const taskId = done.result?.task?.id ?? "";
    for (const [url, why] of [
      ["http://127.0.0.1:8080/hook", "127.0.0.1 is a loopback address"],
      ["http://10.0.0.1/hook", "10.0.0.1 is a private address"],
      ["http://169.254.169.254/latest", "169.254.169.254 is a cloud metadata endpoint"],
      ["http://[::1]/hook", "[::1] is a loopback address"],
      ["http://[::ffff:127.0.0.1]/hook", "a loopback address embedded in IPv6"],
      ["http://localhost/hook", "localhost is a loopback host name"],
    ] as const) {
      const viaRpc = await rpc(agent.url, "CreateTaskPushNotificationConfig", { taskId, url });
      expect(viaRpc.error?.code).toBe(-32602);
      expect(viaRpc.error?.message).toContain(`url ${url} is refused: `);
      expect(viaRpc.error?.message).toContain(why);

      const viaRest = await fetch(`${agent.url}/a2a/tasks/${taskId}/pushNotificationConfigs`, {
        method: "POST",
        headers: HEADERS,
        body: JSON.stringify({ url }),
      });
      expect(viaRest.status).toBe(400);
      const body = (await viaRest.json()) as { error: { message: string } };
      expect(body.error.message).toContain(why);
    }
    const list = await rpc(agent.url, "ListTaskPushNotificationConfigs", { taskId });
    expect(list.error).toBeUndefined();
    expect((list.result as { configs?: unknown[] }).configs ?? []).toEqual([]);
  });
});

describe("the pushKeys option", () => {
  it("mounts the JWKS from the a2a() middleware, at jwksPath, and leaves other routes alone", async () => {
    const keys = await PushKeyManager.generate();
    const handler = createRequestHandler({
      agentCard: {
        name: "A",
        description: "A",
        version: "1.0.0",
        supportedInterfaces: [
          { url: "http://localhost/a2a", protocolBinding: "HTTP+JSON", protocolVersion: "1.0" },
        ],
        capabilities: {},
        defaultInputModes: ["text/plain"],
        defaultOutputModes: ["text/plain"],
        skills: [],
      },
      executor: defineAgent(async (_ctx, task) => task.complete("ok")),
    });
    const app = new Hono();
    app.use(a2a({ handler, pushKeys: keys, jwksPath: "/keys.json" }));
    app.get("/health", (c) => c.text("ok"));
    const res = await app.request("/keys.json");
    expect(res.headers.get("content-type")).toBe("application/jwk-set+json");
    expect(await res.json()).toEqual(keys.jwks());
    expect((await app.request("/keys.json", { method: "POST" })).status).toBe(405);
    expect(await (await app.request("/health")).text()).toBe("ok");
    expect((await app.request("/.well-known/jwks.json")).status).toBe(404);
  });
});
