import type { Instrumentation } from "@a2akit/server-core";
import { createOtelInstrumentation } from "@a2akit/server-core/otel";
import { context, metrics, propagation, trace } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { W3CTraceContextPropagator } from "@opentelemetry/core";
import {
  ConsoleMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
} from "@opentelemetry/sdk-metrics";
import {
  BasicTracerProvider,
  ConsoleSpanExporter,
  SimpleSpanProcessor,
} from "@opentelemetry/sdk-trace-base";

let registered: Instrumentation | undefined;

/**
 * With `OTEL_CONSOLE=1`, prints every span as it ends and the metrics every
 * `OTEL_METRIC_INTERVAL_MS` (default 10 s) to stdout, and returns `{ instrumentation }` for the
 * request handler; otherwise `{}`, and nothing is registered. The providers are registered
 * globally once per process, so an agent calling other agents with `@a2akit/client/otel`'s
 * `traceContext()` continues the same traces.
 */
export function consoleTelemetry(env: NodeJS.ProcessEnv = process.env): {
  instrumentation?: Instrumentation;
} {
  if (env.OTEL_CONSOLE !== "1") return {};
  if (!registered) {
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    propagation.setGlobalPropagator(new W3CTraceContextPropagator());
    trace.setGlobalTracerProvider(
      new BasicTracerProvider({
        spanProcessors: [new SimpleSpanProcessor(new ConsoleSpanExporter())],
      }),
    );
    metrics.setGlobalMeterProvider(
      new MeterProvider({
        readers: [
          new PeriodicExportingMetricReader({
            exporter: new ConsoleMetricExporter(),
            exportIntervalMillis: Number(env.OTEL_METRIC_INTERVAL_MS ?? 10_000),
          }),
        ],
      }),
    );
    registered = createOtelInstrumentation();
  }
  return { instrumentation: registered };
}
