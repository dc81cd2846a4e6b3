import type { Logger } from "@a2akit/server-core";
import { type A2AFetchHandler, createA2AFetchHandler } from "@a2akit/server-core";
import type { MiddlewareHandler } from "hono";
import { type A2AHonoOptions, coreOptions, DEFAULT_JWKS_PATH, type JwksSource } from "./options.js";

/** A Hono middleware serving A2A, with the fetch handler behind it and its shutdown. */
export type A2AMiddleware = MiddlewareHandler & {
  /** The server-core fetch handler doing the work. */
  readonly fetchHandler: A2AFetchHandler;
  /**
   * Answers any request outside Hono routing: what the middleware serves (the JWKS included),
   * and an A2A 404 error for anything else.
   */
  fetch(request: Request): Promise<Response>;
  /** Graceful shutdown: new calls get 503, running work finishes, streams end. */
  close(options?: { timeoutMs?: number }): Promise<void>;
};

/**
 * Serves the agent card, JSON-RPC and REST (and the push JWKS, given `pushKeys`) from inside any
 * Hono app (`app.use(a2a({ handler }))`);
 * requests for other paths go on to the app's own routes. All protocol work happens in
 * server-core; this only hands it the raw Request.
 */
export function a2a(options: A2AHonoOptions): A2AMiddleware {
  const fetchHandler = createA2AFetchHandler(coreOptions(options));
  const { pushKeys } = options;
  const jwksPath = options.jwksPath ?? DEFAULT_JWKS_PATH;
  const handle = (request: Request): Promise<Response | undefined> => {
    if (pushKeys && new URL(request.url).pathname === jwksPath) {
      return serveJwks(pushKeys, request, options.logger);
    }
    return fetchHandler.handle(request);
  };
  const middleware: MiddlewareHandler = async (c, next) => {
    const response = await handle(c.req.raw);
    if (response) return response;
    await next();
  };
  return Object.assign(middleware, {
    fetchHandler,
    fetch: (request: Request) =>
      pushKeys && new URL(request.url).pathname === jwksPath
        ? serveJwks(pushKeys, request, options.logger)
        : fetchHandler.fetch(request),
    close: (closeOptions?: { timeoutMs?: number }) => fetchHandler.close(closeOptions),
  });
}

/**
 * The JWKS, or a 500 when its source fails (e.g. keys kept in a store that is down). Answering
 * here keeps the failure out of Hono's default error handler, which writes to the console.
 */
async function serveJwks(
  source: JwksSource,
  request: Request,
  logger: Logger | undefined,
): Promise<Response> {
  try {
    return await source.jwksResponse(request);
  } catch (error) {
    logger?.error("could not serve the JWKS", { error, path: new URL(request.url).pathname });
    return new Response("The JWK Set is unavailable", {
      status: 500,
      headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" },
    });
  }
}
