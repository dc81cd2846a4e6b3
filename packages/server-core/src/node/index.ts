/**
 * @a2akit/server-core/node: the Node-only pieces of server-core, kept out of the main entry so
 * it stays on web standards.
 */
export { nodeResolveHost } from "./resolve-host.js";
