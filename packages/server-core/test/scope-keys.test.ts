import { describe, expect, it } from "vitest";
import { scopeKey, taskKey } from "../src/stores/scope.js";

describe("store keys", () => {
  it("never let one (tenant, owner, task) combination stand for another", () => {
    expect(taskKey({ tenant: "", owner: "a/b" }, "c")).not.toBe(
      taskKey({ tenant: "", owner: "a" }, "b/c"),
    );
    expect(scopeKey({ tenant: "t/1", owner: "u" })).not.toBe(
      scopeKey({ tenant: "t", owner: "1/u" }),
    );
  });

  it("stay the same for a scope however many other scopes were keyed since", () => {
    const expected = (tenant: string, owner: string) =>
      `${tenant.length}:${tenant}/${owner.length}:${owner}`;
    expect(scopeKey({ tenant: "", owner: "" })).toBe(expected("", ""));
    const first = scopeKey({ tenant: "acme", owner: "alice" });
    // More scopes than the keys kept, so the cache starts over on the way.
    for (let i = 0; i < 10_000; i++) {
      const tenant = `t${i % 7}`;
      const owner = `u${i}`;
      expect(scopeKey({ tenant, owner })).toBe(expected(tenant, owner));
    }
    expect(scopeKey({ tenant: "acme", owner: "alice" })).toBe(first);
    expect(first).toBe(expected("acme", "alice"));
  });
});

describe("page tokens across instances", () => {
  it("continue a ListTasks page on another handler that shares the secret", async () => {
    const { createRequestHandler, createMemoryStores, defineAgent, ANONYMOUS } = await import(
      "../src/index.js"
    );
    const card = {
      name: "t",
      description: "t",
      version: "1",
      supportedInterfaces: [
        { url: "http://localhost/a2a", protocolBinding: "JSONRPC", protocolVersion: "1.0" },
      ],
      capabilities: {},
      defaultInputModes: ["text/plain"],
      defaultOutputModes: ["text/plain"],
      skills: [],
    };
    const stores = createMemoryStores();
    const executor = defineAgent(async (_ctx, task) => task.complete("ok"));
    const make = (secret?: string) =>
      createRequestHandler({
        agentCard: card,
        executor,
        ...stores,
        ...(secret ? { pageTokenSecret: secret } : {}),
      });
    const a = make("shared");
    const b = make("shared");
    const c = make();
    const ctx = {
      user: ANONYMOUS,
      tenant: "",
      protocolVersion: "1.0",
      requestedExtensions: [],
      activatedExtensions: new Set<string>(),
    };
    for (let i = 0; i < 3; i++) {
      await a.sendMessage(
        { message: { messageId: `m${i}`, role: "ROLE_USER", parts: [{ text: "hi" }] } },
        ctx,
      );
    }
    const first = await a.listTasks({ pageSize: 2 }, ctx);
    expect(first.nextPageToken).not.toBe("");
    const second = await b.listTasks({ pageSize: 2, pageToken: first.nextPageToken }, ctx);
    expect(second.tasks).toHaveLength(1);
    await expect(
      c.listTasks({ pageSize: 2, pageToken: first.nextPageToken }, ctx),
    ).rejects.toMatchObject({ code: "INVALID_PARAMS" });
  });
});
