/**
 * @a2akit/node: the Node-only pieces of an a2akit server, kept out of @a2akit/server-core so that
 * package runs on any runtime with web standards (Workers, Deno, Bun, browsers).
 */
export type { A2ANodeHandler, NextFunction } from "./node-handler.js";
export { createA2ANodeHandler } from "./node-handler.js";
export type { NodePushOptions } from "./push-fetch.js";
export { createNodePushFetch, nodePushOptions } from "./push-fetch.js";
export { nodeResolveHost } from "./resolve-host.js";
