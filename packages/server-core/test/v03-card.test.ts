import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createA2AFetchHandler, withV03Interfaces } from "../src/index.js";
import { FakeHandler, testCard } from "./http-fake-handler.js";
import { serveFetch, type TestServer } from "./http-helpers.js";
import { v03TestCard } from "./v03-helpers.js";

const V1 = { "A2A-Version": "1.0" };

describe("agent card negotiation", () => {
  let server: TestServer;
  let base: string;
  beforeAll(async () => {
    let a2a: ReturnType<typeof createA2AFetchHandler> | undefined;
    server = await serveFetch((r) => a2a!.fetch(r));
    base = server.url;
    a2a = createA2AFetchHandler({ handler: new FakeHandler(v03TestCard(base)) });
  });
  afterAll(() => server.close());

  const card = (path: string, headers: Record<string, string> = {}) =>
    fetch(`${base}${path}`, { headers });

  it("serves the hybrid card without A2A-Version (or with 0.3), the pure card to 1.0", async () => {
    const hybridRes = await card("/.well-known/agent-card.json");
    expect(hybridRes.headers.get("vary")).toBe("A2A-Version");
    const hybrid = await hybridRes.json();
    expect(hybrid).toMatchObject({
      name: "Echo",
      protocolVersion: "0.3.0",
      url: `${base}/rpc`,
      preferredTransport: "JSONRPC",
      supportsAuthenticatedExtendedCard: true,
    });
    // The v1.0 fields are there too, declaring v0.3 where it is served.
    expect(hybrid.supportedInterfaces).toEqual([
      { url: `${base}/rpc`, protocolBinding: "JSONRPC", protocolVersion: "1.0" },
      { url: `${base}/rest`, protocolBinding: "HTTP+JSON", protocolVersion: "1.0" },
      { url: `${base}/rpc`, protocolBinding: "JSONRPC", protocolVersion: "0.3" },
      { url: `${base}/rest`, protocolBinding: "HTTP+JSON", protocolVersion: "0.3" },
    ]);
    // A v0.3 client reads the main URL and the other transports from these fields.
    expect(hybrid.additionalInterfaces).toEqual([
      { url: `${base}/rpc`, transport: "JSONRPC" },
      { url: `${base}/rest`, transport: "HTTP+JSON" },
    ]);
    const explicit = await (
      await card("/.well-known/agent-card.json", { "A2A-Version": "0.3" })
    ).json();
    expect(explicit).toEqual(hybrid);

    const pureRes = await card("/.well-known/agent-card.json", V1);
    const pure = await pureRes.json();
    expect(pure.url).toBeUndefined();
    expect(pure.protocolVersion).toBeUndefined();
    // The v1.0 card lists the v0.3 interfaces too, after the v1.0 ones.
    expect(pure.supportedInterfaces).toEqual(hybrid.supportedInterfaces);
    expect(pureRes.headers.get("etag")).not.toBe(hybridRes.headers.get("etag"));
  });

  it("answers conditional requests for each form by its own ETag", async () => {
    const first = await card("/.well-known/agent-card.json");
    const etag = first.headers.get("etag")!;
    const again = await card("/.well-known/agent-card.json", { "If-None-Match": etag });
    expect(again.status).toBe(304);
    const v1 = await card("/.well-known/agent-card.json", { ...V1, "If-None-Match": etag });
    expect(v1.status).toBe(200);
  });

  it("serves the pre-0.3 path /.well-known/agent.json the same way", async () => {
    const old = await (await card("/.well-known/agent.json")).json();
    const hybrid = await (await card("/.well-known/agent-card.json")).json();
    expect(old).toEqual(hybrid);
    const pure = await (await card("/.well-known/agent.json", V1)).json();
    expect(pure.url).toBeUndefined();
    const post = await fetch(`${base}/.well-known/agent.json`, { method: "POST" });
    expect(post.status).toBe(405);
  });
});

describe("the v1.0 card while v0.3 is served", () => {
  it("is left as it is when signed: the signatures cover the exact card", async () => {
    const card = {
      ...testCard("http://agent.test"),
      signatures: [{ protected: "eyJhbGciOiJFUzI1NiJ9", signature: "c2ln" }],
    };
    const a2a = createA2AFetchHandler({ handler: new FakeHandler(card) });
    const pure = await (
      await a2a.fetch(new Request("http://agent.test/.well-known/agent-card.json", { headers: V1 }))
    ).json();
    expect(pure.supportedInterfaces).toEqual(card.supportedInterfaces);
  });

  it("lists only what is served: no v0.3 twin for a binding that is off", async () => {
    const a2a = createA2AFetchHandler({
      handler: new FakeHandler(testCard("http://agent.test")),
      restPath: false,
    });
    const pure = await (
      await a2a.fetch(new Request("http://agent.test/.well-known/agent-card.json", { headers: V1 }))
    ).json();
    expect(
      pure.supportedInterfaces.map(
        (i: { protocolBinding: string; protocolVersion: string }) =>
          `${i.protocolBinding}@${i.protocolVersion}`,
      ),
    ).toEqual(["JSONRPC@1.0", "HTTP+JSON@1.0", "JSONRPC@0.3"]);
  });
});

describe("withV03Interfaces", () => {
  it("adds a v0.3 twin after the interfaces for each v1.0 JSON-RPC and HTTP+JSON one", () => {
    const card = testCard("https://agent.example");
    const out = withV03Interfaces({
      ...card,
      supportedInterfaces: [
        ...card.supportedInterfaces,
        { url: "https://agent.example/grpc", protocolBinding: "GRPC", protocolVersion: "1.0" },
      ],
    });
    expect(out.supportedInterfaces.map((i) => `${i.protocolBinding}@${i.protocolVersion}`)).toEqual(
      ["JSONRPC@1.0", "HTTP+JSON@1.0", "GRPC@1.0", "JSONRPC@0.3", "HTTP+JSON@0.3"],
    );
    expect(withV03Interfaces(out)).toEqual(out);
    const rpcOnly = withV03Interfaces(card, { bindings: ["JSONRPC"] });
    expect(rpcOnly.supportedInterfaces.filter((i) => i.protocolVersion === "0.3")).toHaveLength(1);
  });

  it("makes the v1.0 card list v0.3 too, and the hybrid card keep what the card declares", async () => {
    const declared = withV03Interfaces(testCard("http://agent.test"), { bindings: ["JSONRPC"] });
    const a2a = createA2AFetchHandler({ handler: new FakeHandler(declared) });
    const pure = await (
      await a2a.fetch(new Request("http://agent.test/.well-known/agent-card.json", { headers: V1 }))
    ).json();
    expect(pure.supportedInterfaces).toContainEqual({
      url: "http://agent.test/rpc",
      protocolBinding: "JSONRPC",
      protocolVersion: "0.3",
    });
    const hybrid = await (
      await a2a.fetch(new Request("http://agent.test/.well-known/agent-card.json"))
    ).json();
    expect(hybrid.supportedInterfaces).toEqual(pure.supportedInterfaces);
    expect(hybrid.url).toBe("http://agent.test/rpc");
  });
});

describe("v03: false", () => {
  it("serves only v1.0: the pure card, VersionNotSupported for v0.3 calls, no agent.json", async () => {
    const a2a = createA2AFetchHandler({
      handler: new FakeHandler(testCard("http://agent.test")),
      v03: false,
    });
    const pure = await (
      await a2a.fetch(new Request("http://agent.test/.well-known/agent-card.json"))
    ).json();
    expect(pure.url).toBeUndefined();
    expect(pure.supportedInterfaces).toHaveLength(2);
    const rpc = await a2a.fetch(
      new Request("http://agent.test/rpc", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tasks/get", params: { id: "x" } }),
      }),
    );
    expect((await rpc.json()).error.code).toBe(-32009);
    const old = await a2a.fetch(new Request("http://agent.test/.well-known/agent.json"));
    expect(old.status).toBe(404);
  });
});
