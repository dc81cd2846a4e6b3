import {
  type A2AError,
  errorToV03,
  InvalidParamsError,
  requestFromV03,
  resultToV03,
  streamResponseToV03,
  UnsupportedOperationError,
  type V03AgentCard,
  type V03StreamResult,
  type V03Task,
  type V03TaskPushNotificationConfig,
} from "@a2akit/types";
import type { BindingEnv } from "../http/binding.js";
import { readJson } from "../http/body.js";
import { webCall } from "../http/call.js";
import { asA2AError } from "../http/errors.js";
import { limitCall, noteError, noteStreaming, observerOf } from "../http/observe.js";
import { OPERATIONS } from "../http/operations.js";
import { errorHeaders, jsonResponse } from "../http/responses.js";
import { sseResponse } from "../http/sse.js";
import { extendedCardToV03 } from "./card.js";
import { admitV03, echoV03Extensions, v03CallContext } from "./context.js";
import type { ServedPaths } from "./interfaces.js";
import { invokeV03 } from "./invoke.js";
import {
  agentCardToProto,
  pushConfigBodyFromProto,
  sendParamsFromProto,
  streamResultToProto,
  taskPushConfigToProto,
  taskToProto,
} from "./proto-json.js";
import type { V03RestRoute } from "./rest-routes.js";
import { markFinal } from "./stream.js";

const CONTENT_TYPE = "application/json";

/** A v0.3 HTTP+JSON error: the v0.3 error object (`code`, `message`, `data`) and its status. */
export function v03RestError(error: A2AError, wwwAuthenticate: string): Response {
  return jsonResponse(
    errorToV03(error),
    error.httpStatus,
    CONTENT_TYPE,
    errorHeaders(error, wwwAuthenticate),
  );
}

/**
 * Serves one v0.3 HTTP+JSON call by translating it: the ProtoJSON body (or path and query)
 * becomes the v0.3 JSON-RPC params, those become a v1.0 request, the one request handler runs
 * it, and the answer goes back as v0.3 ProtoJSON. Statuses: 201 for a created push config,
 * 204 for a delete, 200 otherwise; errors carry their HTTP status and the v0.3 error object,
 * which the v0.3 SDK clients turn into their typed errors.
 */
export async function serveV03Rest(
  env: BindingEnv,
  request: Request,
  url: URL,
  route: V03RestRoute,
  served: ServedPaths,
): Promise<Response> {
  let releaseStream: (() => void) | undefined;
  try {
    if (route.method === "tasks/list") {
      throw new UnsupportedOperationError(
        "Listing tasks is not served over A2A v0.3; send GET /tasks with A2A-Version: 1.0",
      );
    }
    const admission = await admitV03(env, request);
    const params = await v03Params(env, request, url, route);
    const translated = translate(route.method, params);
    const ctx = v03CallContext(env, request, admission);
    const headers = new Headers();
    const operation = OPERATIONS[translated.method];
    const observer = observerOf(request);
    observer?.annotate({ method: translated.method, streaming: operation.streaming });
    releaseStream = await limitCall(env, ctx, translated.method, operation.streaming);
    if (operation.streaming) {
      const stream = await operation.invoke(env.handler, translated.params, ctx);
      echoV03Extensions(headers, ctx.activatedExtensions);
      const onEnd = releaseStream;
      releaseStream = undefined;
      noteStreaming(request);
      return sseResponse(markFinal(stream as AsyncIterable<never>), {
        framing: {
          event: (value) => {
            const { item, final } = value as { item: never; final: boolean };
            return streamResultToProto(streamResponseToV03(item, { final }) as V03StreamResult);
          },
          error: (error) => errorToV03(error),
          toError: (error) => asA2AError(error, env.logger, `${route.method} stream`),
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
    const reply = (body: unknown, status = 200) =>
      jsonResponse(body, status, CONTENT_TYPE, headers);
    switch (translated.method) {
      case "SendMessage":
        return reply(streamResultToProto(resultToV03(translated.method, result) as never));
      case "GetTask":
      case "CancelTask":
        return reply(taskToProto(resultToV03(translated.method, result) as V03Task));
      case "CreateTaskPushNotificationConfig":
      case "GetTaskPushNotificationConfig": {
        const config = resultToV03(translated.method, result) as V03TaskPushNotificationConfig;
        return reply(
          taskPushConfigToProto(config),
          translated.method === "CreateTaskPushNotificationConfig" ? 201 : 200,
        );
      }
      case "ListTaskPushNotificationConfigs": {
        const list = resultToV03(translated.method, result) as V03TaskPushNotificationConfig[];
        return reply({ configs: list.map(taskPushConfigToProto) });
      }
      case "DeleteTaskPushNotificationConfig":
        return new Response(null, { status: 204, headers });
      case "GetExtendedAgentCard":
        return reply(agentCardToProto(extendedCardToV03(result as never, served) as V03AgentCard));
      default:
        throw new UnsupportedOperationError(`${route.method} is not served over v0.3 HTTP+JSON`);
    }
  } catch (e) {
    releaseStream?.();
    const error = asA2AError(e, env.logger, "rest v0.3");
    noteError(request, error);
    return v03RestError(error, env.wwwAuthenticate);
  }
}

/**
 * `requestFromV03`, with the bad fields it names given back as the REST body names them
 * (`message.content[0]`, not `params.message.parts[0]`).
 */
function translate(method: V03RestRoute["method"], params: unknown) {
  try {
    return requestFromV03(method, params);
  } catch (e) {
    if (!(e instanceof InvalidParamsError) || e.fieldViolations.length === 0) throw e;
    const issues = e.fieldViolations.map((v) => ({
      path: restFieldPath(v.field),
      message: v.description,
    }));
    throw InvalidParamsError.fromIssues(issues, "request");
  }
}

function restFieldPath(path: string): string {
  return path
    .replace(/^params\.?/, "")
    .replace(/^message\.parts\b/, "message.content")
    .replace(/^configuration\.pushNotificationConfig\b/, "configuration.pushNotification")
    .replace(/^$/, "(root)");
}

/** The v0.3 JSON-RPC params of a route, from its body, path and query. */
async function v03Params(
  env: BindingEnv,
  request: Request,
  url: URL,
  route: V03RestRoute,
): Promise<unknown> {
  const { id, configId } = route;
  switch (route.method) {
    case "message/send":
    case "message/stream":
      return sendParamsFromProto(await bodyObject(env, request));
    case "tasks/pushNotificationConfig/set":
      return pushConfigBodyFromProto(await bodyObject(env, request), id ?? "");
    case "tasks/get":
      return { id, ...historyLength(url.searchParams) };
    case "tasks/pushNotificationConfig/get":
    case "tasks/pushNotificationConfig/delete":
      return { id, pushNotificationConfigId: configId };
    case "agent/getAuthenticatedExtendedCard":
      return undefined;
    default:
      // Cancel and subscribe take the id from the path; a body (`{name}`) adds nothing.
      return { id };
  }
}

/** A POST body must be a JSON object; an empty one means no fields. */
async function bodyObject(env: BindingEnv, request: Request): Promise<Record<string, unknown>> {
  const body = await readJson(webCall(request), env.limits);
  if (body === undefined) return {};
  if (body === null || typeof body !== "object" || Array.isArray(body)) {
    throw InvalidParamsError.fromIssues(
      [{ path: "(root)", message: "request body must be a JSON object" }],
      "request body",
    );
  }
  return body as Record<string, unknown>;
}

/** `?historyLength=` (or `history_length`), a non-negative integer; absent when not given. */
function historyLength(query: URLSearchParams): { historyLength?: number } {
  const raw = query.get("historyLength") ?? query.get("history_length");
  if (raw === null) return {};
  if (!/^\d{1,9}$/.test(raw)) {
    throw InvalidParamsError.fromIssues(
      [
        {
          path: "historyLength",
          message: `must be a non-negative integer, got ${JSON.stringify(raw)}`,
        },
      ],
      "query parameters",
    );
  }
  return { historyLength: Number(raw) };
}
