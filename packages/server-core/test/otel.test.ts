import { execFile } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { AgentCard } from "@a2akit/types";
import { context, SpanKind, SpanStatusCode } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import {
  AggregationTemporality,
  type DataPoint,
  type Histogram,
  MeterProvider,
  MetricReader,
} from "@opentelemetry/sdk-metrics";
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from "@opentelemetry/sdk-trace-base";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  type AgentExecutor,
  createA2AFetchHandler,
  createLimiter,
  createPushDeliveries,
  createRequestHandler,
} from "../src/index.js";
import { A2A_METRICS, createOtelInstrumentation } from "../src/otel/index.js";
import { readSse, serveFetch, type TestServer } from "./http-helpers.js";
import { startWebhook } from "./push-helpers.js";

const H = { "A2A-Version": "1.0", "Content-Type": "application/json" };
const SERVICE = "lf.a2a.v1.A2AService";

class TestReader extends MetricReader {
  protected async onShutdown() {}
  protected async onForceFlush() {}
}

function otelCard(base: string): AgentCard {
  return {
    name: "Traced agent",
    description: "An agent for telemetry tests",
    supportedInterfaces: [
      { url: `${base}/a2a`, protocolBinding: "JSONRPC", protocolVersion: "1.0" },
      { url: `${base}/rest`, protocolBinding: "HTTP+JSON", protocolVersion: "1.0" },
    ],
    version: "1.0.0",
    capabilities: { streaming: true },
    defaultInputModes: ["text/plain"],
    defaultOutputModes: ["text/plain"],
    skills: [],
  };
}

/** Works until canceled. */
const untilCanceled: AgentExecutor = {
  async execute(ctx, task) {
    await task.working("on it");
    await new Promise((resolve) => ctx.signal.addEventListener("abort", resolve, { once: true }));
  },
};

function setupTelemetry() {
  const exporter = new InMemorySpanExporter();
  const tracerProvider = new BasicTracerProvider({
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  const reader = new TestReader({
    aggregationTemporalitySelector: () => AggregationTemporality.CUMULATIVE,
  });
  const meterProvider = new MeterProvider({ readers: [reader] });
  const instrumentation = createOtelInstrumentation({
    tracer: tracerProvider.getTracer("test"),
    meter: meterProvider.getMeter("test"),
  });
  return {
    instrumentation,
    spans: () => exporter.getFinishedSpans(),
    async metric(name: string) {
      const { resourceMetrics } = await reader.collect();
      const all = resourceMetrics.scopeMetrics.flatMap((s) => s.metrics);
      return all.find((m) => m.descriptor.name === name)?.dataPoints ?? [];
    },
  };
}

function points<T>(list: DataPoint<unknown>[], attrs: Record<string, unknown>): DataPoint<T>[] {
  return list.filter((p) =>
    Object.entries(attrs).every(([k, v]) => p.attributes[k] === v),
  ) as DataPoint<T>[];
}

function sum(list: DataPoint<unknown>[], attrs: Record<string, unknown> = {}): number {
  return points<number>(list, attrs).reduce((n, p) => n + p.value, 0);
}

function named(spans: ReadableSpan[], name: string): ReadableSpan[] {
  return spans.filter((s) => s.name === name);
}

describe("OpenTelemetry instrumentation", () => {
  const manager = new AsyncLocalStorageContextManager();
  let server: TestServer | undefined;
  beforeAll(() => {
    context.setGlobalContextManager(manager.enable());
  });
  afterAll(() => {
    manager.disable();
    context.disable();
  });
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it("traces and counts a send-stream-cancel flow, with store spans as children", async () => {
    const t = setupTelemetry();
    let base = "";
    const handler = createRequestHandler({
      agentCard: otelCard("http://placeholder"),
      executor: untilCanceled,
      instrumentation: t.instrumentation,
    });
    const a2a = createA2AFetchHandler({ handler, jsonRpcPath: "/a2a", restPath: "/rest" });
    server = await serveFetch(a2a.fetch);
    base = server.url;

    const stream = await fetch(`${base}/rest/message:stream`, {
      method: "POST",
      headers: H,
      body: JSON.stringify({
        message: { messageId: "m1", role: "ROLE_USER", parts: [{ text: "go" }] },
      }),
    });
    const reader = readSse(stream);
    // The executor works until canceled; the stream stays open until then.
    let taskId = "";
    let contextId = "";
    for (let i = 0; i < 1000 && taskId === ""; i++) {
      const list = await fetch(`${base}/rest/tasks`, { headers: H });
      const body = (await list.json()) as { tasks: { id: string; contextId: string }[] };
      if (body.tasks[0]) ({ id: taskId, contextId } = body.tasks[0]);
    }
    const cancel = await fetch(`${base}/rest/tasks/${taskId}:cancel`, {
      method: "POST",
      headers: H,
    });
    expect(cancel.status).toBe(200);
    const { events } = await reader;
    expect(events.at(-1)?.data).toMatchObject({
      statusUpdate: { status: { state: "TASK_STATE_CANCELED" } },
    });
    const missing = await fetch(`${base}/a2a`, {
      method: "POST",
      headers: H,
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "GetTask", params: { id: "nope" } }),
    });
    expect(((await missing.json()) as { error: { code: number } }).error.code).toBe(-32001);
    await handler.close();

    const spans = t.spans();
    const [send] = named(spans, `${SERVICE}/SendStreamingMessage`);
    expect(send).toBeDefined();
    expect(send!.kind).toBe(SpanKind.SERVER);
    expect(send!.attributes).toMatchObject({
      "rpc.system": "a2a",
      "rpc.service": SERVICE,
      "rpc.method": "SendStreamingMessage",
      "a2a.binding": "HTTP+JSON",
      "a2a.protocol.version": "1.0",
      "a2a.task.id": taskId,
      "a2a.context.id": contextId,
      "a2a.outcome": "ok",
      "a2a.stream.events": events.length,
      "http.response.status_code": 200,
    });
    expect(send!.status.code).toBe(SpanStatusCode.UNSET);

    const [cancelSpan] = named(spans, `${SERVICE}/CancelTask`);
    expect(cancelSpan!.attributes).toMatchObject({ "a2a.task.id": taskId, "a2a.outcome": "ok" });
    // Store calls made while canceling are children of the CancelTask span.
    const cancelChildren = spans.filter(
      (s) => s.parentSpanContext?.spanId === cancelSpan!.spanContext().spanId,
    );
    expect(cancelChildren.map((s) => s.name)).toEqual(
      expect.arrayContaining([
        "a2a.store task.get",
        "a2a.store task.update",
        "a2a.store queue.append",
      ]),
    );
    for (const child of cancelChildren) {
      expect(child.spanContext().traceId).toBe(cancelSpan!.spanContext().traceId);
      expect(child.kind).toBe(SpanKind.INTERNAL);
    }

    const [getTask] = named(spans, `${SERVICE}/GetTask`);
    expect(getTask!.attributes).toMatchObject({
      "a2a.binding": "JSONRPC",
      "a2a.task.id": "nope",
      "a2a.outcome": "error",
      "error.type": "TASK_NOT_FOUND",
      "rpc.jsonrpc.error_code": -32001,
      "http.response.status_code": 200,
    });
    expect(getTask!.status.code).toBe(SpanStatusCode.ERROR);

    const requests = await t.metric(A2A_METRICS.requests);
    expect(sum(requests, { "rpc.method": "SendStreamingMessage", "a2a.outcome": "ok" })).toBe(1);
    expect(sum(requests, { "rpc.method": "CancelTask" })).toBe(1);
    expect(sum(requests, { "rpc.method": "GetTask", "error.type": "TASK_NOT_FOUND" })).toBe(1);
    const errors = await t.metric(A2A_METRICS.errors);
    expect(sum(errors)).toBe(1);
    expect(sum(errors, { "rpc.method": "GetTask", "a2a.binding": "JSONRPC" })).toBe(1);
    // Opened and closed again: no stream is active.
    expect(sum(await t.metric(A2A_METRICS.activeStreams))).toBe(0);
    expect(sum(await t.metric(A2A_METRICS.streamEvents))).toBe(events.length);
    const outcomes = await t.metric(A2A_METRICS.taskOutcomes);
    expect(sum(outcomes, { "a2a.task.state": "TASK_STATE_CANCELED" })).toBe(1);
    const durations = points<Histogram>(await t.metric(A2A_METRICS.callDuration), {
      "rpc.method": "CancelTask",
    });
    expect(durations[0]!.value.count).toBe(1);
    const taskEvents = points<Histogram>(await t.metric(A2A_METRICS.taskEvents), {});
    expect(taskEvents[0]!.value.sum).toBeGreaterThanOrEqual(1);
    const stores = await t.metric(A2A_METRICS.storeDuration);
    expect(
      points(stores, { "a2a.store.name": "task", "a2a.store.operation": "create" }),
    ).toHaveLength(1);
  });

  it("continues the caller's W3C trace context", async () => {
    const t = setupTelemetry();
    const handler = createRequestHandler({
      agentCard: otelCard("http://agent.test"),
      executor: untilCanceled,
      instrumentation: t.instrumentation,
    });
    const a2a = createA2AFetchHandler({ handler });
    const traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    const parentId = "00f067aa0ba902b7";
    await a2a.fetch(
      new Request("http://agent.test/rest/tasks/nope", {
        headers: { ...H, traceparent: `00-${traceId}-${parentId}-01` },
      }),
    );
    await a2a.fetch(
      new Request("http://agent.test/rest/tasks/nope", {
        headers: { ...H, traceparent: "00-00000000000000000000000000000000-00f067aa0ba902b7-01" },
      }),
    );
    const [joined, fresh] = named(t.spans(), `${SERVICE}/GetTask`);
    expect(joined!.spanContext().traceId).toBe(traceId);
    expect(joined!.parentSpanContext?.spanId).toBe(parentId);
    expect(joined!.parentSpanContext?.isRemote).toBe(true);
    // An invalid traceparent starts a new trace.
    expect(fresh!.parentSpanContext).toBeUndefined();
    expect(fresh!.spanContext().traceId).not.toBe(traceId);
  });

  it("counts refused calls by limit and reports them as RESOURCE_EXHAUSTED", async () => {
    const t = setupTelemetry();
    const handler = createRequestHandler({
      agentCard: otelCard("http://agent.test"),
      executor: untilCanceled,
      instrumentation: t.instrumentation,
      limiter: createLimiter({ requestsPerSecond: 1, burst: 1, now: () => 0 }),
    });
    const a2a = createA2AFetchHandler({ handler });
    for (let i = 0; i < 3; i++) {
      await a2a.fetch(new Request("http://agent.test/rest/tasks/nope", { headers: H }));
    }
    const refused = await t.metric(A2A_METRICS.limitExceeded);
    expect(sum(refused, { "a2a.limit": "requests", "rpc.method": "GetTask" })).toBe(2);
    const spans = named(t.spans(), `${SERVICE}/GetTask`);
    expect(spans.map((s) => s.attributes["error.type"])).toEqual([
      "TASK_NOT_FOUND",
      "RESOURCE_EXHAUSTED",
      "RESOURCE_EXHAUSTED",
    ]);
    expect(spans[1]!.attributes["http.response.status_code"]).toBe(429);
  });
});

describe("push delivery telemetry", () => {
  it("spans each attempt and counts delivered, retried and dead-lettered", async () => {
    const t = setupTelemetry();
    let flaky = 0;
    const hook = await startWebhook((r) =>
      r.path.startsWith("/ok") ? (flaky++ === 0 ? 503 : 204) : 500,
    );
    const deliveries = createPushDeliveries({
      urlPolicy: { allowHosts: [`127.0.0.1:${hook.port}`] },
      retry: { backoff: () => 0, maxAttempts: 2 },
      instrumentation: t.instrumentation,
    });
    const scope = { tenant: "", owner: "" };
    const event = {
      statusUpdate: {
        taskId: "t1",
        contextId: "c1",
        status: { state: "TASK_STATE_WORKING" as const },
      },
    };
    const base = `http://127.0.0.1:${hook.port}`;
    await deliveries.enqueue({
      scope,
      taskId: "t1",
      config: { id: "ok", taskId: "t1", url: `${base}/ok` },
      seq: 2,
      event,
    });
    await deliveries.enqueue({
      scope,
      taskId: "t1",
      config: { id: "broken", taskId: "t1", url: `${base}/broken` },
      seq: 2,
      event,
    });
    for (let i = 0; i < 2000; i++) {
      const done = deliveries.stats().reduce((n, s) => n + s.delivered + s.deadLettered, 0);
      if (done === 2) break;
      await new Promise((r) => setTimeout(r, 5));
    }
    await deliveries.close();
    await hook.close();

    const attempts = named(t.spans(), "a2a.push deliver");
    const byConfig = (id: string) =>
      attempts
        .filter((s) => s.attributes["a2a.push.config_id"] === id)
        .map((s) => [s.attributes["a2a.push.attempt"], s.attributes["a2a.push.outcome"]]);
    expect(byConfig("ok")).toEqual([
      [1, "retried"],
      [2, "delivered"],
    ]);
    expect(byConfig("broken")).toEqual([
      [1, "retried"],
      [2, "dead_lettered"],
    ]);
    for (const s of attempts) {
      expect(s.kind).toBe(SpanKind.CLIENT);
      expect(s.attributes["a2a.task.id"]).toBe("t1");
      expect(s.parentSpanContext).toBeUndefined();
    }
    const failed = attempts.filter((s) => s.attributes["a2a.push.outcome"] !== "delivered");
    expect(failed.every((s) => s.status.code === SpanStatusCode.ERROR)).toBe(true);
    const counts = await t.metric(A2A_METRICS.pushDeliveries);
    expect(sum(counts, { "a2a.push.outcome": "delivered" })).toBe(1);
    expect(sum(counts, { "a2a.push.outcome": "retried" })).toBe(2);
    expect(sum(counts, { "a2a.push.outcome": "dead_lettered" })).toBe(1);
  });
});

describe("without instrumentation", () => {
  it("never imports @opentelemetry from the main, auth or testing entries", () => {
    const src = resolve(dirname(fileURLToPath(import.meta.url)), "../src");
    const seen = new Set<string>();
    const offenders: string[] = [];
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      const text = readFileSync(file, "utf8");
      for (const m of text.matchAll(/(?:from|import)\s*\(?\s*"([^"]+)"/g)) {
        const spec = m[1] as string;
        if (spec.startsWith("@opentelemetry/")) offenders.push(`${file}: ${spec}`);
        if (spec.startsWith(".")) visit(resolve(dirname(file), spec.replace(/\.js$/, ".ts")));
      }
    };
    for (const entry of ["index.ts", "auth/index.ts", "testing/index.ts"]) visit(join(src, entry));
    expect(seen.size).toBeGreaterThan(20);
    expect(offenders).toEqual([]);
    // And the otel entry is the one place that does.
    const otelFiles = readdirSync(join(src, "otel"));
    expect(otelFiles).toContain("index.ts");
  });

  it("loads and serves with @opentelemetry/* unresolvable; only the otel entry needs it", async () => {
    const here = dirname(fileURLToPath(import.meta.url));
    const out = await new Promise<string>((resolvePromise, reject) => {
      execFile(
        process.execPath,
        [
          "--import",
          "tsx",
          "--import",
          join(here, "support/no-otel.mjs"),
          join(here, "support/no-otel-main.ts"),
        ],
        { cwd: join(here, "..") },
        (error, stdout, stderr) =>
          error ? reject(new Error(stderr || String(error))) : resolvePromise(stdout),
      );
    });
    expect(JSON.parse(out.trim())).toEqual({
      state: "TASK_STATE_COMPLETED",
      otel: "ERR_MODULE_NOT_FOUND",
    });
  });
});
