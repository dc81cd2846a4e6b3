/**
 * @a2akit/server-core/node: the Node-only pieces of server-core, kept out of the main entry so
 * it stays on web standards.
 */
export type { NodePushOptions } from "./push-fetch.js";
export { createNodePushFetch, nodePushOptions } from "./push-fetch.js";
export { nodeResolveHost } from "./resolve-host.js";
