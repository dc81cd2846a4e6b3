import { afterAll, describe, expect, it, vi } from "vitest";
import { type RunningAgent, startReferenceAgent } from "../src/server.js";
import { consoleTelemetry } from "../src/telemetry.js";

describe("OTEL_CONSOLE telemetry", () => {
  let agent: RunningAgent | undefined;
  afterAll(async () => {
    await agent?.close();
    delete process.env.OTEL_CONSOLE;
    vi.restoreAllMocks();
  });

  it("is off unless OTEL_CONSOLE=1", () => {
    expect(consoleTelemetry({})).toEqual({});
    expect(consoleTelemetry({ OTEL_CONSOLE: "0" })).toEqual({});
  });

  it("prints a span per A2A call when on", async () => {
    // The console exporter writes each finished span with console.dir.
    const printed: unknown[] = [];
    vi.spyOn(console, "dir").mockImplementation((value) => {
      printed.push(value);
    });
    process.env.OTEL_CONSOLE = "1";
    agent = await startReferenceAgent({ port: 0, host: "127.0.0.1" });
    const res = await fetch(`${agent.url}/a2a`, {
      method: "POST",
      headers: {
        "A2A-Version": "1.0",
        "Content-Type": "application/json",
        traceparent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
      },
      body: JSON.stringify({
        jsonrpc: "2.0",
        id: 1,
        method: "GetTask",
        params: { id: "no-such-task" },
      }),
    });
    expect(res.status).toBe(200);
    const spans = printed as { name?: string; traceId?: string; attributes?: object }[];
    const span = spans.find((s) => s.name === "lf.a2a.v1.A2AService/GetTask");
    expect(span?.traceId).toBe("4bf92f3577b34da6a3ce929d0e0e4736");
    expect(span?.attributes).toMatchObject({
      "rpc.method": "GetTask",
      "a2a.binding": "JSONRPC",
      "error.type": "TASK_NOT_FOUND",
    });
  });
});
