import { z } from "zod";

/** A JSON-RPC id: a string, a number, or null. */
export const JsonRpcId = z.union([z.string(), z.number(), z.null()]);
export type JsonRpcId = z.output<typeof JsonRpcId>;

/** A JSON-RPC 2.0 request. A2A params are always an object (by name), or absent. */
export const JsonRpcRequest = z.object({
  jsonrpc: z.literal("2.0"),
  id: JsonRpcId.optional(),
  method: z.string().min(1, "must not be empty"),
  params: z.record(z.string(), z.unknown()).optional(),
});
export type JsonRpcRequest = z.output<typeof JsonRpcRequest>;

/** The error member of a JSON-RPC error response. In v1.0 `data` holds the details array. */
export const JsonRpcErrorObject = z.object({
  code: z.number().int(),
  message: z.string(),
  data: z.unknown().optional(),
});
export type JsonRpcErrorObject = z.output<typeof JsonRpcErrorObject>;

/** A successful JSON-RPC 2.0 response. */
export const JsonRpcSuccessResponse = z.object({
  jsonrpc: z.literal("2.0"),
  id: JsonRpcId,
  result: z.unknown(),
});
export type JsonRpcSuccessResponse<T = unknown> = { jsonrpc: "2.0"; id: JsonRpcId; result: T };

/** A failed JSON-RPC 2.0 response. */
export const JsonRpcErrorResponse = z.object({
  jsonrpc: z.literal("2.0"),
  id: JsonRpcId,
  error: JsonRpcErrorObject,
});
export type JsonRpcErrorResponse = z.output<typeof JsonRpcErrorResponse>;

/** Either kind of JSON-RPC response (the error shape is tried first: `result` may be absent). */
export const JsonRpcResponse = z.union([JsonRpcErrorResponse, JsonRpcSuccessResponse]);
export type JsonRpcResponse<T = unknown> = JsonRpcSuccessResponse<T> | JsonRpcErrorResponse;
