import { z } from "zod";
import { A2AError, type ErrorDetail } from "../errors.js";

/**
 * The JSON-RPC error codes of v0.3. -32001…-32006 mean what they mean in v1.0, and -32007
 * (`AuthenticatedExtendedCardNotConfiguredError`) is v1.0's ExtendedAgentCardNotConfigured.
 */
export const V03_ERROR_CODES = {
  JSONParse: -32700,
  InvalidRequest: -32600,
  MethodNotFound: -32601,
  InvalidParams: -32602,
  Internal: -32603,
  TaskNotFound: -32001,
  TaskNotCancelable: -32002,
  PushNotificationNotSupported: -32003,
  UnsupportedOperation: -32004,
  ContentTypeNotSupported: -32005,
  InvalidAgentResponse: -32006,
  AuthenticatedExtendedCardNotConfigured: -32007,
} as const;

/** The `error` member of a v0.3 JSON-RPC error response; `data` is free-form. */
export const V03JsonRpcError = z.object({
  code: z.number().int(),
  message: z.string(),
  data: z.unknown().optional(),
});
export type V03JsonRpcError = z.output<typeof V03JsonRpcError>;

/** ProtoJSON `Any` wrapping of a `google.protobuf.Value`: how free-form v0.3 data is kept. */
const VALUE_TYPE = "type.googleapis.com/google.protobuf.Value";

// v1.0 errors without a v0.3 code. Both are refusals of the request as sent, which JSON-RPC
// calls Invalid Request; the ErrorInfo reason travels in `data`, so an a2akit client still
// rebuilds the exact class.
const NO_V03_CODE: Partial<Record<A2AError["code"], number>> = {
  EXTENSION_SUPPORT_REQUIRED: V03_ERROR_CODES.InvalidRequest,
  VERSION_NOT_SUPPORTED: V03_ERROR_CODES.InvalidRequest,
};

/**
 * The v0.3 JSON-RPC `error` object for an error. The code is the same as in v1.0, except for
 * -32008/-32009, which v0.3 lacks (sent as -32600). `data` carries the v1.0 details array
 * (ErrorInfo first), unless the error came from v0.3 with free-form `data`: that is sent back
 * unchanged.
 */
export function errorToV03(error: A2AError): V03JsonRpcError {
  const code = NO_V03_CODE[error.code] ?? error.jsonRpcCode;
  const kept = error.details.find((d) => d["@type"] === VALUE_TYPE);
  if (kept) return { code, message: error.message, data: (kept as { value?: unknown }).value };
  return { code, message: error.message, data: error.wireDetails() };
}

/**
 * Rebuilds the typed error from a v0.3 JSON-RPC `error` object. An ErrorInfo in `data` (as
 * a2akit sends) decides the class; otherwise the code does. Free-form `data` is kept as a
 * `google.protobuf.Value` detail, so {@link errorToV03} can send it back as it was.
 */
export function errorFromV03(error: V03JsonRpcError): A2AError {
  const data = error.data;
  const isDetails =
    Array.isArray(data) &&
    data.length > 0 &&
    data.every((d) => d !== null && typeof d === "object" && typeof d["@type"] === "string");
  if (data === undefined || isDetails) {
    return A2AError.fromJsonRpcError(error);
  }
  const kept: ErrorDetail = { "@type": VALUE_TYPE, value: data };
  return A2AError.fromJsonRpcError({ code: error.code, message: error.message, data: [kept] });
}
