import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import Ajv from "ajv";
import { describe, expect, it } from "vitest";
import {
  AgentCard,
  agentCardFromV03,
  agentCardToV03,
  hybridAgentCard,
  InvalidParamsError,
  isV03AgentCard,
  parse,
  parseAgentCardAnyVersion,
  toJson,
  V03AgentCard,
} from "../src/index.js";

const a2aJson = JSON.parse(
  readFileSync(fileURLToPath(new URL("./fixtures/v03/a2a.json", import.meta.url)), "utf8"),
);
const ajv = new Ajv({ strict: false, allErrors: true });
ajv.addSchema(a2aJson, "a2a.json");
const validCard = ajv.getSchema("a2a.json#/definitions/AgentCard");

function expectValidV03Card(card: unknown): void {
  const ok = validCard?.(JSON.parse(JSON.stringify(card)));
  expect(ok, JSON.stringify(validCard?.errors)).toBe(true);
}

const card: AgentCard = {
  name: "Recipe Agent",
  description: "Finds recipes",
  supportedInterfaces: [
    { url: "https://a.example/a2a", protocolBinding: "JSONRPC", protocolVersion: "1.0" },
    { url: "https://a.example/v03", protocolBinding: "JSONRPC", protocolVersion: "0.3" },
    { url: "https://a.example/v03/rest", protocolBinding: "HTTP+JSON", protocolVersion: "0.3" },
  ],
  provider: { organization: "Example", url: "https://example.com" },
  version: "1.0.0",
  capabilities: { streaming: true, pushNotifications: false, extendedAgentCard: true },
  securitySchemes: {
    bearer: { httpAuthSecurityScheme: { scheme: "Bearer", bearerFormat: "JWT" } },
    key: { apiKeySecurityScheme: { location: "header", name: "X-Key", description: "k" } },
    oidc: { openIdConnectSecurityScheme: { openIdConnectUrl: "https://id.example/.well-known" } },
    mtls: { mtlsSecurityScheme: {} },
    oauth: {
      oauth2SecurityScheme: {
        flows: {
          authorizationCode: {
            authorizationUrl: "https://id.example/auth",
            tokenUrl: "https://id.example/token",
            scopes: { read: "Read" },
          },
        },
      },
    },
  },
  securityRequirements: [
    { schemes: { bearer: { list: [] } } },
    { schemes: { oauth: { list: ["read"] }, key: { list: [] } } },
  ],
  defaultInputModes: ["text/plain"],
  defaultOutputModes: ["text/plain"],
  skills: [
    {
      id: "find",
      name: "Find",
      description: "Find a recipe",
      tags: ["food"],
      securityRequirements: [{ schemes: { oauth: { list: ["read"] } } }],
    },
  ],
};

describe("agent cards", () => {
  it("writes a v0.3 card from the interfaces stamped 0.3, valid against a2a.json", () => {
    const old = agentCardToV03(card);
    expectValidV03Card(old);
    expect(old).toMatchObject({
      protocolVersion: "0.3.0",
      url: "https://a.example/v03",
      preferredTransport: "JSONRPC",
      additionalInterfaces: [
        { url: "https://a.example/v03", transport: "JSONRPC" },
        { url: "https://a.example/v03/rest", transport: "HTTP+JSON" },
      ],
      supportsAuthenticatedExtendedCard: true,
      security: [{ bearer: [] }, { oauth: ["read"], key: [] }],
      securitySchemes: {
        bearer: { type: "http", scheme: "Bearer", bearerFormat: "JWT" },
        key: { type: "apiKey", in: "header", name: "X-Key", description: "k" },
        oidc: { type: "openIdConnect", openIdConnectUrl: "https://id.example/.well-known" },
        mtls: { type: "mutualTLS" },
        oauth: {
          type: "oauth2",
          flows: { authorizationCode: { tokenUrl: "https://id.example/token" } },
        },
      },
    });
    expect(old.skills[0]?.security).toEqual([{ oauth: ["read"] }]);
  });

  it("falls back to the first JSON-RPC interface when none is stamped 0.3", () => {
    const only1 = { ...card, supportedInterfaces: card.supportedInterfaces.slice(0, 1) };
    const old = agentCardToV03(only1);
    expect(old.url).toBe("https://a.example/a2a");
    expect(old).not.toHaveProperty("additionalInterfaces");
  });

  it("round-trips v1.0 → v0.3 → v1.0 for the 0.3 interfaces and everything else", () => {
    const v03Only = {
      ...card,
      supportedInterfaces: card.supportedInterfaces.filter((i) => i.protocolVersion === "0.3"),
    };
    const back = agentCardFromV03(agentCardToV03(v03Only));
    expect(toJson(AgentCard, back)).toEqual(toJson(AgentCard, v03Only));
  });

  it("reads a v0.3 card into interfaces stamped 0.3, main url first, without duplicates", () => {
    const v1 = agentCardFromV03({
      protocolVersion: "0.3.0",
      name: "n",
      description: "d",
      url: "https://b/rpc",
      additionalInterfaces: [
        { url: "https://b/rpc", transport: "JSONRPC" },
        { url: "https://b/grpc", transport: "GRPC" },
      ],
      version: "1",
      capabilities: { stateTransitionHistory: true },
      defaultInputModes: [],
      defaultOutputModes: [],
      skills: [],
    });
    expect(v1.supportedInterfaces).toEqual([
      { url: "https://b/rpc", protocolBinding: "JSONRPC", protocolVersion: "0.3" },
      { url: "https://b/grpc", protocolBinding: "GRPC", protocolVersion: "0.3" },
    ]);
    // stateTransitionHistory is gone in v1.0.
    expect(v1.capabilities).toEqual({});
    expect(parse(AgentCard, v1).success).toBe(true);
  });

  it("keeps one OAuth flow of several (authorizationCode first) and refuses none", () => {
    const base = {
      protocolVersion: "0.3.0",
      name: "n",
      description: "d",
      url: "https://b",
      version: "1",
      capabilities: {},
      defaultInputModes: [],
      defaultOutputModes: [],
      skills: [],
    };
    const flows = {
      clientCredentials: { tokenUrl: "https://t", scopes: {} },
      authorizationCode: { authorizationUrl: "https://a", tokenUrl: "https://t", scopes: {} },
    };
    const v1 = agentCardFromV03({
      ...base,
      securitySchemes: { o: { type: "oauth2", flows } },
    });
    expect(v1.securitySchemes?.o?.oauth2SecurityScheme?.flows).toEqual({
      authorizationCode: flows.authorizationCode,
    });
    expect(() =>
      agentCardFromV03({ ...base, securitySchemes: { o: { type: "oauth2", flows: {} } } }),
    ).toThrow(/securitySchemes\.o\.flows: an OAuth2 scheme needs at least one flow/);
  });

  it("drops deviceCode (flows become {}) and refuses an api key location v0.3 lacks", () => {
    const device: AgentCard = {
      ...card,
      securitySchemes: {
        d: {
          oauth2SecurityScheme: {
            flows: {
              deviceCode: {
                deviceAuthorizationUrl: "https://d",
                tokenUrl: "https://t",
                scopes: {},
              },
            },
          },
        },
      },
      securityRequirements: [],
    };
    const old = agentCardToV03(device);
    expect(old.securitySchemes?.d).toEqual({ type: "oauth2", flows: {} });
    expectValidV03Card(old);
    const bad: AgentCard = {
      ...card,
      securitySchemes: { k: { apiKeySecurityScheme: { location: "body", name: "k" } } },
    };
    expect(() => agentCardToV03(bad)).toThrow(InvalidParamsError);
  });

  it("converts the sample card of the v0.3 specification", () => {
    const sample = {
      protocolVersion: "0.2.9",
      name: "GeoSpatial Route Planner Agent",
      description: "Route planning",
      url: "https://georoute-agent.example.com/a2a/v1",
      preferredTransport: "JSONRPC",
      additionalInterfaces: [
        { url: "https://georoute-agent.example.com/a2a/v1", transport: "JSONRPC" },
        { url: "https://georoute-agent.example.com/a2a/grpc", transport: "GRPC" },
      ],
      version: "1.2.0",
      capabilities: { streaming: true },
      securitySchemes: {
        google: { type: "openIdConnect", openIdConnectUrl: "https://accounts.google.com/x" },
      },
      security: [{ google: ["openid", "profile", "email"] }],
      defaultInputModes: ["application/json"],
      defaultOutputModes: ["image/png"],
      skills: [],
    };
    const v1 = parseAgentCardAnyVersion(sample);
    expect(v1.supportedInterfaces.map((i) => i.protocolVersion)).toEqual(["0.3", "0.3"]);
    expect(v1.securityRequirements).toEqual([
      { schemes: { google: { list: ["openid", "profile", "email"] } } },
    ]);
  });
});

describe("the hybrid card", () => {
  const pure: AgentCard = {
    ...card,
    supportedInterfaces: card.supportedInterfaces.slice(0, 1),
  };
  const hybrid = hybridAgentCard(pure, [{ url: "https://a.example/v03" }]);

  it("reads as the v1.0 card (plus the 0.3 interface) with the v1.0 schema", () => {
    const r = parse(AgentCard, hybrid);
    expect(r.success).toBe(true);
    if (!r.success) return;
    const expected = {
      ...pure,
      supportedInterfaces: [
        ...pure.supportedInterfaces,
        { url: "https://a.example/v03", protocolBinding: "JSONRPC", protocolVersion: "0.3" },
      ],
    };
    expect(toJson(AgentCard, r.data)).toEqual(toJson(AgentCard, expected));
  });

  it("reads as the v0.3 card with the v0.3 schema and validates against a2a.json", () => {
    expectValidV03Card(hybrid);
    const r = parse(V03AgentCard, hybrid);
    expect(r.success).toBe(true);
    if (!r.success) return;
    expect(r.data.url).toBe("https://a.example/v03");
    expect(r.data.security).toEqual([{ bearer: [] }, { oauth: ["read"], key: [] }]);
    expect(r.data.securitySchemes?.bearer).toEqual({
      type: "http",
      scheme: "Bearer",
      bearerFormat: "JWT",
    });
    expect(r.data.supportsAuthenticatedExtendedCard).toBe(true);
  });

  it("carries both forms of each security scheme side by side", () => {
    expect((hybrid.securitySchemes as Record<string, unknown>).key).toEqual({
      type: "apiKey",
      in: "header",
      name: "X-Key",
      description: "k",
      apiKeySecurityScheme: { location: "header", name: "X-Key", description: "k" },
    });
  });

  it("is read as v1.0 by clients (supportedInterfaces wins); a v0.3-only card as v0.3", () => {
    expect(isV03AgentCard(hybrid)).toBe(false);
    expect(parseAgentCardAnyVersion(hybrid).supportedInterfaces).toHaveLength(2);
    expect(isV03AgentCard(agentCardToV03(card))).toBe(true);
  });

  it("refuses to claim v0.3 when no endpoint serves it", () => {
    expect(() => hybridAgentCard(pure)).toThrow(/no interface has protocolVersion 0.3/);
  });
});
