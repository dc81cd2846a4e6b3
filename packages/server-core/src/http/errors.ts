import { A2AError, InternalError, isA2AError } from "@a2akit/types";
import type { Logger } from "../handler/types.js";

/** The body is larger than the configured limit (HTTP 413). */
export function payloadTooLarge(limit: number): A2AError {
  return new A2AError("INVALID_REQUEST", `Request body exceeds the limit of ${limit} bytes`, {
    httpStatus: 413,
    metadata: { limitBytes: String(limit) },
  });
}

/** The route exists but not for this HTTP method (HTTP 405). */
export function methodNotAllowed(method: string, allowed: readonly string[]): A2AError {
  return new A2AError(
    "METHOD_NOT_FOUND",
    `HTTP method ${method} is not allowed here; use ${allowed.join(" or ")}`,
    { httpStatus: 405, grpcStatus: "UNIMPLEMENTED", metadata: { allow: allowed.join(", ") } },
  );
}

/** The server is shutting down and takes no new requests (HTTP 503). */
export function shuttingDown(): A2AError {
  return new A2AError("INTERNAL", "The server is shutting down; retry on another instance", {
    httpStatus: 503,
    grpcStatus: "UNAVAILABLE",
  });
}

/**
 * Turns anything thrown into an A2AError. Unexpected errors are logged and answered as a bare
 * InternalError, so no stack or internal message ever reaches the client.
 */
export function asA2AError(error: unknown, logger: Logger, where: string): A2AError {
  if (isA2AError(error)) return error;
  logger.error("unexpected error while serving a request", {
    where,
    error: error instanceof Error ? { name: error.name, message: error.message } : String(error),
  });
  return new InternalError();
}

/**
 * The HTTP status of a JSON-RPC error answer. Errors from a method that was reached travel in a
 * 200 as JSON-RPC says, except refused calls (401, 403, 429), which keep their HTTP status so
 * proxies and retry logic see it; errors before the method (parse, envelope) use their own.
 */
export function jsonRpcErrorStatus(error: A2AError, reachedMethod: boolean): number {
  const refused =
    error.code === "UNAUTHENTICATED" ||
    error.code === "PERMISSION_DENIED" ||
    error.code === "RESOURCE_EXHAUSTED";
  return reachedMethod && !refused ? 200 : error.httpStatus;
}
