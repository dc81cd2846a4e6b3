import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createA2AFetchHandler } from "../src/index.js";
import { FakeHandler, testCard } from "./http-fake-handler.js";
import { serveFetch, type TestServer } from "./http-helpers.js";

describe("agent card over HTTP", () => {
  const handler = new FakeHandler(testCard("http://agent.test"));
  const a2a = createA2AFetchHandler({ handler, cardMaxAgeSeconds: 120 });
  let server: TestServer;
  beforeAll(async () => {
    server = await serveFetch(a2a.fetch);
  });
  afterAll(() => server.close());

  const cardUrl = () => `${server.url}/.well-known/agent-card.json`;

  it("serves the card with cache validators", async () => {
    // Header-less card requests are v0.3 ones and get the hybrid card (see v03-card.test.ts).
    const res = await fetch(cardUrl(), { headers: { "A2A-Version": "1.0" } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/a2a+json");
    expect(res.headers.get("cache-control")).toBe("public, max-age=120");
    expect(res.headers.get("etag")).toMatch(/^"[0-9a-f]{32}"$/);
    expect(res.headers.get("vary")).toBe("A2A-Version");
    expect(Date.parse(res.headers.get("last-modified") ?? "")).not.toBeNaN();
    const card = await res.json();
    expect(card.name).toBe("Fake");
    // The two v1.0 interfaces, then their v0.3 twins (v0.3 is served by default).
    expect(card.supportedInterfaces).toHaveLength(4);
    // ProtoJSON presence: the explicit capability booleans are emitted, the empty skills kept.
    expect(card.capabilities).toEqual({ streaming: true, pushNotifications: true });
    expect(card.skills).toEqual([]);
  });

  it("answers 304 to a matching If-None-Match and If-Modified-Since", async () => {
    const first = await fetch(cardUrl());
    const etag = first.headers.get("etag")!;
    const again = await fetch(cardUrl(), { headers: { "If-None-Match": `W/${etag}` } });
    expect(again.status).toBe(304);
    expect(again.headers.get("etag")).toBe(etag);
    expect(await again.text()).toBe("");
    const other = await fetch(cardUrl(), { headers: { "If-None-Match": '"nope"' } });
    expect(other.status).toBe(200);
    const since = await fetch(cardUrl(), {
      headers: { "If-Modified-Since": first.headers.get("last-modified")! },
    });
    expect(since.status).toBe(304);
  });

  it("changes the ETag when the handler returns a new card", async () => {
    const before = (await fetch(cardUrl())).headers.get("etag");
    handler.setCard(testCard("http://agent.test", { version: "2.0.0" }));
    const res = await fetch(cardUrl());
    expect(res.headers.get("etag")).not.toBe(before);
    expect((await res.json()).version).toBe("2.0.0");
  });

  it("is served without A2A-Version and without authentication", async () => {
    const locked = createA2AFetchHandler({
      handler: new FakeHandler(testCard("http://agent.test")),
      authenticate: () => {
        throw new Error("must not be called for the card");
      },
    });
    const res = await locked.fetch(new Request("http://x/.well-known/agent-card.json"));
    expect(res.status).toBe(200);
  });

  it("refuses other methods on the card path with 405", async () => {
    const res = await fetch(cardUrl(), { method: "POST" });
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("GET, HEAD");
  });

  it("fails fast on an invalid card, naming the field", () => {
    const bad = new FakeHandler(testCard("http://x", { supportedInterfaces: [] }));
    expect(() => createA2AFetchHandler({ handler: bad })).toThrow(
      "supportedInterfaces: must list at least one interface",
    );
    const noName = new FakeHandler({ ...testCard("http://x"), name: undefined as never });
    expect(() => createA2AFetchHandler({ handler: noName })).toThrow("name: is required");
  });
});
