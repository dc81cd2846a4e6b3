/**
 * @a2akit/cli: the `a2a` command-line client for any Agent2Agent (A2A) agent. The executable
 * is `a2a`; {@link run} is the same program as a function, for embedding and tests.
 */

export { EXIT } from "./exit.js";
export type { CliIo } from "./io.js";
export { processIo } from "./io.js";
export { HELP, run, VERSION } from "./run.js";
