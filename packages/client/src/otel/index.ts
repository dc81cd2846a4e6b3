/**
 * @a2akit/client/otel: carries the caller's OpenTelemetry trace context to the agent, so one
 * trace follows a task across agents. Imports `@opentelemetry/api` (an optional peer
 * dependency); the main entry never does.
 */
import {
  type Context,
  context,
  isSpanContextValid,
  propagation,
  type TextMapPropagator,
  type TextMapSetter,
  trace,
} from "@opentelemetry/api";
import type { Interceptor } from "../http.js";

/** Options of {@link traceContext}. */
export interface TraceContextOptions {
  /**
   * Writes the context into request headers. Default: the global propagator when one is
   * registered, else W3C Trace Context (`traceparent`, `tracestate`).
   */
  readonly propagator?: TextMapPropagator;
  /** The context to propagate (default: the active one at the time of the call). */
  readonly context?: () => Context;
}

const headerSetter: TextMapSetter<Headers> = {
  set: (carrier, key, value) => carrier.set(key, value),
};

/**
 * An interceptor that adds the current trace context to every request the client makes
 * (`new A2AClient(card, { interceptors: [traceContext()] })`). The agent's server span then
 * continues the caller's trace.
 */
export function traceContext(options: TraceContextOptions = {}): Interceptor {
  return {
    request(request) {
      const active = options.context ? options.context() : context.active();
      if (options.propagator) {
        options.propagator.inject(active, request.headers, headerSetter);
      } else if (propagation.fields().length > 0) {
        propagation.inject(active, request.headers, headerSetter);
      } else {
        injectW3C(active, request.headers);
      }
      return request;
    },
  };
}

/** Writes `traceparent` (and `tracestate`) for the span in `ctx`, if it has a valid one. */
function injectW3C(ctx: Context, headers: Headers): void {
  const span = trace.getSpanContext(ctx);
  if (!span || !isSpanContextValid(span)) return;
  const flags = (span.traceFlags & 0xff).toString(16).padStart(2, "0");
  headers.set("traceparent", `00-${span.traceId}-${span.spanId}-${flags}`);
  const state = span.traceState?.serialize();
  if (state) headers.set("tracestate", state);
}
