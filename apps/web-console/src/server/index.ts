/**
 * @a2akit/web-console: a browser console for any A2A agent, and the Hono app that serves it.
 */
export type { WebConsoleOptions } from "./web-console.js";
export { webConsole } from "./web-console.js";
