import {
  A2A_MEDIA_TYPE,
  InvalidParamsError,
  parse,
  StreamResponse,
  toJsonShared,
  type ValidationIssue,
} from "@a2akit/types";
import { admit, type BindingEnv, callContext, parseParams } from "./binding.js";
import { readJson } from "./body.js";
import { webCall } from "./call.js";
import { asA2AError } from "./errors.js";
import { extensionHeaders } from "./extensions.js";
import { idsOf, limitCall, noteError, noteStreaming, observerOf } from "./observe.js";
import { OPERATIONS, type Operation } from "./operations.js";
import { queryFields } from "./query.js";
import { jsonResponse, restErrorResponse } from "./responses.js";
import type { RestRoute } from "./rest-routes.js";
import { sseResponse } from "./sse.js";
import { isServed, versionNotSupported } from "./version.js";

/**
 * Serves one HTTP+JSON call. Success statuses follow the official SDKs: 201 for
 * CreateTaskPushNotificationConfig, 204 (no body) for DeleteTaskPushNotificationConfig, 200
 * otherwise. Errors carry the error's HTTP status and a google.rpc.Status body.
 */
export async function serveRest(
  env: BindingEnv,
  request: Request,
  url: URL,
  route: RestRoute,
  version: string,
): Promise<Response> {
  const operation = OPERATIONS[route.method];
  const observer = observerOf(request);
  let releaseStream: (() => void) | undefined;
  try {
    if (!isServed(version)) throw versionNotSupported(version);
    const call = webCall(request);
    const admission = await admit(env, call);
    let input: Record<string, unknown>;
    if (request.method === "POST") input = bodyObject(await readJson(call, env.limits));
    else {
      const query = queryFields(route.method, url.searchParams);
      input = query.fields;
      if (query.issues.length > 0) throw queryError(operation, query.issues, input, route);
    }
    const params = parseParams(operation, { ...input, ...route.pathValues });
    const ctx = callContext(env, call, admission, params.tenant ?? "");
    observer?.annotate({
      tenant: ctx.tenant,
      streaming: operation.streaming,
      ...idsOf(params, operation.method),
    });
    releaseStream = await limitCall(env, ctx, operation.method, operation.streaming);
    const result = await operation.invoke(env.handler, params, ctx);
    const headers = extensionHeaders(ctx.activatedExtensions);
    if (operation.streaming) {
      const onEnd = releaseStream;
      releaseStream = undefined;
      noteStreaming(request);
      return sseResponse(result as AsyncIterable<unknown>, {
        framing: {
          event: (item) => toJsonShared(StreamResponse, item as StreamResponse),
          error: (error) => error.toRestError(),
          toError: (error) => asA2AError(error, env.logger, `${operation.method} stream`),
        },
        keepAliveMs: env.keepAliveMs,
        signal: ctx.signal ?? new AbortController().signal,
        headers: headers ?? new Headers(),
        idleTimeoutMs: env.streamIdleTimeoutMs,
        observer,
        ...(onEnd ? { onEnd } : {}),
      });
    }
    observer?.annotate(idsOf(result));
    if (!operation.response) return new Response(null, { status: 204, headers });
    const status = operation.method === "CreateTaskPushNotificationConfig" ? 201 : 200;
    return jsonResponse(operation.serialize(result), status, A2A_MEDIA_TYPE, headers);
  } catch (e) {
    releaseStream?.();
    const error = asA2AError(e, env.logger, operation.method);
    noteError(request, error);
    return restErrorResponse(error, env.wwwAuthenticate);
  }
}

/** A POST body is the whole request message; an empty body means no fields. */
function bodyObject(body: unknown): Record<string, unknown> {
  if (body === undefined) return {};
  if (body === null || typeof body !== "object" || Array.isArray(body)) {
    throw InvalidParamsError.fromIssues(
      [{ path: "(root)", message: "request body must be a JSON object" }],
      "request body",
    );
  }
  return body as Record<string, unknown>;
}

/** One error for every bad query value: malformed ones, plus what the schema finds in the rest. */
function queryError(
  operation: Operation,
  malformed: ValidationIssue[],
  fields: Record<string, unknown>,
  route: RestRoute,
): InvalidParamsError {
  const named = new Set(malformed.map((i) => i.path));
  const checked = parse(operation.request, { ...fields, ...route.pathValues });
  const more = checked.success ? [] : checked.issues.filter((i) => !named.has(i.path));
  return InvalidParamsError.fromIssues([...malformed, ...more], "query parameters");
}
