import { AGENT_CARD_PATH, type AgentCard, PROTOCOL_VERSION } from "@a2akit/types";
import type { A2ARequestHandler, Logger, User } from "../handler/types.js";
import { silentLogger } from "../handler/types.js";
import type { Limiter } from "../limits/limiter.js";
import { type Instrumentation, noopInstrumentation } from "../telemetry/instrumentation.js";
import { type ResolvedV03Options, resolveV03Options, type V03Options } from "../v03/options.js";

/** Which part of the HTTP surface a request is for. */
export type A2ARequestKind = "card" | "jsonrpc" | "rest";

/**
 * Serves requests for protocol versions this server does not speak itself (such as v0.3).
 * Return a Response to answer the request, or `undefined` to let the server answer it (the
 * v1.0 card for card requests, VersionNotSupported for everything else). It is called before
 * the body is read, so it may consume the request.
 */
export type LegacyVersionHandler = (
  request: Request,
  info: { readonly version: string; readonly kind: A2ARequestKind },
) => Promise<Response | undefined>;

/** Options of {@link createA2AFetchHandler}. */
export interface A2AFetchHandlerOptions {
  /** The protocol implementation (see `createRequestHandler`). */
  readonly handler: A2ARequestHandler;
  /**
   * Pathname of the JSON-RPC endpoint. Defaults to the path of the card's first JSON-RPC v1.0
   * interface; `false`, or a card without one, turns JSON-RPC off.
   */
  readonly jsonRpcPath?: string | false;
  /**
   * Pathname the HTTP+JSON routes hang off (`{restPath}/message:send`, ...). Defaults to the path
   * of the card's first HTTP+JSON v1.0 interface; `false`, or a card without one, turns REST off.
   */
  readonly restPath?: string | false;
  /** Where the public card is served; default `/.well-known/agent-card.json`; `false` to not. */
  readonly cardPath?: string | false;
  /** `Cache-Control: max-age` of the card, in seconds (default 300). */
  readonly cardMaxAgeSeconds?: number;
  /** Largest accepted request body in bytes (default 4 MiB). */
  readonly maxBodyBytes?: number;
  /** Deepest accepted JSON nesting of a request body (default 64). */
  readonly maxJsonDepth?: number;
  /** Interval of `: ping` comments on idle SSE streams, in ms (default 15000; 0 = off). */
  readonly keepAliveMs?: number;
  /**
   * Who is calling. Throw `UnauthenticatedError` (401) or `PermissionDeniedError` (403) to
   * refuse the call. Default: every call runs as the anonymous user. Not called for the
   * public card.
   */
  readonly authenticate?: (request: Request) => User | Promise<User>;
  /** The `WWW-Authenticate` value sent with 401 answers (default `Bearer`). */
  readonly wwwAuthenticate?: string;
  /**
   * Serve A2A v0.3 clients on the same endpoints (default `true`): requests without
   * `A2A-Version` (or with `0.3`) are translated to v1.0 and back. `false` answers them with
   * VersionNotSupported.
   */
  readonly v03?: boolean | V03Options;
  /**
   * Serves other protocol versions. Called first for every request not asking for 1.0; when it
   * resolves `undefined`, v0.3 requests go to the built-in v0.3 support.
   */
  readonly legacy?: LegacyVersionHandler;
  /** Where problems are reported; default silent. */
  readonly logger?: Logger;
  /**
   * End a stream that sent no event for this many ms (default 0: never). The stream closes
   * cleanly; the client may resubscribe. Keep-alive pings are not events and do not reset it.
   */
  readonly streamIdleTimeoutMs?: number;
  /**
   * Request-rate and stream limits (see `createLimiter`); default the handler's `limiter`.
   * Refused calls get 429 with `Retry-After` (JSON-RPC error -32092, also with HTTP 429).
   */
  readonly limiter?: Limiter;
  /** Traces and metrics of each call; default the handler's `instrumentation`. */
  readonly instrumentation?: Instrumentation;
}

/** Options with defaults applied and paths resolved. */
export interface ResolvedOptions {
  readonly handler: A2ARequestHandler;
  readonly jsonRpcPath: string | undefined;
  readonly restPath: string | undefined;
  readonly cardPath: string | undefined;
  readonly cardMaxAgeSeconds: number;
  readonly maxBodyBytes: number;
  readonly maxJsonDepth: number;
  readonly keepAliveMs: number;
  readonly authenticate: ((request: Request) => User | Promise<User>) | undefined;
  readonly wwwAuthenticate: string;
  readonly legacy: LegacyVersionHandler | undefined;
  readonly v03: ResolvedV03Options | undefined;
  readonly logger: Logger;
  readonly streamIdleTimeoutMs: number;
  readonly limiter: Limiter | undefined;
  readonly instrumentation: Instrumentation;
}

/** Applies defaults and derives the binding paths from the card where none are given. */
export function resolveOptions(options: A2AFetchHandlerOptions, card: AgentCard): ResolvedOptions {
  return {
    handler: options.handler,
    jsonRpcPath: pathOption(options.jsonRpcPath, card, "JSONRPC", "jsonRpcPath"),
    restPath: pathOption(options.restPath, card, "HTTP+JSON", "restPath"),
    cardPath:
      options.cardPath === false ? undefined : normalizePath(options.cardPath ?? AGENT_CARD_PATH),
    cardMaxAgeSeconds: nonNegative(options.cardMaxAgeSeconds, 300, "cardMaxAgeSeconds"),
    maxBodyBytes: positive(options.maxBodyBytes, 4 * 1024 * 1024, "maxBodyBytes"),
    maxJsonDepth: positive(options.maxJsonDepth, 64, "maxJsonDepth"),
    keepAliveMs: delayMs(options.keepAliveMs, 15_000, "keepAliveMs"),
    authenticate: options.authenticate,
    wwwAuthenticate: options.wwwAuthenticate ?? "Bearer",
    legacy: options.legacy,
    v03: resolveV03Options(options.v03),
    logger: options.logger ?? silentLogger,
    streamIdleTimeoutMs: delayMs(options.streamIdleTimeoutMs, 0, "streamIdleTimeoutMs"),
    limiter: options.limiter ?? options.handler.limiter,
    instrumentation:
      options.instrumentation ?? options.handler.instrumentation ?? noopInstrumentation,
  };
}

function pathOption(
  value: string | false | undefined,
  card: AgentCard,
  binding: string,
  name: string,
): string | undefined {
  if (value === false) return undefined;
  if (value !== undefined) return normalizePath(value);
  const iface = card.supportedInterfaces.find(
    (i) => i.protocolBinding === binding && i.protocolVersion === PROTOCOL_VERSION,
  );
  if (!iface) return undefined;
  try {
    return normalizePath(new URL(iface.url).pathname);
  } catch {
    throw new TypeError(
      `Cannot derive ${name} from the card: ${binding} interface url ${JSON.stringify(iface.url)} ` +
        `is not an absolute URL; fix the card or pass ${name}`,
    );
  }
}

/** `/a2a/` → `/a2a`; `` → `/`. */
function normalizePath(path: string): string {
  const withSlash = path.startsWith("/") ? path : `/${path}`;
  return withSlash.length > 1 ? withSlash.replace(/\/+$/, "") || "/" : withSlash;
}

function positive(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value <= 0) throw new RangeError(`${name} must be positive`);
  return value;
}

/** The longest delay a timer holds; a longer one fires at once on every runtime. */
const MAX_TIMER_MS = 2 ** 31 - 1;

function nonNegative(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value < 0) throw new RangeError(`${name} must not be negative`);
  return value;
}

/** A delay in ms: like {@link nonNegative}, and refused past what a timer can hold. */
function delayMs(value: number | undefined, fallback: number, name: string): number {
  const ms = nonNegative(value, fallback, name);
  if (ms > MAX_TIMER_MS) {
    throw new RangeError(`${name} must be at most ${MAX_TIMER_MS} ms (about 24.8 days)`);
  }
  return ms;
}
