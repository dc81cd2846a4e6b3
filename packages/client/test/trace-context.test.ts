import { createA2AFetchHandler, createRequestHandler, defineAgent } from "@a2akit/server-core";
import { createOtelInstrumentation } from "@a2akit/server-core/otel";
import type { AgentCard } from "@a2akit/types";
import { context, SpanKind, trace } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from "@opentelemetry/sdk-trace-base";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { A2AClient } from "../src/index.js";
import { traceContext } from "../src/otel/index.js";
import { type FetchServer, startFetchServer } from "./support/fetch-server.js";

const exporter = new InMemorySpanExporter();
const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
const tracer = provider.getTracer("trace-context-test");
const manager = new AsyncLocalStorageContextManager();
let server: FetchServer;
let card: AgentCard;

beforeAll(async () => {
  context.setGlobalContextManager(manager.enable());
  server = await startFetchServer();
  card = {
    name: "Traced agent",
    description: "Replies, so the test can follow one call",
    version: "1.0.0",
    supportedInterfaces: [
      { url: `${server.url}/a2a`, protocolBinding: "JSONRPC", protocolVersion: "1.0" },
      { url: `${server.url}/rest`, protocolBinding: "HTTP+JSON", protocolVersion: "1.0" },
    ],
    capabilities: { streaming: true },
    defaultInputModes: ["text/plain"],
    defaultOutputModes: ["text/plain"],
    skills: [],
  };
  const handler = createRequestHandler({
    agentCard: card,
    executor: defineAgent(async (ctx, task) => task.reply(`hi ${ctx.userText}`)),
    instrumentation: createOtelInstrumentation({ tracer }),
  });
  server.serve(createA2AFetchHandler({ handler }).fetch);
});

afterAll(async () => {
  await server.close();
  manager.disable();
  context.disable();
});

describe("traceContext()", () => {
  it.each(["JSONRPC", "HTTP+JSON"])(
    "sends traceparent over %s, and the agent's span is a child of the caller's",
    async (binding) => {
      exporter.reset();
      const seen: (string | null)[] = [];
      const client = new A2AClient(card, {
        bindings: [binding],
        interceptors: [
          traceContext(),
          { request: (r) => void seen.push(r.headers.get("traceparent")) },
        ],
      });
      const caller = tracer.startSpan("caller", { kind: SpanKind.CLIENT });
      const ctx = trace.setSpan(context.active(), caller);
      await context.with(ctx, () => client.sendMessage("there"));
      caller.end();
      const { traceId, spanId } = caller.spanContext();
      expect(seen.at(-1)).toBe(`00-${traceId}-${spanId}-01`);
      const server = exporter
        .getFinishedSpans()
        .find((s) => s.name === "lf.a2a.v1.A2AService/SendMessage");
      expect(server?.kind).toBe(SpanKind.SERVER);
      expect(server?.attributes["a2a.binding"]).toBe(binding);
      expect(server?.spanContext().traceId).toBe(traceId);
      expect(server?.parentSpanContext?.spanId).toBe(spanId);
    },
  );

  it("sends nothing when there is no span, and leaves other headers alone", async () => {
    const seen: Headers[] = [];
    const client = new A2AClient(card, {
      interceptors: [traceContext(), { request: (r) => void seen.push(new Headers(r.headers)) }],
    });
    await client.sendMessage("anyone");
    expect(seen.at(-1)?.get("traceparent")).toBeNull();
    expect(seen.at(-1)?.get("a2a-version")).toBe("1.0");
  });
});
