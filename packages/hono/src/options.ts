import type { A2AFetchHandlerOptions } from "@a2akit/server-core";
import type { cors } from "hono/cors";

/** Options of `hono/cors`. */
export type CorsOptions = NonNullable<Parameters<typeof cors>[0]>;

/** Options of {@link createA2AApp} and {@link a2a}: the server-core options, plus a few Hono ones. */
export interface A2AHonoOptions extends A2AFetchHandlerOptions {
  /**
   * Serve JSON-RPC at this path and the REST routes below it (`{basePath}/message:send`),
   * instead of the paths the card's interfaces name. `jsonRpcPath`/`restPath` still win.
   */
  readonly basePath?: string;
  /** Largest accepted request body in bytes (same as `maxBodyBytes`; default 4 MiB). */
  readonly bodyLimit?: number;
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
  const { basePath, bodyLimit, ...core } = options;
  return {
    ...core,
    jsonRpcPath: core.jsonRpcPath ?? basePath,
    restPath: core.restPath ?? basePath,
    maxBodyBytes: core.maxBodyBytes ?? bodyLimit,
  };
}
