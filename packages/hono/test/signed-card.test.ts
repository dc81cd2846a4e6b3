import type { AddressInfo } from "node:net";
import { A2AClient, AgentCardSignatureError, verifyAgentCard } from "@a2akit/client";
import { JWKS_PATH, PushKeyManager, signAgentCard } from "@a2akit/push-jwt";
import { createRequestHandler, defineAgent, withV03Interfaces } from "@a2akit/server-core";
import type { AgentCard } from "@a2akit/types";
import { serve } from "@hono/node-server";
import { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { a2a } from "../src/index.js";

// The agent signs its card with push-jwt's key manager and serves card and JWKS through Hono
// over a real socket; the client fetches both and verifies, as a remote caller would.

let base = "";
let close: () => Promise<void>;
let keys: PushKeyManager;
let signed: AgentCard;
let tampered: unknown;

beforeAll(async () => {
  let handle: (r: Request) => Promise<Response> = async () => new Response(null, { status: 503 });
  const server = serve({ fetch: (r) => handle(r), port: 0, hostname: "127.0.0.1" });
  await new Promise<void>((resolve) => server.once("listening", () => resolve()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  close = () =>
    new Promise<void>((resolve) => {
      (server as { closeAllConnections?: () => void }).closeAllConnections?.();
      server.close(() => resolve());
    });

  keys = await PushKeyManager.generate();
  const card: AgentCard = {
    name: "Signed agent",
    description: "Publishes a signed card",
    version: "1.2.0",
    provider: { organization: "Example", url: "https://example.com" },
    supportedInterfaces: [
      { url: `${base}/a2a`, protocolBinding: "JSONRPC", protocolVersion: "1.0" },
    ],
    capabilities: { streaming: true, pushNotifications: false },
    defaultInputModes: ["text/plain"],
    defaultOutputModes: ["text/plain"],
    skills: [{ id: "echo", name: "Echo", description: "Echoes", tags: ["echo", "ünïcode ✓"] }],
  };
  // Sign the card as it is served: with v0.3 on (the default) it also lists the v0.3 twins.
  signed = await signAgentCard(withV03Interfaces(card), keys, { jku: `${base}${JWKS_PATH}` });
  const handler = createRequestHandler({
    agentCard: signed,
    executor: defineAgent(async (ctx, task) => task.reply(ctx.userText)),
  });
  const app = new Hono();
  // A copy of the card with one word changed, served where an attacker might serve it.
  app.get("/evil/.well-known/agent-card.json", async (c) => {
    const real = await fetch(`${base}/.well-known/agent-card.json`);
    const body = (await real.json()) as Record<string, unknown>;
    tampered = { ...body, description: "Publishes a forged card" };
    return c.json(tampered);
  });
  app.use(a2a({ handler, pushKeys: keys }));
  handle = (r) => Promise.resolve(app.fetch(r));
});

afterAll(async () => {
  await close();
});

describe("signed agent cards", () => {
  it("signs with a detached JWS whose protected header names alg, typ, kid and jku", () => {
    expect(signed.signatures).toHaveLength(1);
    const sig = signed.signatures?.[0];
    const header = JSON.parse(Buffer.from(sig?.protected ?? "", "base64url").toString("utf8"));
    expect(header).toEqual({
      alg: "ES256",
      typ: "JOSE",
      kid: keys.current.kid,
      jku: `${base}${JWKS_PATH}`,
    });
    expect(sig?.signature).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it("is served by Hono and verified by the client against the served JWKS", async () => {
    const client = await A2AClient.fromUrl(base, {
      verifyCard: { jwksUrl: `${base}${JWKS_PATH}` },
    });
    expect(client.card.name).toBe("Signed agent");
    // The v1.0 card and the hybrid card v0.3 clients get (no A2A-Version) both verify.
    for (const headers of [{ "A2A-Version": "1.0" }, {}] as Record<string, string>[]) {
      const fetched = await (
        await fetch(`${base}/.well-known/agent-card.json`, { headers })
      ).json();
      const verified = await verifyAgentCard(fetched, { jwksUrl: `${base}${JWKS_PATH}` });
      expect(verified.protectedHeader.kid).toBe(keys.current.kid);
      expect(verified.protectedHeader.alg).toBe("ES256");
    }
  });

  it("rejects a tampered card", async () => {
    await expect(
      A2AClient.fromUrl(base, {
        cardUrl: `${base}/evil/.well-known/agent-card.json`,
        verifyCard: { jwksUrl: `${base}${JWKS_PATH}` },
      }),
    ).rejects.toBeInstanceOf(AgentCardSignatureError);
    expect(tampered).toMatchObject({ description: "Publishes a forged card" });
    await expect(verifyAgentCard(tampered, { jwks: keys.jwks() })).rejects.toThrow(
      /No signature of the agent card verified/,
    );
  });

  it("keeps one signature per key across a rotation, each verifiable on its own", async () => {
    const previous = keys.current;
    const rotated = new PushKeyManager({ keys: [previous] });
    await rotated.rotate();
    const twice = await signAgentCard(signed, rotated);
    expect(twice.signatures).toHaveLength(2);
    const resigned = await signAgentCard(twice, rotated);
    expect(resigned.signatures).toHaveLength(2);
    const [oldSig, newSig] = twice.signatures ?? [];
    const jwks = rotated.jwks();
    await verifyAgentCard({ ...twice, signatures: [oldSig] }, { jwks });
    const fresh = await verifyAgentCard({ ...twice, signatures: [newSig] }, { jwks });
    expect(fresh.protectedHeader.kid).toBe(rotated.current.kid);
    expect(fresh.protectedHeader.kid).not.toBe(previous.kid);
  });

  it("refuses to sign an invalid card", async () => {
    await expect(signAgentCard({ name: "x" } as unknown as AgentCard, keys)).rejects.toThrow(
      /Cannot sign an invalid card/,
    );
  });
});
