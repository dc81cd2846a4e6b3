import {
  A2AError,
  EXTENSIONS_HEADER,
  InvalidRequestError,
  type JsonRpcId,
  JsonRpcRequest,
  METHODS,
  MethodNotFoundError,
  methodFromV03,
  parse,
  StreamResponse,
  toJsonShared,
} from "@a2akit/types";
import { jsonText } from "../json-text.js";
import { admit, type BindingEnv, callContext, parseParams } from "./binding.js";
import { readJson } from "./body.js";
import type { A2AEventStreamAnswer, A2AHttpCall, A2ATextAnswer } from "./call.js";
import { asA2AError, jsonRpcErrorStatus } from "./errors.js";
import { extensionHeaders, extensionsValue } from "./extensions.js";
import { idsOf, limitCall, type ObservedCall } from "./observe.js";
import { operationFor } from "./operations.js";
import { errorHeaderRecord, JSON_RPC_HEADERS, jsonRpcErrorBody } from "./responses.js";
import { SseStream } from "./sse.js";
import { isServed, versionNotSupported } from "./version.js";

const CONTENT_TYPE = JSON_RPC_HEADERS["Content-Type"];
/** Header names of text answers are in lower case (see `errorHeaderRecord`). */
const EXTENSIONS_RECORD_NAME = EXTENSIONS_HEADER.toLowerCase();

/**
 * Serves one JSON-RPC 2.0 call: a stream as an event stream answer, anything else as a text
 * answer. HTTP status policy: a call that reached a method is answered 200 whatever its outcome
 * (the envelope carries the error), except 401/403 for refused credentials. A body that is not a
 * usable request gets the error's own status: 400 (parse error, invalid request, unsupported
 * Content-Type), 413 (too large), 405 (not POST). `observed` is the call's record when
 * instrumentation follows it.
 */
export async function serveJsonRpc(
  env: BindingEnv,
  call: A2AHttpCall,
  version: string,
  observed?: ObservedCall,
): Promise<A2ATextAnswer | A2AEventStreamAnswer> {
  let id: JsonRpcId = null;
  let reachedMethod = false;
  let releaseStream: (() => void) | undefined;
  const observer = observed?.observer;
  try {
    if (call.method !== "POST") {
      throw new A2AError("INVALID_REQUEST", "JSON-RPC requests must use HTTP POST", {
        httpStatus: 405,
        metadata: { allow: "POST" },
      });
    }
    const body = await readJson(call, env.limits);
    id = usableId(body);
    const envelope = readEnvelope(body);
    reachedMethod = true;
    observer?.annotate({ method: envelope.method });
    if (!isServed(version)) throw versionNotSupported(version);
    const admitted = admit(env, call);
    const admission = admitted instanceof Promise ? await admitted : admitted;
    const operation = operationFor(envelope.method);
    if (!operation) {
      // A v0.3 name under A2A-Version 1.0 is a client mixing versions: say which one to drop.
      const hint = methodFromV03(envelope.method)
        ? ` (${envelope.method} is a v0.3 method: send it without A2A-Version, or with 0.3)`
        : "";
      throw new MethodNotFoundError(
        `Method ${JSON.stringify(envelope.method)} not found; A2A v1.0 methods are ${Object.keys(METHODS).join(", ")}${hint}`,
        { metadata: { method: envelope.method } },
      );
    }
    const params = parseParams(operation, envelope.params ?? {});
    const ctx = callContext(env, call, admission, params.tenant ?? "");
    observer?.annotate({
      tenant: ctx.tenant,
      streaming: operation.streaming,
      ...idsOf(params, operation.method),
    });
    if (env.limiter) {
      releaseStream = await limitCall(env, ctx, operation.method, operation.streaming);
    }
    const result = await operation.invoke(env.handler, params, ctx);
    if (operation.streaming) {
      const requestId = id;
      const onEnd = releaseStream;
      releaseStream = undefined;
      if (observed) observed.streaming = true;
      return new SseStream(result as AsyncIterable<unknown>, {
        framing: {
          event: (item) => ({
            jsonrpc: "2.0",
            id: requestId,
            result: toJsonShared(StreamResponse, item as StreamResponse),
          }),
          error: (error) => jsonRpcErrorBody(requestId, error),
          toError: (error) => asA2AError(error, env.logger, `${operation.method} stream`),
        },
        keepAliveMs: env.keepAliveMs,
        signal: ctx.signal ?? new AbortController().signal,
        headers: extensionHeaders(ctx.activatedExtensions) ?? new Headers(),
        idleTimeoutMs: env.streamIdleTimeoutMs,
        observer,
        ...(onEnd ? { onEnd } : {}),
      });
    }
    observer?.annotate(idsOf(result));
    const payload = operation.serialize(result);
    const text = `{"jsonrpc":"2.0","id":${JSON.stringify(id)},"result":${jsonText(payload ?? null)}}`;
    const headers: Record<string, string> = { "content-type": CONTENT_TYPE };
    const activated = ctx.activatedExtensions;
    if (activated.size > 0) headers[EXTENSIONS_RECORD_NAME] = extensionsValue(activated);
    return new TextAnswer(200, headers, text);
  } catch (e) {
    releaseStream?.();
    const error = asA2AError(e, env.logger, "jsonrpc");
    if (observed) observed.error = error;
    const headers = errorHeaderRecord(error, env.wwwAuthenticate);
    headers["content-type"] = CONTENT_TYPE;
    return new TextAnswer(
      jsonRpcErrorStatus(error, reachedMethod),
      headers,
      JSON.stringify(jsonRpcErrorBody(id, error)),
    );
  }
}

/** A class, so every answer has one shape whichever branch made it. */
class TextAnswer implements A2ATextAnswer {
  constructor(
    readonly status: number,
    readonly headers: Record<string, string>,
    readonly body: string,
  ) {}
}

/** A checked JSON-RPC request envelope. */
export interface Envelope {
  readonly id: JsonRpcId;
  readonly method: string;
  readonly params: Record<string, unknown> | undefined;
}

/** Checks the JSON-RPC envelope; the id is recovered for the error reply whenever it is usable. */
export function readEnvelope(body: unknown): Envelope {
  if (Array.isArray(body)) {
    throw new InvalidRequestError(
      "Batch requests are not supported; send one JSON-RPC request per HTTP request",
    );
  }
  if (body === null || typeof body !== "object") {
    throw new InvalidRequestError(
      body === undefined
        ? "Request body is empty; expected a JSON-RPC 2.0 request object"
        : "Request body must be a JSON-RPC 2.0 request object",
    );
  }
  const fast = fastEnvelope(body as Record<string, unknown>);
  if (fast) return fast;
  const result = parse(JsonRpcRequest, body);
  if (!result.success) {
    const detail = result.issues.map((i) => `${i.path}: ${i.message}`).join("; ");
    throw new InvalidRequestError(`Invalid JSON-RPC request: ${detail}`);
  }
  if (result.data.id === undefined) {
    throw new InvalidRequestError("Notifications (requests without an id) are not supported");
  }
  return { id: result.data.id, method: result.data.method, params: result.data.params };
}

/**
 * The envelope nearly every call has, checked by hand (the schema costs more than the check):
 * exactly the four members, `"2.0"`, a non-empty method, a string or number id, object params.
 * Anything else goes through the schema and its error messages.
 */
function fastEnvelope(body: Record<string, unknown>): Envelope | undefined {
  let n = 0;
  for (const key in body) {
    if (key !== "jsonrpc" && key !== "id" && key !== "method" && key !== "params") return undefined;
    n++;
  }
  const { jsonrpc, id, method, params } = body;
  if (jsonrpc !== "2.0" || typeof method !== "string" || method === "") return undefined;
  if (typeof id !== "string" && (typeof id !== "number" || !Number.isFinite(id))) return undefined;
  if (params === undefined) return n === 3 ? { id, method, params: undefined } : undefined;
  if (typeof params !== "object" || params === null || Array.isArray(params)) return undefined;
  return { id, method, params: params as Record<string, unknown> };
}

/** The request id, when the body has one of a valid type: errors echo it too. */
export function usableId(body: unknown): JsonRpcId {
  if (body === null || typeof body !== "object" || Array.isArray(body)) return null;
  const id = (body as { id?: unknown }).id;
  return typeof id === "string" || typeof id === "number" ? id : null;
}
