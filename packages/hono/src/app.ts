import { Hono } from "hono";
import { cors } from "hono/cors";
import { a2a } from "./middleware.js";
import type { A2AAppOptions, CorsOptions } from "./options.js";

/** A Hono app serving one agent, with its graceful shutdown. */
export type A2AApp = Hono & {
  /** Graceful shutdown: new calls get 503, running work finishes, streams end. */
  close(options?: { timeoutMs?: number }): Promise<void>;
};

/**
 * What a browser client needs: send the A2A headers, read the activated extensions. v0.3
 * clients name extensions in `X-A2A-Extensions`, so that header is allowed and exposed too.
 */
export const DEFAULT_CORS: CorsOptions = {
  origin: "*",
  allowMethods: ["GET", "HEAD", "POST", "DELETE", "OPTIONS"],
  allowHeaders: [
    "A2A-Version",
    "A2A-Extensions",
    "X-A2A-Extensions",
    "Authorization",
    "Content-Type",
    "If-None-Match",
  ],
  exposeHeaders: ["A2A-Extensions", "X-A2A-Extensions", "ETag", "WWW-Authenticate", "Retry-After"],
  maxAge: 600,
};

/**
 * A ready Hono app: the card at `/.well-known/agent-card.json`, JSON-RPC and REST where the
 * card's interfaces (or `basePath`) say, the push JWKS at `/.well-known/jwks.json` when
 * `pushKeys` is given, and an A2A 404 error for anything else. Export it as
 * the default of a Workers/Bun/Deno module or pass `app.fetch` to `@hono/node-server`.
 */
export function createA2AApp(options: A2AAppOptions): A2AApp {
  const { cors: corsOption, ...rest } = options;
  const app = new Hono();
  if (corsOption) {
    app.use("*", cors(corsOption === true ? DEFAULT_CORS : { ...DEFAULT_CORS, ...corsOption }));
  }
  const middleware = a2a(rest);
  app.all("*", (c) => middleware.fetch(c.req.raw));
  return Object.assign(app, { close: middleware.close });
}
