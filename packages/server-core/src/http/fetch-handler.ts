import { type AgentCard, MethodNotFoundError } from "@a2akit/types";
import { anySignal } from "../handler/signals.js";
import { noopInstrumentation } from "../telemetry/instrumentation.js";
import { createV03Adapter, isV03RestPath } from "../v03/adapter.js";
import { serializeV1Card } from "../v03/card.js";
import { V03_VERSION } from "../v03/options.js";
import type { BindingEnv } from "./binding.js";
import {
  type A2AEventStreamAnswer,
  type A2AHttpCall,
  type A2ATextAnswer,
  answerResponse,
  webCall,
} from "./call.js";
import { CardServer, serializeCard } from "./card.js";
import { asA2AError, methodNotAllowed, shuttingDown } from "./errors.js";
import { serveJsonRpc } from "./jsonrpc.js";
import { beginCall, noteError, type ObservedCall } from "./observe.js";
import {
  type A2AFetchHandlerOptions,
  type A2ARequestKind,
  type ResolvedOptions,
  resolveOptions,
} from "./options.js";
import {
  errorHeaders,
  JSON_RPC_HEADERS,
  jsonResponse,
  jsonRpcErrorBody,
  restErrorResponse,
} from "./responses.js";
import { serveRest } from "./rest.js";
import { matchRestRoute, type RestMatch } from "./rest-routes.js";
import { isServed, requestedVersion, versionNotSupported, versionOf } from "./version.js";

/** A2A over HTTP as a web-standard fetch function. */
export interface A2AFetchHandler {
  /** Answers any request: A2A paths as the protocol says, anything else with a 404 error. */
  fetch(request: Request): Promise<Response>;
  /** Answers A2A paths; resolves `undefined` for any other path, so a router can go on. */
  handle(request: Request): Promise<Response | undefined>;
  /**
   * {@link handle} for a server without web Requests. A JSON-RPC call is answered from the call
   * alone: as text, or as an event stream the server writes itself; everything else goes
   * through `call.toRequest()` and comes as a Response. Resolves `undefined` for a path that
   * is not A2A.
   */
  serveCall(
    call: A2AHttpCall,
  ): Promise<Response | A2ATextAnswer | A2AEventStreamAnswer | undefined>;
  /**
   * Graceful shutdown: new requests get 503, then the request handler closes (running work
   * finishes or is signalled), then any stream still open is ended.
   */
  close(options?: { timeoutMs?: number }): Promise<void>;
}

type Target =
  | { kind: "card" }
  | { kind: "jsonrpc" }
  | { kind: "rest"; match: NonNullable<RestMatch> }
  | { kind: "rest-error"; error: unknown };

/**
 * Serves the agent card, JSON-RPC and HTTP+JSON over one fetch function that runs on any
 * runtime with web-standard Request/Response. The card is validated now: a bad card throws
 * here, naming the field.
 */
export function createA2AFetchHandler(options: A2AFetchHandlerOptions): A2AFetchHandler {
  const card = options.handler.getAgentCard();
  serializeCard(card);
  const config = resolveOptions(options, card);
  const served = { jsonRpcPath: config.jsonRpcPath, restPath: config.restPath };
  const cardServer = new CardServer({
    getCard: () => config.handler.getAgentCard(),
    maxAgeSeconds: config.cardMaxAgeSeconds,
    // While v0.3 is served, the v1.0 card lists the v0.3 interfaces too.
    ...(config.v03 ? { serialize: (card: AgentCard) => serializeV1Card(card, served) } : {}),
  });
  const shutdown = new AbortController();
  let closing: Promise<void> | undefined;

  const env: BindingEnv = {
    handler: config.handler,
    limits: { maxBodyBytes: config.maxBodyBytes, maxJsonDepth: config.maxJsonDepth },
    keepAliveMs: config.keepAliveMs,
    wwwAuthenticate: config.wwwAuthenticate,
    logger: config.logger,
    authenticate: config.authenticate,
    // Not AbortSignal.any: on Node 20 it keeps an entry per request on the shutdown signal.
    signalFor: (client) => anySignal([client, shutdown.signal]),
    telemetry: config.instrumentation,
    streamIdleTimeoutMs: config.streamIdleTimeoutMs,
    ...(config.limiter ? { limiter: config.limiter } : {}),
  };
  const v03 = config.v03
    ? createV03Adapter({
        env,
        options: config.v03,
        jsonRpcPath: config.jsonRpcPath,
        restPath: config.restPath,
        cardMaxAgeSeconds: config.cardMaxAgeSeconds,
        getCard: () => config.handler.getAgentCard(),
      })
    : undefined;

  /** What a request is for: undefined when it is not an A2A path. */
  function targetOf(request: Request): { target: Target; kind: A2ARequestKind } | undefined {
    return targetAt(request.url, request.method, () => requestedVersion(request));
  }

  /** {@link targetOf} from the URL, the method and (read only when needed) the version. */
  function targetAt(
    url: string,
    method: string,
    version: () => string,
  ): { target: Target; kind: A2ARequestKind } | undefined {
    const path = pathOf(url);
    const target =
      route(config, path, method) ??
      (v03?.legacyCardPath === path ? ({ kind: "card" } as const) : undefined) ??
      // Paths only v0.3 has (`{restPath}/v1/card`) exist for v0.3 requests alone; with v0.3
      // off they answer VersionNotSupported, like every other v0.3 call.
      (isV03RestPath(config.restPath, path) && version() === V03_VERSION
        ? ({ kind: "rest-error", error: versionNotSupported(V03_VERSION) } as const)
        : undefined);
    if (!target) return undefined;
    const kind: A2ARequestKind =
      target.kind === "card" ? "card" : target.kind === "jsonrpc" ? "jsonrpc" : "rest";
    return { target, kind };
  }

  function dispatch(request: Request, target: Target, kind: A2ARequestKind): Promise<Response> {
    const version = requestedVersion(request);
    if (kind === "card" || config.instrumentation === noopInstrumentation) {
      return answer(request, target, kind, version);
    }
    return observed(request, target, kind, version);
  }

  /** Answers one call inside its operation span, and ends the span unless a stream will. */
  async function observed(
    request: Request,
    target: Target,
    kind: A2ARequestKind,
    version: string,
  ): Promise<Response> {
    const observer = config.instrumentation.operation({
      binding: kind === "jsonrpc" ? "JSONRPC" : "HTTP+JSON",
      protocolVersion: version,
      headers: request.headers,
      ...(target.kind === "rest" && target.match.kind !== "wrong-method"
        ? { method: target.match.route.method }
        : {}),
    });
    const call = beginCall(request, observer);
    const response = await observer.run(() => answer(request, target, kind, version, call));
    if (!call.streaming) {
      const status = response.status;
      observer.end({
        outcome: call.error || status >= 400 ? "error" : "ok",
        httpStatus: status,
        ...(call.error ? { error: call.error } : {}),
      });
    }
    return response;
  }

  /**
   * A JSON-RPC call in a version this binding serves goes straight to `serveJsonRpc`, which
   * answers every failure itself; everything else takes the general path.
   */
  function answer(
    request: Request,
    target: Target,
    kind: A2ARequestKind,
    version: string,
    observed?: ObservedCall,
  ): Promise<Response> {
    if (closing) return Promise.resolve(errorFor(kind, shuttingDown(), request));
    if (target.kind === "jsonrpc" && isServed(version)) {
      return serveJsonRpc(env, webCall(request), version, observed).then(asResponse);
    }
    return answerAny(request, target, kind, version, observed);
  }

  async function answerAny(
    request: Request,
    target: Target,
    kind: A2ARequestKind,
    version: string,
    observed: ObservedCall | undefined,
  ): Promise<Response> {
    try {
      if (!isServed(version) && config.legacy) {
        const answer = await config.legacy(request, { version, kind });
        if (answer) return answer;
      }
      if (version === V03_VERSION && v03) {
        const answer = await v03.serve(request, new URL(request.url), kind);
        if (answer) return answer;
      }
      switch (target.kind) {
        case "card":
          if (request.method !== "GET" && request.method !== "HEAD") {
            return errorFor(kind, methodNotAllowed(request.method, ["GET", "HEAD"]), request);
          }
          return await cardServer.respond(request);
        case "jsonrpc":
          return asResponse(await serveJsonRpc(env, webCall(request), version, observed));
        case "rest-error":
          return errorFor(kind, target.error, request);
        case "rest":
          if (target.match.kind === "wrong-method") {
            return errorFor(kind, methodNotAllowed(request.method, target.match.allow), request);
          }
          return await serveRest(env, request, new URL(request.url), target.match.route, version);
      }
    } catch (e) {
      return errorFor(kind, e, request);
    }
  }

  function errorFor(kind: A2ARequestKind, e: unknown, request?: Request): Response {
    const error = asA2AError(e, config.logger, kind);
    if (request) noteError(request, error);
    if (kind !== "jsonrpc") return restErrorResponse(error, config.wwwAuthenticate);
    return jsonResponse(
      jsonRpcErrorBody(null, error),
      error.httpStatus,
      JSON_RPC_HEADERS["Content-Type"],
      errorHeaders(error, config.wwwAuthenticate),
    );
  }

  function handle(request: Request): Promise<Response | undefined> {
    try {
      const found = targetOf(request);
      return found ? dispatch(request, found.target, found.kind) : Promise.resolve(undefined);
    } catch (e) {
      return Promise.reject(e);
    }
  }

  return {
    handle,
    serveCall(call) {
      try {
        const url = call.url;
        const version = () => versionOf(call.header("a2a-version"), url);
        const found = targetAt(url, call.method, version);
        // Not an A2A path: no Request is built, so the body stays unread for whoever is next.
        if (!found) return Promise.resolve(undefined);
        // JSON-RPC in a served version, unobserved: the call itself is enough, no Request is
        // built. Everything else takes the Request path.
        if (
          found.target.kind === "jsonrpc" &&
          !closing &&
          config.instrumentation === noopInstrumentation
        ) {
          const v = version();
          if (isServed(v)) return serveJsonRpc(env, call, v);
        }
        return dispatch(call.toRequest(), found.target, found.kind);
      } catch (e) {
        return Promise.reject(e);
      }
    },
    fetch(request) {
      try {
        const found = targetOf(request);
        if (found) return dispatch(request, found.target, found.kind);
        const path = new URL(request.url).pathname;
        return Promise.resolve(
          restErrorResponse(
            new MethodNotFoundError(`No A2A route matches ${request.method} ${path}`),
            config.wwwAuthenticate,
          ),
        );
      } catch (e) {
        return Promise.reject(e);
      }
    },
    close(closeOptions) {
      closing ??= (async () => {
        try {
          await config.handler.close(closeOptions);
        } finally {
          shutdown.abort(shuttingDown());
        }
      })();
      return closing;
    },
  };
}

/** Characters a path may hold for {@link pathOf} to take it as it is. */
const PLAIN_PATH = /^\/[A-Za-z0-9\-_~!$&'()*+,;=:@/]*$/;

/**
 * The pathname of an absolute request URL, as `new URL(url).pathname` gives it. A plain path
 * (no dot or percent sign, so no dot segments or escapes to normalize) is cut out of the string;
 * anything else is parsed.
 */
export function pathOf(url: string): string {
  const authority = url.indexOf("//");
  if (authority >= 0) {
    const start = url.indexOf("/", authority + 2);
    const query = url.indexOf("?", authority + 2);
    const fragment = url.indexOf("#", authority + 2);
    // A query or fragment before the first slash means the URL has no path of its own.
    if (start >= 0 && (query < 0 || query > start) && (fragment < 0 || fragment > start)) {
      let end = url.length;
      if (query >= 0) end = query;
      if (fragment >= 0 && fragment < end) end = fragment;
      const path = url.slice(start, end);
      if (PLAIN_PATH.test(path)) return path;
    }
  }
  return new URL(url).pathname;
}

function route(config: ResolvedOptions, path: string, method: string): Target | undefined {
  if (config.cardPath !== undefined && path === config.cardPath) return { kind: "card" };
  if (config.jsonRpcPath !== undefined && path === config.jsonRpcPath) return { kind: "jsonrpc" };
  const base = config.restPath;
  if (base === undefined) return undefined;
  let rest: string;
  if (base === "/") rest = path.slice(1);
  else if (path.startsWith(`${base}/`)) rest = path.slice(base.length + 1);
  else return undefined;
  try {
    const match = matchRestRoute(rest.split("/"), method);
    return match ? { kind: "rest", match } : undefined;
  } catch (error) {
    return { kind: "rest-error", error };
  }
}

function asResponse(answer: Response | A2ATextAnswer | A2AEventStreamAnswer): Response {
  return answer instanceof Response ? answer : answerResponse(answer);
}
