import type { AgentCard } from "@a2akit/types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  BINDINGS,
  type ConformanceServer,
  expectError,
  startConformanceServer,
  userMessage,
} from "./support/conformance.js";

/**
 * CHECKLIST §7: the public card as served (every field in its v1.0 ProtoJSON form, nothing of
 * v0.3), its interfaces being the real endpoints, and the extended card on both bindings.
 * Caching, ETags and the hybrid v0.3 card are in http-card.test.ts and v03-card.test.ts.
 */

const rich: Partial<AgentCard> = {
  provider: { url: "https://example.org", organization: "Example Org" },
  documentationUrl: "https://example.org/docs",
  iconUrl: "https://example.org/icon.png",
  capabilities: {
    streaming: true,
    pushNotifications: false,
    extendedAgentCard: true,
    extensions: [{ uri: "urn:ext:x", description: "x", required: false, params: { level: 2 } }],
  },
  securitySchemes: {
    key: { apiKeySecurityScheme: { location: "header", name: "X-API-Key", description: "k" } },
    bearer: { httpAuthSecurityScheme: { scheme: "Bearer", bearerFormat: "JWT" } },
    oauth: {
      oauth2SecurityScheme: {
        flows: {
          authorizationCode: {
            authorizationUrl: "https://idp.example/authorize",
            tokenUrl: "https://idp.example/token",
            scopes: { read: "Read" },
            pkceRequired: true,
          },
        },
        oauth2MetadataUrl: "https://idp.example/.well-known/oauth-authorization-server",
      },
    },
    machines: {
      oauth2SecurityScheme: {
        flows: { clientCredentials: { tokenUrl: "https://idp.example/token", scopes: {} } },
      },
    },
    devices: {
      oauth2SecurityScheme: {
        flows: {
          deviceCode: {
            deviceAuthorizationUrl: "https://idp.example/device",
            tokenUrl: "https://idp.example/token",
            scopes: { read: "Read" },
          },
        },
      },
    },
    oidc: {
      openIdConnectSecurityScheme: { openIdConnectUrl: "https://idp.example/.well-known/openid" },
    },
    mtls: { mtlsSecurityScheme: { description: "client certificates" } },
  },
  securityRequirements: [{ schemes: { oauth: { list: ["read"] } } }, { schemes: { key: {} } }],
  skills: [
    {
      id: "echo",
      name: "Echo",
      description: "Says it back",
      tags: ["test"],
      examples: ["hello"],
      inputModes: ["text/plain"],
      outputModes: ["text/plain"],
      securityRequirements: [{ schemes: { bearer: {} } }],
    },
  ],
};

let server: ConformanceServer;
let plain: ConformanceServer;
beforeAll(async () => {
  server = await startConformanceServer({ card: rich });
  plain = await startConformanceServer({
    card: { capabilities: { streaming: false, pushNotifications: false } },
  });
});
afterAll(async () => {
  await server.close();
  await plain.close();
});

// biome-ignore lint/suspicious/noExplicitAny: wire JSON.
async function publicCard(
  s: ConformanceServer,
  headers: Record<string, string> = {},
): Promise<any> {
  const res = await fetch(`${s.url}/.well-known/agent-card.json`, {
    headers: { "A2A-Version": "1.0", ...headers },
  });
  expect(res.status).toBe(200);
  return res.json();
}

describe("§7 the public agent card", () => {
  it("is served at /.well-known/agent-card.json to anyone, with every REQUIRED field", async () => {
    const card = await publicCard(server);
    for (const field of [
      "name",
      "description",
      "supportedInterfaces",
      "version",
      "capabilities",
      "defaultInputModes",
      "defaultOutputModes",
      "skills",
    ]) {
      expect(card, field).toHaveProperty(field);
    }
  });

  it("keeps every optional field in its v1.0 ProtoJSON form", async () => {
    const card = await publicCard(server);
    expect(card.provider).toEqual(rich.provider);
    expect(card.documentationUrl).toBe(rich.documentationUrl);
    expect(card.iconUrl).toBe(rich.iconUrl);
    expect(card.securitySchemes).toEqual(rich.securitySchemes);
    expect(card.securityRequirements).toEqual(rich.securityRequirements);
    expect(card.skills).toEqual(rich.skills);
    // `required` is a plain proto3 bool: false is its default and is left out.
    expect(card.capabilities.extensions).toEqual([
      { uri: "urn:ext:x", description: "x", params: { level: 2 } },
    ]);
    for (const scheme of Object.values(card.securitySchemes) as object[]) {
      expect(Object.keys(scheme)).toHaveLength(1);
      expect(scheme).not.toHaveProperty("type");
    }
  });

  it("emits the optional capability booleans even when false", async () => {
    const card = await publicCard(plain);
    expect(card.capabilities).toEqual({ streaming: false, pushNotifications: false });
  });

  it("has none of the v0.3 card fields in its v1.0 form", async () => {
    const card = await publicCard(server);
    for (const field of [
      "url",
      "preferredTransport",
      "additionalInterfaces",
      "protocolVersion",
      "protocolVersions",
      "supportsAuthenticatedExtendedCard",
      "security",
    ]) {
      expect(card, field).not.toHaveProperty(field);
    }
    expect(card.capabilities).not.toHaveProperty("stateTransitionHistory");
  });

  it("lists each interface with url, protocolBinding and protocolVersion, in preference order", async () => {
    const card = await publicCard(server);
    const v1 = card.supportedInterfaces.filter(
      (i: { protocolVersion: string }) => i.protocolVersion === "1.0",
    );
    expect(v1).toEqual([
      { url: "http://agent.test/rpc", protocolBinding: "JSONRPC", protocolVersion: "1.0" },
      { url: "http://agent.test/rest", protocolBinding: "HTTP+JSON", protocolVersion: "1.0" },
    ]);
    for (const i of card.supportedInterfaces) {
      expect(Object.keys(i).sort()).toEqual(["protocolBinding", "protocolVersion", "url"]);
    }
  });

  it("names real endpoints: POST to the JSON-RPC url, REST paths below the HTTP+JSON url", async () => {
    const card = await publicCard(server);
    const local = (url: string) => `${server.url}${new URL(url).pathname}`;
    const rpc = card.supportedInterfaces.find(
      (i: { protocolBinding: string; protocolVersion: string }) =>
        i.protocolBinding === "JSONRPC" && i.protocolVersion === "1.0",
    );
    const rest = card.supportedInterfaces.find(
      (i: { protocolBinding: string; protocolVersion: string }) =>
        i.protocolBinding === "HTTP+JSON" && i.protocolVersion === "1.0",
    );
    const headers = { "A2A-Version": "1.0", "Content-Type": "application/json" };
    const viaRpc = await fetch(local(rpc.url), {
      method: "POST",
      headers,
      body: JSON.stringify({
        jsonrpc: "2.0",
        id: 1,
        method: "SendMessage",
        params: userMessage("card"),
      }),
    });
    const { task } = (await viaRpc.json()).result;
    const viaRest = await fetch(`${local(rest.url)}/tasks/${task.id}`, { headers });
    expect((await viaRest.json()).id).toBe(task.id);
  });
});

describe.each(BINDINGS)("§7 the extended card over %s", (binding) => {
  it("is served only to authenticated callers, and may differ per caller", async () => {
    const anonymous = await server.wire(binding).call("GetExtendedAgentCard");
    expectError(binding, anonymous, "UNAUTHENTICATED");
    const alice = await server
      .wire(binding)
      .with({ Authorization: "Bearer alice" })
      .ok("GetExtendedAgentCard");
    const bob = await server
      .wire(binding)
      .with({ Authorization: "Bearer bob" })
      .ok("GetExtendedAgentCard");
    expect(alice.description).toBe("extended for alice");
    expect(bob.description).toBe("extended for bob");
    expect(alice.securitySchemes).toEqual(rich.securitySchemes);
  });

  it("is served under a tenant prefix too", async () => {
    const card = await server
      .wire(binding)
      .with({ Authorization: "Bearer alice" })
      .ok("GetExtendedAgentCard", { tenant: "acme" });
    expect(card.name).toBe("Conformance");
  });
});
