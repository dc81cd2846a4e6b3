import { createRequestHandler, defineAgent, type Logger } from "@a2akit/server-core";
import type { AgentCard } from "@a2akit/types";
import { Hono } from "hono";
import { afterEach, describe, expect, it, vi } from "vitest";
import { a2a, createA2AApp, type JwksSource } from "../src/index.js";

const card: AgentCard = {
  name: "Echo",
  description: "Echoes",
  version: "1.0.0",
  supportedInterfaces: [
    { url: "http://localhost/a2a", protocolBinding: "HTTP+JSON", protocolVersion: "1.0" },
  ],
  capabilities: {},
  defaultInputModes: ["text/plain"],
  defaultOutputModes: ["text/plain"],
  skills: [],
};

const handler = () =>
  createRequestHandler({
    agentCard: card,
    executor: defineAgent(async (_ctx, task) => {
      await task.complete("ok");
    }),
  });

/** A key source whose store is down. */
const broken: JwksSource = {
  jwksResponse: () => Promise.reject(new Error("key store unreachable")),
};

function recordingLogger() {
  const errors: [string, Record<string, unknown> | undefined][] = [];
  const logger: Logger = {
    debug() {},
    info() {},
    warn() {},
    error: (message, fields) => errors.push([message, fields]),
  };
  return { logger, errors };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe("a JWKS source that fails", () => {
  it("gets a 500 from createA2AApp, reported to the logger and not the console", async () => {
    const consoleError = vi.spyOn(console, "error").mockImplementation(() => {});
    const { logger, errors } = recordingLogger();
    const app = createA2AApp({ handler: handler(), pushKeys: broken, logger });
    const res = await app.request("/.well-known/jwks.json");
    expect(res.status).toBe(500);
    expect(res.headers.get("Cache-Control")).toBe("no-store");
    expect(consoleError).not.toHaveBeenCalled();
    expect(errors).toHaveLength(1);
    expect(String(errors[0]?.[1]?.error)).toMatch(/key store unreachable/);
    // The agent itself keeps serving.
    expect((await app.request("/.well-known/agent-card.json")).status).toBe(200);
    await app.close();
  });

  it("gets a 500 from the a2a() middleware too", async () => {
    const consoleError = vi.spyOn(console, "error").mockImplementation(() => {});
    const { logger, errors } = recordingLogger();
    const app = new Hono();
    app.use(a2a({ handler: handler(), pushKeys: broken, logger }));
    const res = await app.request("/.well-known/jwks.json");
    expect(res.status).toBe(500);
    expect(consoleError).not.toHaveBeenCalled();
    expect(errors).toHaveLength(1);
  });
});
