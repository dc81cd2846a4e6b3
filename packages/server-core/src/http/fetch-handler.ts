import { type AgentCard, MethodNotFoundError } from "@a2akit/types";
import { anySignal } from "../handler/signals.js";
import { noopInstrumentation } from "../telemetry/instrumentation.js";
import { createV03Adapter, isV03RestPath } from "../v03/adapter.js";
import { serializeV1Card } from "../v03/card.js";
import { V03_VERSION } from "../v03/options.js";
import type { BindingEnv } from "./binding.js";
import { CardServer, serializeCard } from "./card.js";
import { asA2AError, methodNotAllowed, shuttingDown } from "./errors.js";
import { serveJsonRpc } from "./jsonrpc.js";
import { beginCall, noteError } from "./observe.js";
import {
  type A2AFetchHandlerOptions,
  type A2ARequestKind,
  type ResolvedOptions,
  resolveOptions,
} from "./options.js";
import {
  JSON_RPC_HEADERS,
  jsonResponse,
  jsonRpcErrorBody,
  restErrorResponse,
} from "./responses.js";
import { serveRest } from "./rest.js";
import { matchRestRoute, type RestMatch } from "./rest-routes.js";
import { isServed, requestedVersion, versionNotSupported } from "./version.js";

/** A2A over HTTP as a web-standard fetch function. */
export interface A2AFetchHandler {
  /** Answers any request: A2A paths as the protocol says, anything else with a 404 error. */
  fetch(request: Request): Promise<Response>;
  /** Answers A2A paths; resolves `undefined` for any other path, so a router can go on. */
  handle(request: Request): Promise<Response | undefined>;
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
    signalFor: (request) => anySignal([request.signal, shutdown.signal]),
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

  async function handle(request: Request): Promise<Response | undefined> {
    const url = new URL(request.url);
    const target =
      route(config, url.pathname, request.method) ??
      (v03?.legacyCardPath === url.pathname ? ({ kind: "card" } as const) : undefined) ??
      // Paths only v0.3 has (`{restPath}/v1/card`) exist for v0.3 requests alone; with v0.3
      // off they answer VersionNotSupported, like every other v0.3 call.
      (isV03RestPath(config.restPath, url.pathname) &&
      requestedVersion(request, url) === V03_VERSION
        ? ({ kind: "rest-error", error: versionNotSupported(V03_VERSION) } as const)
        : undefined);
    if (!target) return undefined;
    const kind: A2ARequestKind =
      target.kind === "card" ? "card" : target.kind === "jsonrpc" ? "jsonrpc" : "rest";
    if (kind === "card" || config.instrumentation === noopInstrumentation) {
      return answer(request, url, target, kind);
    }
    return observed(request, url, target, kind);
  }

  /** Answers one call inside its operation span, and ends the span unless a stream will. */
  async function observed(
    request: Request,
    url: URL,
    target: Target,
    kind: A2ARequestKind,
  ): Promise<Response | undefined> {
    const observer = config.instrumentation.operation({
      binding: kind === "jsonrpc" ? "JSONRPC" : "HTTP+JSON",
      protocolVersion: requestedVersion(request, url),
      headers: request.headers,
      ...(target.kind === "rest" && target.match.kind !== "wrong-method"
        ? { method: target.match.route.method }
        : {}),
    });
    const call = beginCall(request, observer);
    const response = await observer.run(() => answer(request, url, target, kind));
    if (!call.streaming) {
      const status = response?.status ?? 404;
      observer.end({
        outcome: call.error || status >= 400 ? "error" : "ok",
        httpStatus: status,
        ...(call.error ? { error: call.error } : {}),
      });
    }
    return response;
  }

  async function answer(
    request: Request,
    url: URL,
    target: Target,
    kind: A2ARequestKind,
  ): Promise<Response | undefined> {
    if (closing) return errorFor(kind, shuttingDown(), request);
    try {
      const version = requestedVersion(request, url);
      if (!isServed(version) && config.legacy) {
        const answer = await config.legacy(request, { version, kind });
        if (answer) return answer;
      }
      if (version === V03_VERSION && v03) {
        const answer = await v03.serve(request, url, kind);
        if (answer) return answer;
      }
      switch (target.kind) {
        case "card":
          if (request.method !== "GET" && request.method !== "HEAD") {
            return errorFor(kind, methodNotAllowed(request.method, ["GET", "HEAD"]), request);
          }
          return await cardServer.respond(request);
        case "jsonrpc":
          return await serveJsonRpc(env, request, version);
        case "rest-error":
          return errorFor(kind, target.error, request);
        case "rest":
          if (target.match.kind === "wrong-method") {
            return errorFor(kind, methodNotAllowed(request.method, target.match.allow), request);
          }
          return await serveRest(env, request, url, target.match.route, version);
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
    );
  }

  return {
    handle,
    async fetch(request) {
      const answer = await handle(request);
      if (answer) return answer;
      const path = new URL(request.url).pathname;
      return restErrorResponse(
        new MethodNotFoundError(`No A2A route matches ${request.method} ${path}`),
        config.wwwAuthenticate,
      );
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
