import { afterEach, describe, expect, it } from "vitest";
import {
  A2AClient,
  agentCardUrl,
  NoCompatibleInterfaceError,
  readAgentCard,
  selectInterface,
} from "../src/index.js";
import { cardFor, sendJson, startServer, type TestServer } from "./support/http-server.js";

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const v03Card = {
  protocolVersion: "0.3.0",
  name: "Old agent",
  description: "Speaks v0.3",
  url: "http://old.example/rpc",
  preferredTransport: "JSONRPC",
  additionalInterfaces: [{ url: "http://old.example/rest", transport: "HTTP+JSON" }],
  version: "2.1.0",
  capabilities: { streaming: true, stateTransitionHistory: true },
  defaultInputModes: ["text/plain"],
  defaultOutputModes: ["text/plain"],
  skills: [{ id: "s", name: "S", description: "d", tags: [] }],
  supportsAuthenticatedExtendedCard: true,
};

describe("reading cards", () => {
  it("turns a v0.3 card into interfaces stamped 0.3 and talks to it through the adapter", () => {
    const card = readAgentCard(v03Card);
    expect(card.supportedInterfaces).toEqual([
      { url: "http://old.example/rpc", protocolBinding: "JSONRPC", protocolVersion: "0.3" },
      { url: "http://old.example/rest", protocolBinding: "HTTP+JSON", protocolVersion: "0.3" },
    ]);
    expect(card.capabilities.extendedAgentCard).toBe(true);
    const client = new A2AClient(v03Card);
    expect(client.protocolVersion).toBe("0.3");
    expect(client.agentInterface.url).toBe("http://old.example/rpc");
  });

  it("prefers supportedInterfaces on a hybrid card", () => {
    const hybrid = {
      ...v03Card,
      supportedInterfaces: [
        { url: "http://new.example/a2a", protocolBinding: "JSONRPC", protocolVersion: "1.0" },
      ],
    };
    const client = new A2AClient(hybrid);
    expect(client.protocolVersion).toBe("1.0");
    expect(client.agentInterface.url).toBe("http://new.example/a2a");
  });

  it("builds the well-known URL under the base path, or takes a .json URL as it is", () => {
    expect(agentCardUrl("http://h:1")).toBe("http://h:1/.well-known/agent-card.json");
    expect(agentCardUrl("http://h:1/agents/x/")).toBe(
      "http://h:1/agents/x/.well-known/agent-card.json",
    );
    expect(agentCardUrl("http://h:1/cards/me.json")).toBe("http://h:1/cards/me.json");
  });
});

describe("choosing an interface", () => {
  const card = readAgentCard(
    cardFor("http://x/rpc", "JSONRPC", {
      supportedInterfaces: [
        { url: "http://x/grpc", protocolBinding: "GRPC", protocolVersion: "1.0" },
        { url: "http://x/old", protocolBinding: "JSONRPC", protocolVersion: "0.3" },
        { url: "http://x/rest", protocolBinding: "HTTP+JSON", protocolVersion: "1.0", tenant: "t" },
        { url: "http://x/rpc", protocolBinding: "JSONRPC", protocolVersion: "1.0" },
      ],
    }),
  );

  it("follows the caller's binding order at version 1.0", () => {
    expect(selectInterface(card).url).toBe("http://x/rpc");
    expect(selectInterface(card, ["HTTP+JSON", "JSONRPC"]).url).toBe("http://x/rest");
  });

  it("never downgrades to 0.3 while a 1.0 interface fits", () => {
    expect(selectInterface(card, ["JSONRPC"]).protocolVersion).toBe("1.0");
  });

  it("falls back to v0.3 JSON-RPC only when nothing at 1.0 fits", () => {
    const old = readAgentCard(
      cardFor("http://x", "JSONRPC", {
        supportedInterfaces: [
          { url: "http://x/old", protocolBinding: "JSONRPC", protocolVersion: "0.3.0" },
        ],
      }),
    );
    expect(selectInterface(old).url).toBe("http://x/old");
  });

  it("says what was offered when nothing fits", () => {
    const grpcOnly = readAgentCard(cardFor("x:443", "GRPC"));
    expect(() => selectInterface(grpcOnly)).toThrow(NoCompatibleInterfaceError);
    expect(() => selectInterface(grpcOnly)).toThrow(/offered: GRPC 1\.0/);
  });
});

describe("fetching and refreshing the card", () => {
  it("revalidates with If-None-Match and keeps the card on 304", async () => {
    let version = "1";
    server = await startServer((q, res) => {
      const etag = `"v${version}"`;
      if (q.headers["if-none-match"] === etag) {
        res.writeHead(304, { etag });
        res.end();
        return;
      }
      sendJson(res, cardFor("http://x/rpc", "JSONRPC", { version }), 200, {
        etag,
        "cache-control": "max-age=0",
      });
    });
    const client = await A2AClient.fromUrl(server.url);
    expect(server.requests[0]?.headers["a2a-version"]).toBe("1.0");
    expect(server.requests[0]?.url).toBe("/.well-known/agent-card.json");
    const same = await client.refreshCard();
    expect(same.version).toBe("1");
    expect(server.requests).toHaveLength(2);
    expect(server.requests[1]?.headers["if-none-match"]).toBe('"v1"');
    version = "2";
    const changed = await client.refreshCard();
    expect(changed.version).toBe("2");
    expect(client.card.version).toBe("2");
  });

  it("does not ask again while Cache-Control max-age lasts", async () => {
    server = await startServer((_q, res) => {
      sendJson(res, cardFor("http://x/rpc"), 200, { "cache-control": "public, max-age=3600" });
    });
    const client = await A2AClient.fromUrl(server.url);
    await client.refreshCard();
    await client.refreshCard();
    expect(server.requests).toHaveLength(1);
  });

  it("retries a card fetch after a 503", async () => {
    let n = 0;
    server = await startServer((_q, res) => {
      if (n++ === 0) {
        res.writeHead(503, { "retry-after": "0" });
        res.end("busy");
        return;
      }
      sendJson(res, cardFor("http://x/rpc"));
    });
    const client = await A2AClient.fromUrl(server.url);
    expect(client.card.name).toBe("Test agent");
    expect(server.requests).toHaveLength(2);
  });
});

describe("lenient where proto3 serializers are terse", () => {
  it("reads absent skills and mode lists as empty", () => {
    const { skills, defaultInputModes, defaultOutputModes, ...rest } = cardFor("http://x/rpc");
    expect([skills, defaultInputModes, defaultOutputModes]).toEqual([
      [],
      ["text/plain"],
      ["text/plain"],
    ]);
    const card = readAgentCard(rest);
    expect(card.skills).toEqual([]);
    expect(card.defaultInputModes).toEqual([]);
  });
});
