/**
 * @a2akit/cli: the `a2a` command-line client for any Agent2Agent (A2A) agent. The executable
 * is `a2a`; {@link run} is the same program as a function, for embedding and tests.
 */

export type { ParsedArgs } from "./args.js";
export { parseCommandLine } from "./args.js";
export type { ReportedError } from "./exit.js";
export { classify, EXIT, UsageError } from "./exit.js";
export type { CliIo } from "./io.js";
export { processIo } from "./io.js";
export { HELP, run, VERSION } from "./run.js";
