import {
  A2AError,
  errorToV03,
  type JsonRpcId,
  requestFromV03,
  resultToV03,
  streamResponseToV03,
  VersionNotSupportedError,
} from "@a2akit/types";
import type { BindingEnv } from "../http/binding.js";
import { readJson } from "../http/body.js";
import { webCall } from "../http/call.js";
import { asA2AError, jsonRpcErrorStatus } from "../http/errors.js";
import { readEnvelope, usableId } from "../http/jsonrpc.js";
import { limitCall, noteError, noteStreaming, observerOf } from "../http/observe.js";
import { OPERATIONS, operationFor } from "../http/operations.js";
import {
  errorHeaders,
  JSON_RPC_HEADERS,
  jsonResponse,
  jsonRpcErrorBody,
} from "../http/responses.js";
import { sseResponse } from "../http/sse.js";
import { SERVED_VERSIONS } from "../http/version.js";
import { extendedCardToV03 } from "./card.js";
import { admitV03, echoV03Extensions, v03CallContext } from "./context.js";
import type { ServedPaths } from "./interfaces.js";
import { invokeV03 } from "./invoke.js";
import { markFinal } from "./stream.js";

const CONTENT_TYPE = JSON_RPC_HEADERS["Content-Type"];

/** The v0.3 JSON-RPC `error` envelope for `error`, echoing `id`. */
function v03ErrorBody(id: JsonRpcId, error: A2AError) {
  return { jsonrpc: "2.0" as const, id, error: errorToV03(error) };
}

/**
 * Serves one v0.3 JSON-RPC call by translating it: the v0.3 request becomes a v1.0 one, the
 * one request handler runs it, and its answer (or error, or each stream event) goes back in
 * v0.3 form. HTTP statuses follow the v1.0 binding. A v1.0 method name sent as 0.3 (no
 * `A2A-Version` header) is answered with the v1.0 VersionNotSupported error, since the caller
 * evidently speaks v1.0 and only forgot the header.
 */
export async function serveV03JsonRpc(
  env: BindingEnv,
  request: Request,
  served: ServedPaths,
): Promise<Response> {
  let id: JsonRpcId = null;
  let reachedMethod = false;
  let releaseStream: (() => void) | undefined;
  try {
    if (request.method !== "POST") {
      throw new A2AError("INVALID_REQUEST", "JSON-RPC requests must use HTTP POST", {
        httpStatus: 405,
        metadata: { allow: "POST" },
      });
    }
    const body = await readJson(webCall(request), env.limits);
    id = usableId(body);
    const envelope = readEnvelope(body);
    reachedMethod = true;
    if (operationFor(envelope.method)) return v1MethodWithoutVersion(id, envelope.method);
    const admission = await admitV03(env, request);
    const translated = requestFromV03(envelope.method, envelope.params);
    const operation = OPERATIONS[translated.method];
    const ctx = v03CallContext(env, request, admission);
    const headers = new Headers();
    const observer = observerOf(request);
    observer?.annotate({ method: translated.method, streaming: operation.streaming });
    releaseStream = await limitCall(env, ctx, translated.method, operation.streaming);
    if (operation.streaming) {
      const stream = await operation.invoke(env.handler, translated.params, ctx);
      echoV03Extensions(headers, ctx.activatedExtensions);
      const requestId = id;
      const onEnd = releaseStream;
      releaseStream = undefined;
      noteStreaming(request);
      return sseResponse(markFinal(stream as AsyncIterable<never>), {
        framing: {
          event: (value) => {
            const { item, final } = value as { item: never; final: boolean };
            return { jsonrpc: "2.0", id: requestId, result: streamResponseToV03(item, { final }) };
          },
          error: (error) => v03ErrorBody(requestId, error),
          toError: (error) => asA2AError(error, env.logger, `${envelope.method} stream`),
        },
        keepAliveMs: env.keepAliveMs,
        signal: ctx.signal ?? new AbortController().signal,
        headers,
        idleTimeoutMs: env.streamIdleTimeoutMs,
        observer,
        ...(onEnd ? { onEnd } : {}),
      });
    }
    const result = await invokeV03(env.handler, translated, ctx);
    echoV03Extensions(headers, ctx.activatedExtensions);
    const payload =
      translated.method === "GetExtendedAgentCard"
        ? extendedCardToV03(result as never, served)
        : resultToV03(translated.method, result);
    return jsonResponse({ jsonrpc: "2.0", id, result: payload }, 200, CONTENT_TYPE, headers);
  } catch (e) {
    releaseStream?.();
    const error = asA2AError(e, env.logger, "jsonrpc v0.3");
    noteError(request, error);
    const status = jsonRpcErrorStatus(error, reachedMethod);
    return jsonResponse(
      v03ErrorBody(id, error),
      status,
      CONTENT_TYPE,
      errorHeaders(error, env.wwwAuthenticate),
    );
  }
}

/** The answer to a v1.0 method name sent without `A2A-Version`, in the v1.0 error shape. */
function v1MethodWithoutVersion(id: JsonRpcId, method: string): Response {
  const supported = SERVED_VERSIONS.join(", ");
  const error = new VersionNotSupportedError(
    `${method} is an A2A v1.0 method, but the request asks for A2A-Version 0.3 (no header ` +
      `means 0.3); send the header A2A-Version: 1.0 (supported versions: ${supported})`,
    { metadata: { requestedVersion: "0.3", supportedVersions: supported } },
  );
  return jsonResponse(jsonRpcErrorBody(id, error), 200, CONTENT_TYPE);
}
