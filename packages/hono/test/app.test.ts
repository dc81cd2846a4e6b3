import { createRequestHandler, defineAgent } from "@a2akit/server-core";
import type { AgentCard } from "@a2akit/types";
import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { a2a, createA2AApp } from "../src/index.js";

const card: AgentCard = {
  name: "Echo",
  description: "Echoes",
  version: "1.0.0",
  supportedInterfaces: [
    { url: "http://localhost/a2a", protocolBinding: "JSONRPC", protocolVersion: "1.0" },
    { url: "http://localhost/a2a", protocolBinding: "HTTP+JSON", protocolVersion: "1.0" },
  ],
  capabilities: { streaming: true },
  defaultInputModes: ["text/plain"],
  defaultOutputModes: ["text/plain"],
  skills: [],
};
const handler = () =>
  createRequestHandler({
    agentCard: card,
    executor: defineAgent(async (ctx, task) => {
      await task.artifact({ parts: [{ text: `echo: ${ctx.userText}` }] });
    }),
  });
const H = { "A2A-Version": "1.0", "Content-Type": "application/json" };
const send = (text: string) =>
  JSON.stringify({ message: { messageId: "m1", role: "ROLE_USER", parts: [{ text }] } });

describe("createA2AApp", () => {
  it("serves the card, JSON-RPC and REST through app.request", async () => {
    const app = createA2AApp({ handler: handler() });
    const cardRes = await app.request("/.well-known/agent-card.json");
    expect(cardRes.status).toBe(200);
    expect((await cardRes.json()).name).toBe("Echo");

    const rpc = await app.request("/a2a", {
      method: "POST",
      headers: H,
      body: JSON.stringify({
        jsonrpc: "2.0",
        id: 1,
        method: "SendMessage",
        params: JSON.parse(send("rpc")),
      }),
    });
    const rpcBody = await rpc.json();
    expect(rpcBody.result.task.artifacts[0].parts[0].text).toBe("echo: rpc");

    const rest = await app.request("/a2a/message:send", {
      method: "POST",
      headers: H,
      body: send("rest"),
    });
    const { task } = await rest.json();
    expect(task.status.state).toBe("TASK_STATE_COMPLETED");
    const got = await app.request(`/a2a/tasks/${task.id}`, { headers: H });
    expect((await got.json()).id).toBe(task.id);

    const missing = await app.request("/nowhere");
    expect(missing.status).toBe(404);
    expect((await missing.json()).error.status).toBe("NOT_FOUND");
    await app.close();
    const after = await app.request("/a2a/tasks", { headers: H });
    expect(after.status).toBe(503);
  });

  it("honours basePath and bodyLimit", async () => {
    const app = createA2AApp({ handler: handler(), basePath: "/agent", bodyLimit: 100 });
    const ok = await app.request("/agent/tasks", { headers: H });
    expect(ok.status).toBe(200);
    const big = await app.request("/agent/message:send", {
      method: "POST",
      headers: H,
      body: send("x".repeat(200)),
    });
    expect(big.status).toBe(413);
  });

  it("answers CORS preflights and exposes the A2A headers", async () => {
    const app = createA2AApp({ handler: handler(), cors: true });
    const preflight = await app.request("/a2a/message:send", {
      method: "OPTIONS",
      headers: {
        Origin: "https://console.test",
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "a2a-version, a2a-extensions, content-type",
      },
    });
    expect(preflight.status).toBe(204);
    const allowed = preflight.headers.get("access-control-allow-headers") ?? "";
    for (const h of ["A2A-Version", "A2A-Extensions", "Authorization", "Content-Type"]) {
      expect(allowed).toContain(h);
    }
    const res = await app.request("/a2a/tasks", {
      headers: { ...H, Origin: "https://console.test" },
    });
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    expect(res.headers.get("access-control-expose-headers")).toContain("A2A-Extensions");
    const custom = createA2AApp({ handler: handler(), cors: { origin: "https://only.test" } });
    const r2 = await custom.request("/a2a/tasks", {
      headers: { ...H, Origin: "https://only.test" },
    });
    expect(r2.headers.get("access-control-allow-origin")).toBe("https://only.test");
  });
});

describe("a2a middleware", () => {
  it("mounts into an existing app and leaves its other routes alone", async () => {
    const app = new Hono();
    app.get("/health", (c) => c.text("ok"));
    app.use(a2a({ handler: handler(), basePath: "/agents/echo" }));
    app.get("/after", (c) => c.text("after"));
    expect(await (await app.request("/health")).text()).toBe("ok");
    expect(await (await app.request("/after")).text()).toBe("after");
    const res = await app.request("/agents/echo/message:send", {
      method: "POST",
      headers: H,
      body: send("mounted"),
    });
    expect((await res.json()).task.artifacts[0].parts[0].text).toBe("echo: mounted");
    expect((await app.request("/.well-known/agent-card.json")).status).toBe(200);
  });
});
