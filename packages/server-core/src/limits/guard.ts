import { isA2AError } from "@a2akit/types";
import type { Instrumentation, LimitKind } from "../telemetry/instrumentation.js";
import type { LimitCall, Limiter } from "./limiter.js";

/** Runs one limiter check and reports a refusal to the instrumentation before rethrowing it. */
export function checkLimit<T>(
  limit: LimitKind,
  call: LimitCall,
  instrumentation: Instrumentation,
  check: () => T,
): T {
  const reportRefusal = (error: unknown) => {
    if (isA2AError(error) && error.code === "RESOURCE_EXHAUSTED") {
      instrumentation.limitExceeded({ limit, method: call.method });
    }
    throw error;
  };
  try {
    const result = check();
    return result instanceof Promise ? (result.catch(reportRefusal) as T) : result;
  } catch (error) {
    return reportRefusal(error);
  }
}
