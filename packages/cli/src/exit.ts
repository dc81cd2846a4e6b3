import { A2AClientError } from "@a2akit/client";
import { A2AError } from "@a2akit/types";

/** Exit codes, documented in the README; scripts may rely on them. */
export const EXIT = {
  /** The command did what was asked. */
  OK: 0,
  /** The agent answered with an A2A error (TaskNotFound, InvalidParams, Unauthenticated...). */
  REMOTE_ERROR: 1,
  /** The command line was wrong (unknown flag, missing argument, unreadable file, bad JSON). */
  USAGE: 2,
  /** The agent could not be reached or talked to (network, timeout, no usable interface). */
  CLIENT_ERROR: 3,
  /** The task ended FAILED, REJECTED or CANCELED. */
  TASK_UNSUCCESSFUL: 4,
  /** Interrupted by the user (Ctrl-C). */
  INTERRUPTED: 130,
} as const;

/** A mistake on the command line; printed with a hint to `--help`. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

/** An error as the CLI reports it: a stable code, a message, and the exit code it maps to. */
export interface ReportedError {
  code: string;
  message: string;
  exitCode: number;
  /** The JSON-RPC code, for A2A errors. */
  jsonRpcCode?: number;
}

/** Classifies any thrown value for printing and for the exit code. */
export function classify(error: unknown): ReportedError {
  if (error instanceof UsageError) {
    return { code: "USAGE", message: error.message, exitCode: EXIT.USAGE };
  }
  if (error instanceof A2AError) {
    return {
      code: error.code,
      message: error.message,
      exitCode: error.code === "INVALID_AGENT_RESPONSE" ? EXIT.CLIENT_ERROR : EXIT.REMOTE_ERROR,
      jsonRpcCode: error.jsonRpcCode,
    };
  }
  if (error instanceof A2AClientError) {
    return { code: error.code, message: error.message, exitCode: EXIT.CLIENT_ERROR };
  }
  if (error instanceof Error && error.name === "AbortError") {
    return { code: "INTERRUPTED", message: "Interrupted", exitCode: EXIT.INTERRUPTED };
  }
  return {
    code: "INTERNAL",
    message: error instanceof Error ? error.message : String(error),
    exitCode: EXIT.CLIENT_ERROR,
  };
}
