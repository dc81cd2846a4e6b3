import { type AgentCard, PermissionDeniedError, UnauthenticatedError } from "@a2akit/types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authFromCard, authorizeSkill, withSkillAuthorization } from "../src/auth/index.js";
import {
  ANONYMOUS,
  createA2AFetchHandler,
  createRequestHandler,
  defineAgent,
  type RequestContext,
} from "../src/index.js";
import { requirement, SCHEMES } from "./auth-card.js";
import { type FakeIdp, startIdp } from "./auth-idp.js";
import { serveFetch, type TestServer } from "./http-helpers.js";

let idp: FakeIdp;
let server: TestServer;
let a2a: ReturnType<typeof createA2AFetchHandler>;
const seen: RequestContext[] = [];

const skills = [
  { id: "echo", name: "Echo", description: "Says it back", tags: [] },
  {
    id: "admin",
    name: "Admin",
    description: "Only for administrators",
    tags: [],
    securityRequirements: [requirement(["bearer", ["agent:admin"]])],
  },
];

function card(): AgentCard {
  return {
    name: "Guarded",
    description: "API key or a JWT with agent:use",
    version: "1.0.0",
    supportedInterfaces: [
      { url: "http://agent.test/rpc", protocolBinding: "JSONRPC", protocolVersion: "1.0" },
      { url: "http://agent.test/rest", protocolBinding: "HTTP+JSON", protocolVersion: "1.0" },
    ],
    capabilities: { streaming: true, extendedAgentCard: true },
    defaultInputModes: ["text/plain"],
    defaultOutputModes: ["text/plain"],
    skills,
    securitySchemes: { apiKey: SCHEMES.apiKey, bearer: SCHEMES.bearer },
    securityRequirements: [requirement(["apiKey"]), requirement(["bearer", ["agent:use"]])],
  };
}

beforeAll(async () => {
  idp = await startIdp();
  const agentCard = card();
  const executor = withSkillAuthorization(
    defineAgent(async (ctx, task) => {
      seen.push(ctx);
      await task.complete(`hello ${ctx.user.name ?? ctx.user.id}`);
    }),
    {
      card: agentCard,
      skillOf: (ctx) => (ctx.metadata?.skill as string | undefined) ?? "echo",
      // A policy of the agent's own on top of the card: nobody named mallory gets echo.
      authorize: (user, skill) => !(skill.id === "echo" && user.id === "mallory"),
    },
  );
  const handler = createRequestHandler({
    agentCard,
    executor,
    extendedAgentCard: (user) => ({ ...agentCard, description: `extended for ${user.id}` }),
  });
  const auth = authFromCard(agentCard, {
    apiKeys: { "key-1": { id: "svc", name: "Service" } },
    jwt: { jwksUrl: idp.jwksUrl, issuer: idp.issuer, audience: "agent", tenantClaim: "tid" },
  });
  a2a = createA2AFetchHandler({ handler, ...auth });
  server = await serveFetch(a2a.fetch);
});
afterAll(async () => {
  await a2a.close({ timeoutMs: 1000 });
  await server.close();
  await idp.close();
});

const H = { "A2A-Version": "1.0", "Content-Type": "application/json" };
const send = (text: string, metadata?: Record<string, unknown>) => ({
  message: { messageId: crypto.randomUUID(), role: "ROLE_USER", parts: [{ text }] },
  ...(metadata ? { metadata } : {}),
});
const rpc = (method: string, params: unknown, headers: Record<string, string> = {}) =>
  fetch(`${server.url}/rpc`, {
    method: "POST",
    headers: { ...H, ...headers },
    body: JSON.stringify({ jsonrpc: "2.0", id: 3, method, params }),
  });
const rest = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${server.url}/rest${path}`, {
    method: body === undefined ? "GET" : "POST",
    headers: { ...H, ...headers },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
const token = async (claims: Record<string, unknown>) => ({
  authorization: `Bearer ${await idp.sign({ tid: "acme", ...claims })}`,
});

const CHALLENGE = 'ApiKey realm="Guarded", in="header", name="X-API-Key", Bearer realm="Guarded"';

describe("refusals over both bindings", () => {
  it("answers 401 with WWW-Authenticate naming the card's schemes", async () => {
    const r1 = await rpc("SendMessage", send("hi"));
    expect(r1.status).toBe(401);
    expect(r1.headers.get("www-authenticate")).toBe(CHALLENGE);
    const b1 = (await r1.json()) as any;
    expect(b1.id).toBe(3);
    expect(b1.error.code).toBe(-32090);
    expect(b1.error.message).toContain("apiKey (API key in header X-API-Key)");

    const r2 = await rest("/message:send", send("hi"), { "X-API-Key": "wrong" });
    expect(r2.status).toBe(401);
    expect(r2.headers.get("www-authenticate")).toBe(CHALLENGE);
    const b2 = (await r2.json()) as any;
    expect(b2.error.status).toBe("UNAUTHENTICATED");
    expect(b2.error.message).toContain("the API key in header X-API-Key is not valid");

    // v0.3 clients (no A2A-Version) are held to the same card.
    const r3 = await fetch(`${server.url}/rpc`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tasks/get", params: { id: "x" } }),
    });
    expect(r3.status).toBe(401);
    expect(r3.headers.get("www-authenticate")).toBe(CHALLENGE);
  });

  it("answers 403 when the token is valid but lacks the required scope", async () => {
    const weak = await token({ scope: "other" });
    const r1 = await rpc("GetTask", { id: "x" }, weak);
    expect(r1.status).toBe(403);
    expect(r1.headers.get("www-authenticate")).toBeNull();
    expect(((await r1.json()) as any).error.code).toBe(-32091);
    const r2 = await rest("/tasks/x", undefined, weak);
    expect(r2.status).toBe(403);
    expect(((await r2.json()) as any).error.status).toBe("PERMISSION_DENIED");
  });

  it("serves the public card to anyone", async () => {
    const res = await fetch(`${server.url}/.well-known/agent-card.json`);
    expect(res.status).toBe(200);
    expect(((await res.json()) as any).securityRequirements).toHaveLength(2);
  });
});

describe("the authenticated user", () => {
  it("reaches the executor with name, scopes and tenant", async () => {
    seen.length = 0;
    const res = await rest(
      "/message:send",
      send("hi"),
      await token({ name: "Alice", scope: "agent:use extra" }),
    );
    expect(res.status).toBe(200);
    expect(((await res.json()) as any).task.status.state).toBe("TASK_STATE_COMPLETED");
    expect(seen[0]?.user).toMatchObject({
      id: "alice",
      name: "Alice",
      scopes: ["agent:use", "extra"],
      tenant: "acme",
      schemes: ["bearer"],
    });
    expect(seen[0]?.tenant).toBe("acme");
  });

  it("gets the extended card; the API-key caller too", async () => {
    const r1 = await rpc("GetExtendedAgentCard", {}, { "X-API-Key": "key-1" });
    expect(((await r1.json()) as any).result.description).toBe("extended for svc");
    const r2 = await rest("/extendedAgentCard", undefined, await token({ scope: "agent:use" }));
    expect(((await r2.json()) as any).description).toBe("extended for alice");
  });
});

describe("per-skill authorization", () => {
  it("refuses a skill whose scopes the caller lacks, with 403 and no task, on both bindings", async () => {
    const user = await token({ sub: "eve", scope: "agent:use" });
    const r1 = await rpc("SendMessage", send("go", { skill: "admin" }), user);
    expect(r1.status).toBe(403);
    const b1 = (await r1.json()) as any;
    expect(b1.error.code).toBe(-32091);
    expect(b1.error.message).toBe('Skill "admin" needs bearer with agent:admin');
    const r2 = await rest("/message:send", send("go", { skill: "admin" }), user);
    expect(r2.status).toBe(403);
    // The API key does not carry the bearer scheme the skill asks for.
    const r3 = await rest("/message:send", send("go", { skill: "admin" }), {
      "X-API-Key": "key-1",
    });
    expect(r3.status).toBe(403);
    const list = await rest("/tasks", undefined, user);
    expect(((await list.json()) as any).tasks).toEqual([]);
  });

  it("runs the skill for a caller holding its scopes", async () => {
    const admin = await token({ sub: "root", scope: "agent:use agent:admin" });
    const res = await rpc("SendMessage", send("go", { skill: "admin" }), admin);
    expect(((await res.json()) as any).result.task.status.state).toBe("TASK_STATE_COMPLETED");
  });

  it("applies the agent's own policy on top of the card", async () => {
    const res = await rest(
      "/message:send",
      send("go"),
      await token({ sub: "mallory", scope: "agent:use" }),
    );
    expect(res.status).toBe(403);
    expect(((await res.json()) as any).error.message).toBe('This caller may not use skill "echo"');
  });

  it("authorizeSkill checks the card's requirements for one user", () => {
    const c = card();
    const admin = { id: "r", authenticated: true, schemes: ["bearer"], scopes: ["agent:admin"] };
    expect(authorizeSkill(c, "admin", admin).id).toBe("admin");
    expect(authorizeSkill(c, "echo", ANONYMOUS).id).toBe("echo");
    expect(() => authorizeSkill(c, "admin", ANONYMOUS)).toThrow(UnauthenticatedError);
    expect(() => authorizeSkill(c, "admin", { ...admin, schemes: ["apiKey"] })).toThrow(
      PermissionDeniedError,
    );
    expect(() => authorizeSkill(c, "nope", admin)).toThrow(TypeError);
  });
});

describe("the extended card without an authenticator", () => {
  it("is refused to anonymous callers with 401", async () => {
    const agentCard = { ...card(), securitySchemes: {}, securityRequirements: [] };
    const handler = createRequestHandler({
      agentCard,
      executor: defineAgent((_c, t) => t.complete()),
      extendedAgentCard: agentCard,
    });
    const open = createA2AFetchHandler({ handler });
    const res = await open.fetch(
      new Request("http://agent.test/rest/extendedAgentCard", {
        headers: { "A2A-Version": "1.0" },
      }),
    );
    expect(res.status).toBe(401);
    expect(((await res.json()) as any).error.message).toContain(
      "only served to authenticated callers",
    );
    await open.close();
  });
});
