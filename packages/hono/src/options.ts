import type { A2AFetchHandlerOptions } from "@a2akit/server-core";
import type { cors } from "hono/cors";

/** Options of `hono/cors`. */
export type CorsOptions = NonNullable<Parameters<typeof cors>[0]>;

/**
 * Where a JWK Set comes from: `@a2akit/push-jwt`'s `PushKeyManager` and `PushSigner` both fit.
 * Any object answering `jwksResponse(request)` with a Fetch `Response` will do.
 */
export interface JwksSource {
  jwksResponse(request?: Request): Promise<Response>;
}

/** The path the JWKS is served at by default (next to the agent card). */
export const DEFAULT_JWKS_PATH = "/.well-known/jwks.json";

/** Options of {@link createA2AApp} and {@link a2a}: the server-core options, plus a few Hono ones. */
export interface A2AHonoOptions extends A2AFetchHandlerOptions {
  /**
   * Serve JSON-RPC at this path and the REST routes below it (`{basePath}/message:send`),
   * instead of the paths the card's interfaces name. `jsonRpcPath`/`restPath` still win.
   */
  readonly basePath?: string;
  /** Largest accepted request body in bytes (same as `maxBodyBytes`; default 4 MiB). */
  readonly bodyLimit?: number;
  /**
   * The keys push notifications are signed with (a `PushKeyManager` from `@a2akit/push-jwt`):
   * their public JWKS is served at `jwksPath`, so webhooks can verify the pushes. Link it from
   * the card with push-jwt's `pushJwtExtension({ jwksUrl, issuer })`.
   */
  readonly pushKeys?: JwksSource;
  /** Where `pushKeys` is served (default `/.well-known/jwks.json`). */
  readonly jwksPath?: string;
}

/** Options of {@link createA2AApp}. */
export interface A2AAppOptions extends A2AHonoOptions {
  /**
   * Answer CORS for browser clients: `true` for the defaults (any origin, the A2A headers
   * allowed and exposed), or `hono/cors` options to merge over them.
   */
  readonly cors?: boolean | CorsOptions;
}

/** The server-core options these Hono options stand for. */
export function coreOptions(options: A2AHonoOptions): A2AFetchHandlerOptions {
  const { basePath, bodyLimit, pushKeys: _keys, jwksPath: _path, ...core } = options;
  return {
    ...core,
    jsonRpcPath: core.jsonRpcPath ?? basePath,
    restPath: core.restPath ?? basePath,
    maxBodyBytes: core.maxBodyBytes ?? bodyLimit,
  };
}
