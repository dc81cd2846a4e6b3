import { InvalidAgentResponseError, type Task, type ValidationIssue } from "@a2akit/types";

/** Stable identifiers for errors raised on the client side, not by the agent. */
export type ClientErrorCode =
  | "TIMEOUT"
  | "NETWORK"
  | "STREAM_INTERRUPTED"
  | "NO_COMPATIBLE_INTERFACE"
  | "CARD_SIGNATURE_INVALID"
  | "AUTH_FAILED";

/**
 * Errors that happen on the client's side of the wire (a timeout, a dropped connection, no usable
 * interface). Errors the agent sent, or garbage the agent produced, are `A2AError`s instead.
 */
export class A2AClientError extends Error {
  /** Stable identifier to switch on. */
  readonly code: ClientErrorCode;

  constructor(code: ClientErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
  }
}

/** The per-call timeout elapsed before the agent answered. */
export class RequestTimeoutError extends A2AClientError {
  /** The timeout that elapsed, in milliseconds. */
  readonly timeoutMs: number;
  constructor(what: string, timeoutMs: number) {
    super("TIMEOUT", `${what} timed out after ${timeoutMs} ms`);
    this.timeoutMs = timeoutMs;
  }
}

/** The agent could not be reached (DNS, refused connection, reset before any answer). */
export class NetworkError extends A2AClientError {
  constructor(what: string, cause: unknown) {
    super("NETWORK", `${what} failed: ${describeCause(cause)}`, { cause });
  }
}

/**
 * A stream was cut before its task reached a terminal or interrupted state and could not be
 * resumed. `lastTask` is the client's view of the task when it gave up, if a task was known.
 */
export class StreamInterruptedError extends A2AClientError {
  /** The task the stream was about, if the agent had named one. */
  readonly taskId: string | undefined;
  /** The task as the delivered events left it: what a caller knew when the stream gave up. */
  readonly lastTask: Task | undefined;
  constructor(message: string, taskId: string | undefined, cause?: unknown, lastTask?: Task) {
    super("STREAM_INTERRUPTED", message, { cause });
    this.taskId = taskId;
    this.lastTask = lastTask;
  }
}

/** None of the card's interfaces speaks a binding and version this client can use. */
export class NoCompatibleInterfaceError extends A2AClientError {
  constructor(message: string) {
    super("NO_COMPATIBLE_INTERFACE", message);
  }
}

/** A signed Agent Card did not verify. */
export class AgentCardSignatureError extends A2AClientError {
  constructor(message: string, cause?: unknown) {
    super("CARD_SIGNATURE_INVALID", message, { cause });
  }
}

/** Credentials for the agent's security scheme could not be obtained (e.g. token endpoint). */
export class AuthenticationFailedError extends A2AClientError {
  constructor(message: string, cause?: unknown) {
    super("AUTH_FAILED", message, { cause });
  }
}

/** The agent card failed validation; `issues` names every bad field. */
export class InvalidAgentCardError extends InvalidAgentResponseError {
  readonly issues: readonly ValidationIssue[];
  constructor(source: string, issues: readonly ValidationIssue[]) {
    super(`Invalid agent card from ${source}: ${summarize(issues)}`);
    this.issues = issues;
  }
}

/** One server-sent event exceeded the size cap; the stream was closed. */
export class SseEventTooLargeError extends InvalidAgentResponseError {
  readonly maxBytes: number;
  constructor(maxBytes: number) {
    super(`A server-sent event exceeded the ${maxBytes}-byte limit; the stream was closed`);
    this.maxBytes = maxBytes;
  }
}

/** An answer's body passed `maxResponseBytes`; reading stopped there and the body was dropped. */
export class ResponseTooLargeError extends InvalidAgentResponseError {
  readonly maxBytes: number;
  constructor(what: string, maxBytes: number) {
    super(`${what}: the answer is larger than the ${maxBytes}-byte limit (maxResponseBytes)`);
    this.maxBytes = maxBytes;
  }
}

/** A one-line summary of validation issues (the first five). */
export function summarize(issues: readonly ValidationIssue[]): string {
  const head = issues
    .slice(0, 5)
    .map((i) => `${i.path}: ${i.message}`)
    .join("; ");
  return issues.length > 5 ? `${head} (and ${issues.length - 5} more)` : head;
}

function describeCause(cause: unknown): string {
  if (cause instanceof Error) {
    const inner = (cause as { cause?: unknown }).cause;
    const detail = inner instanceof Error ? ` (${inner.message})` : "";
    return `${cause.message}${detail}`;
  }
  return String(cause);
}
