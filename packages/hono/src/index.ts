/**
 * @a2akit/hono: serve an Agent2Agent (A2A) v1.0 agent from a Hono app, on any runtime Hono
 * supports. All protocol work happens in @a2akit/server-core.
 */
export type { A2AApp } from "./app.js";
export { createA2AApp, DEFAULT_CORS } from "./app.js";
export type { A2AMiddleware } from "./middleware.js";
export { a2a } from "./middleware.js";
export type { A2AAppOptions, A2AHonoOptions, CorsOptions, JwksSource } from "./options.js";
export { DEFAULT_JWKS_PATH } from "./options.js";
