import { generateKeyPairSync, sign } from "node:crypto";
import { once } from "node:events";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../src/config.js";
import { type RunningAgent, startReferenceAgent } from "../src/server.js";

const H = { "A2A-Version": "1.0", "Content-Type": "application/json" };
const body = JSON.stringify({
  jsonrpc: "2.0",
  id: 1,
  method: "SendMessage",
  params: { message: { messageId: "m1", role: "ROLE_USER", parts: [{ text: "hi" }] } },
});

// A local issuer: one RSA key, published as a JWKS over a real socket.
const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
const jwk = { ...publicKey.export({ format: "jwk" }), kid: "k1", alg: "RS256", use: "sig" };
const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");
function jwt(claims: Record<string, unknown>): string {
  const now = Math.floor(Date.now() / 1000);
  const input = `${b64({ alg: "RS256", kid: "k1", typ: "JWT" })}.${b64({ iss: "https://issuer.test", aud: "reference-agent", iat: now, exp: now + 300, ...claims })}`;
  return `${input}.${sign("sha256", Buffer.from(input), privateKey).toString("base64url")}`;
}

describe("reference agent with API keys and JWTs", () => {
  let jwks: Server;
  let agent: RunningAgent;
  beforeAll(async () => {
    jwks = createServer((_req, res) => {
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ keys: [jwk] }));
    });
    jwks.listen(0, "127.0.0.1");
    await once(jwks, "listening");
    const config = loadConfig({
      API_KEYS: "key-one,key-two",
      JWT_JWKS_URL: `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/jwks.json`,
      JWT_ISSUER: "https://issuer.test",
      JWT_AUDIENCE: "reference-agent",
    });
    agent = await startReferenceAgent({
      ...config,
      port: 0,
      host: "127.0.0.1",
      logger: pino({ level: "silent" }),
    });
  });
  afterAll(async () => {
    await agent.close();
    await new Promise((r) => jwks.close(r));
  });

  const call = (headers: Record<string, string>) =>
    fetch(`${agent.url}/a2a`, { method: "POST", headers: { ...H, ...headers }, body });

  it("declares both schemes on its card, either one sufficing", async () => {
    const card = await (await fetch(`${agent.url}/.well-known/agent-card.json`)).json();
    expect(Object.keys(card.securitySchemes)).toEqual(["apiKey", "bearer"]);
    expect(card.securityRequirements).toEqual([
      // No scopes: the empty list is left out on the wire.
      { schemes: { apiKey: {} } },
      { schemes: { bearer: {} } },
    ]);
    expect(card.capabilities.extendedAgentCard).toBe(true);
  });

  it("accepts an API key and a JWT", async () => {
    const byKey = await (await call({ "X-API-Key": "key-two" })).json();
    expect(byKey.result.task.status.state).toBe("TASK_STATE_COMPLETED");
    const byToken = await (await call({ Authorization: `Bearer ${jwt({ sub: "ada" })}` })).json();
    expect(byToken.result.task.status.state).toBe("TASK_STATE_COMPLETED");
    const extended = await fetch(`${agent.url}/a2a/extendedAgentCard`, {
      headers: { "A2A-Version": "1.0", Authorization: `Bearer ${jwt({ sub: "ada" })}` },
    });
    expect((await extended.json()).description).toContain("signed in as ada");
  });

  it("refuses missing and bad credentials with 401 naming both schemes", async () => {
    const attempts: Record<string, string>[] = [
      {},
      { "X-API-Key": "nope" },
      { Authorization: `Bearer ${jwt({ sub: "ada", aud: "someone-else" })}` },
    ];
    for (const headers of attempts) {
      const res = await call(headers);
      expect(res.status).toBe(401);
      expect(res.headers.get("www-authenticate")).toBe(
        'ApiKey realm="a2akit reference agent", in="header", name="X-API-Key", Bearer realm="a2akit reference agent"',
      );
    }
  });

  it("rejects a half-configured JWT setup at startup", () => {
    expect(() => loadConfig({ JWT_JWKS_URL: "https://issuer.test/jwks.json" })).toThrow(
      "JWT authentication needs JWT_JWKS_URL, JWT_ISSUER, JWT_AUDIENCE; JWT_ISSUER, JWT_AUDIENCE unset",
    );
  });
});
