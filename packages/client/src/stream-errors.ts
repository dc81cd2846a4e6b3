import { A2AError, InvalidAgentResponseError, type JsonRpcErrorJson } from "@a2akit/types";
import { isObject } from "./responses.js";

/**
 * The typed error carried by a final `event: error`: a JSON-RPC error envelope or a REST Status
 * body, whichever binding the stream came from.
 */
export function streamError(
  body: unknown,
  what: string,
  fromError: (e: JsonRpcErrorJson) => A2AError = A2AError.fromJsonRpcError,
): A2AError {
  if (isObject(body) && isObject(body.error)) {
    const e = body.error;
    if (body.jsonrpc === "2.0" || (typeof e.code === "number" && e.code < 0)) {
      return fromError({
        code: typeof e.code === "number" ? e.code : -32603,
        message: typeof e.message === "string" ? e.message : "Stream failed",
        data: e.data,
      });
    }
    return A2AError.fromRestError(body, typeof e.code === "number" ? e.code : undefined);
  }
  return new InvalidAgentResponseError(`${what}: the stream ended with an unreadable error event`);
}
