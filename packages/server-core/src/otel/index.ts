/**
 * @a2akit/server-core/otel: traces and metrics through OpenTelemetry. This entry imports
 * `@opentelemetry/api` (an optional peer dependency); the main entry never does, so a server
 * without it pays nothing.
 */
import {
  type Attributes,
  type Context,
  context,
  type Meter,
  metrics,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  type TextMapPropagator,
  type Tracer,
  trace,
} from "@opentelemetry/api";
import type {
  Instrumentation,
  OperationDetails,
  OperationEnd,
  OperationObserver,
  OperationStart,
  PushAttemptObserver,
  PushOutcome,
} from "../telemetry/instrumentation.js";
import { A2A_ATTRIBUTES, A2A_METRICS, RPC_SERVICE, RPC_SYSTEM } from "./names.js";
import { extractTraceContext } from "./w3c.js";

export { A2A_ATTRIBUTES, A2A_METRICS, RPC_SERVICE, RPC_SYSTEM } from "./names.js";

/** The instrumentation scope name of a2akit's tracer and meter. */
export const INSTRUMENTATION_SCOPE = "@a2akit/server-core";

/** Options of {@link createOtelInstrumentation}. */
export interface OtelInstrumentationOptions {
  /** Default: the global tracer provider's tracer for {@link INSTRUMENTATION_SCOPE}. */
  readonly tracer?: Tracer;
  /** Default: the global meter provider's meter for {@link INSTRUMENTATION_SCOPE}. */
  readonly meter?: Meter;
  /**
   * Reads the caller's trace context from request headers. Default: the global propagator
   * when one is registered, else W3C Trace Context (`traceparent`/`tracestate`).
   */
  readonly propagator?: TextMapPropagator;
  /** Record `a2a.tenant` on spans (default true; metrics never carry it, to bound cardinality). */
  readonly recordTenant?: boolean;
}

type Attr = string | number | boolean;

/**
 * Builds the instrumentation to pass as `instrumentation` to `createRequestHandler` (the fetch
 * handler and the Hono app pick it up from there). Spans: one SERVER span per A2A call, named
 * `lf.a2a.v1.A2AService/<Method>`, a child per store call, a CLIENT span per push POST. Metrics:
 * see {@link A2A_METRICS}.
 */
export function createOtelInstrumentation(
  options: OtelInstrumentationOptions = {},
): Instrumentation {
  const tracer = options.tracer ?? trace.getTracer(INSTRUMENTATION_SCOPE);
  const meter = options.meter ?? metrics.getMeter(INSTRUMENTATION_SCOPE);
  const recordTenant = options.recordTenant ?? true;
  const m = A2A_METRICS;
  const a = A2A_ATTRIBUTES;

  const duration = meter.createHistogram(m.callDuration, {
    description: "Duration of A2A calls (for streams: until the stream ended)",
    unit: "s",
  });
  const requests = meter.createCounter(m.requests, {
    description: "A2A calls served",
    unit: "{request}",
  });
  const errors = meter.createCounter(m.errors, {
    description: "A2A calls answered with an error",
    unit: "{error}",
  });
  const activeStreams = meter.createUpDownCounter(m.activeStreams, {
    description: "Streams (SendStreamingMessage, SubscribeToTask) open now",
    unit: "{stream}",
  });
  const streamEvents = meter.createCounter(m.streamEvents, {
    description: "Events sent on streams",
    unit: "{event}",
  });
  const taskOutcomes = meter.createCounter(m.taskOutcomes, {
    description: "Executions of the agent, by the state they left the task in",
    unit: "{execution}",
  });
  const taskEvents = meter.createHistogram(m.taskEvents, {
    description: "Events one execution of the agent wrote to its task's log",
    unit: "{event}",
  });
  const pushDeliveries = meter.createCounter(m.pushDeliveries, {
    description: "Push notification attempts, by outcome",
    unit: "{attempt}",
  });
  const limitExceeded = meter.createCounter(m.limitExceeded, {
    description: "Calls refused by a rate or concurrency limit",
    unit: "{request}",
  });
  const storeDuration = meter.createHistogram(m.storeDuration, {
    description: "Duration of task, queue and push-config store calls",
    unit: "s",
  });

  function operation(start: OperationStart): OperationObserver {
    const parent = extractTraceContext(start.headers, options.propagator);
    const began = performance.now();
    let method = start.method;
    let streaming = false;
    let streamOpen = false;
    let events = 0;
    let ended = false;
    const span = tracer.startSpan(
      spanName(method),
      {
        kind: SpanKind.SERVER,
        attributes: {
          [a.rpcSystem]: RPC_SYSTEM,
          [a.rpcService]: RPC_SERVICE,
          [a.binding]: start.binding,
          [a.protocolVersion]: start.protocolVersion,
          ...(method ? { [a.rpcMethod]: method } : {}),
        },
      },
      parent,
    );
    const active: Context = trace.setSpan(parent, span);
    const metricAttrs = (): Attributes => ({
      [a.rpcSystem]: RPC_SYSTEM,
      [a.rpcService]: RPC_SERVICE,
      [a.rpcMethod]: method ?? "unknown",
      [a.binding]: start.binding,
    });
    return {
      run: (fn) => context.with(active, fn),
      annotate(details: OperationDetails) {
        if (ended) return;
        if (details.method && details.method !== method) {
          method = details.method;
          span.updateName(spanName(method));
          span.setAttribute(a.rpcMethod, method);
        }
        if (details.streaming !== undefined) streaming = details.streaming;
        const attrs: Record<string, Attr> = {};
        if (details.taskId) attrs[a.taskId] = details.taskId;
        if (details.contextId) attrs[a.contextId] = details.contextId;
        if (details.tenant && recordTenant) attrs[a.tenant] = details.tenant;
        span.setAttributes(attrs);
      },
      streamOpened() {
        if (ended || streamOpen) return;
        streamOpen = true;
        activeStreams.add(1, metricAttrs());
      },
      streamEvent() {
        events++;
        streamEvents.add(1, metricAttrs());
      },
      end(result: OperationEnd) {
        if (ended) return;
        ended = true;
        const attrs = metricAttrs();
        if (streamOpen) activeStreams.add(-1, attrs);
        const errorType =
          result.error?.code ??
          (result.outcome === "error" && result.httpStatus ? String(result.httpStatus) : undefined);
        const spanAttrs: Record<string, Attr> = { [a.outcome]: result.outcome };
        if (result.httpStatus !== undefined) spanAttrs[a.httpStatus] = result.httpStatus;
        if (streaming || streamOpen) spanAttrs[a.streamEvents] = events;
        if (errorType) {
          spanAttrs[a.errorType] = errorType;
          if (result.error && start.binding === "JSONRPC") {
            spanAttrs[a.jsonRpcErrorCode] = result.error.jsonRpcCode;
          }
          span.setStatus({
            code: SpanStatusCode.ERROR,
            message: result.error?.message ?? `HTTP ${result.httpStatus}`,
          });
        }
        span.setAttributes(spanAttrs);
        span.end();
        const withError = errorType ? { ...attrs, [a.errorType]: errorType } : attrs;
        duration.record((performance.now() - began) / 1000, withError);
        requests.add(1, { ...withError, [a.outcome]: result.outcome });
        if (errorType) errors.add(1, withError);
      },
    };
  }

  return {
    operation,
    storeCall(call) {
      const began = performance.now();
      const attrs = { [a.storeName]: call.store, [a.storeOperation]: call.operation };
      // Store calls outside any traced call (background sweeps, push followers) only count.
      const parent = context.active();
      const span: Span | undefined = trace.getSpan(parent)
        ? tracer.startSpan(
            `a2a.store ${call.store}.${call.operation}`,
            { kind: SpanKind.INTERNAL, attributes: attrs },
            parent,
          )
        : undefined;
      return (error?: unknown) => {
        const errorType = error === undefined ? undefined : errorName(error);
        if (span) {
          if (errorType) {
            span.setAttribute(a.errorType, errorType);
            span.setStatus({ code: SpanStatusCode.ERROR, message: messageOf(error) });
          }
          span.end();
        }
        storeDuration.record(
          (performance.now() - began) / 1000,
          errorType ? { ...attrs, [a.errorType]: errorType } : attrs,
        );
      };
    },
    pushAttempt(attempt): PushAttemptObserver {
      const span = tracer.startSpan("a2a.push deliver", {
        kind: SpanKind.CLIENT,
        // Each attempt is its own trace: it runs in the background, long after any call.
        root: true,
        attributes: {
          [a.taskId]: attempt.taskId,
          [a.pushConfigId]: attempt.configId,
          [a.pushSeq]: attempt.seq,
          [a.pushAttempt]: attempt.attempt,
        },
      });
      const active = trace.setSpan(ROOT_CONTEXT, span);
      let ended = false;
      return {
        run: (fn) => context.with(active, fn),
        end(outcome: PushOutcome, error?: string) {
          if (ended) return;
          ended = true;
          span.setAttribute(a.pushOutcome, outcome);
          if (outcome === "retried" || outcome === "dead_lettered") {
            span.setStatus({ code: SpanStatusCode.ERROR, message: error ?? outcome });
          }
          span.end();
          pushDeliveries.add(1, { [a.pushOutcome]: outcome });
        },
      };
    },
    executionEnded(info) {
      const attrs = { [a.taskState]: info.state };
      taskOutcomes.add(1, attrs);
      taskEvents.record(info.events, attrs);
    },
    limitExceeded(info) {
      limitExceeded.add(1, { [a.limit]: info.limit, [a.rpcMethod]: info.method });
    },
  };
}

function spanName(method: string | undefined): string {
  return method ? `${RPC_SERVICE}/${method}` : RPC_SERVICE;
}

function errorName(error: unknown): string {
  if (error instanceof Error) return error.name;
  return "Error";
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export type { Instrumentation } from "../telemetry/instrumentation.js";
