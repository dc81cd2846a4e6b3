import {
  type Context,
  createTraceState,
  propagation,
  ROOT_CONTEXT,
  type TextMapGetter,
  type TextMapPropagator,
  TraceFlags,
  trace,
} from "@opentelemetry/api";

const headerGetter: TextMapGetter<Headers> = {
  get: (carrier, key) => carrier.get(key) ?? undefined,
  keys: (carrier) => [...carrier.keys()],
};

const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(?:-.*)?$/;

/**
 * The caller's trace context, read from request headers: by `propagator` when given, by the
 * global propagator when one is registered, else from W3C Trace Context headers directly (so
 * traces join up even when the application registered no propagator).
 */
export function extractTraceContext(headers: Headers, propagator?: TextMapPropagator): Context {
  if (propagator) return propagator.extract(ROOT_CONTEXT, headers, headerGetter);
  if (propagation.fields().length > 0) {
    return propagation.extract(ROOT_CONTEXT, headers, headerGetter);
  }
  const parent = headers.get("traceparent");
  if (!parent) return ROOT_CONTEXT;
  const m = TRACEPARENT.exec(parent.trim());
  // Version ff is invalid; all-zero ids mean "no trace".
  if (!m || m[1] === "ff" || /^0+$/.test(m[2] as string) || /^0+$/.test(m[3] as string)) {
    return ROOT_CONTEXT;
  }
  const state = headers.get("tracestate");
  return trace.setSpanContext(ROOT_CONTEXT, {
    traceId: m[2] as string,
    spanId: m[3] as string,
    traceFlags: Number.parseInt(m[4] as string, 16) & TraceFlags.SAMPLED,
    isRemote: true,
    ...(state ? { traceState: createTraceState(state) } : {}),
  });
}
