import { A2A_MEDIA_TYPE, type A2AError, type JsonRpcId } from "@a2akit/types";
import { jsonText } from "../json-text.js";

/** Content type of HTTP+JSON bodies and the card. */
export const A2A_JSON_HEADERS = { "Content-Type": A2A_MEDIA_TYPE } as const;
/** Content type of JSON-RPC bodies (§9.1). */
export const JSON_RPC_HEADERS = { "Content-Type": "application/json" } as const;

/**
 * A JSON response with the given status and content type. A member whose text a store already
 * wrote (a finished task, see `stringifyOnce`) is not stringified again.
 */
export function jsonResponse(
  body: unknown,
  status: number,
  contentType: string,
  headers?: Headers,
): Response {
  const text = jsonText(body);
  if (!headers) return new Response(text, { status, headers: { "Content-Type": contentType } });
  const h = new Headers(headers);
  h.set("Content-Type", contentType);
  return new Response(text, { status, headers: h });
}

/** The JSON-RPC error envelope for `error`, echoing `id`. */
export function jsonRpcErrorBody(id: JsonRpcId, error: A2AError) {
  return { jsonrpc: "2.0" as const, id, error: error.toJsonRpcError() };
}

/** Headers an error needs beyond its body: `Allow` for 405, `WWW-Authenticate` for 401. */
export function errorHeaders(error: A2AError, wwwAuthenticate: string, base?: Headers): Headers {
  const headers = new Headers(base);
  for (const [name, value] of Object.entries(errorHeaderRecord(error, wwwAuthenticate))) {
    headers.set(name, value);
  }
  return headers;
}

/**
 * {@link errorHeaders} as a plain record, without a base. Names are in lower case: node:http
 * checks and stores a header given in lower case several times faster than a mixed-case one.
 */
export function errorHeaderRecord(
  error: A2AError,
  wwwAuthenticate: string,
): Record<string, string> {
  const headers: Record<string, string> = {};
  if (error.httpStatus === 401) headers["www-authenticate"] = wwwAuthenticate;
  if (error.httpStatus === 405 && error.metadata.allow) headers.allow = error.metadata.allow;
  if (error.httpStatus === 503) headers["retry-after"] = "1";
  // Limits put the wait in the ErrorInfo metadata; Retry-After repeats it for HTTP clients.
  if (error.httpStatus === 429 && error.metadata.retryAfterSeconds) {
    headers["retry-after"] = error.metadata.retryAfterSeconds;
  }
  return headers;
}

/** An HTTP+JSON error response: the error's HTTP status and its Status body. */
export function restErrorResponse(
  error: A2AError,
  wwwAuthenticate: string,
  base?: Headers,
): Response {
  return jsonResponse(
    error.toRestError(),
    error.httpStatus,
    A2A_MEDIA_TYPE,
    errorHeaders(error, wwwAuthenticate, base),
  );
}
