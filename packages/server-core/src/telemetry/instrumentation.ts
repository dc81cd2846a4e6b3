import type { A2AError } from "@a2akit/types";

/**
 * Hooks the server calls at the points worth observing. The default does nothing and imports
 * nothing; `@a2akit/server-core/otel` builds one from an OpenTelemetry tracer and meter.
 * Every hook must be cheap and must not throw.
 */
export interface Instrumentation {
  /** One A2A call over HTTP begins (the agent card is not an operation). */
  operation(start: OperationStart): OperationObserver;
  /** A store method is called; the returned function is called once it settled. */
  storeCall(call: StoreCall): (error?: unknown) => void;
  /** One push POST is attempted. */
  pushAttempt(attempt: PushAttempt): PushAttemptObserver;
  /** An execution of the agent ended: the state it left the task in, the events it wrote. */
  executionEnded(info: ExecutionEnded): void;
  /** A call was refused by a rate or concurrency limit. */
  limitExceeded(info: { readonly limit: LimitKind; readonly method: string }): void;
}

/** Which limit refused a call. */
export type LimitKind = "requests" | "streams" | "tasks";

/** What is known when a call arrives. */
export interface OperationStart {
  /** `"JSONRPC"` or `"HTTP+JSON"`. */
  readonly binding: string;
  /** The protocol version the call asked for (`"1.0"`, `"0.3"`). */
  readonly protocolVersion: string;
  /** The A2A method, when the route already names it (HTTP+JSON). */
  readonly method?: string;
  /** The request headers: W3C trace context (`traceparent`) is read from here. */
  readonly headers: Headers;
}

/** What a call learns as it goes; every field is optional and may be given more than once. */
export interface OperationDetails {
  readonly method?: string;
  readonly taskId?: string;
  readonly contextId?: string;
  readonly tenant?: string;
  readonly streaming?: boolean;
}

/**
 * How a call ended. `client_closed`: the client went away mid-stream; `idle_timeout`: the stream
 * saw no event for the configured time; `shutdown`: the server closed it.
 */
export type OperationOutcome = "ok" | "error" | "client_closed" | "idle_timeout" | "shutdown";

/** The end of a call (for streams: of the stream). */
export interface OperationEnd {
  readonly outcome: OperationOutcome;
  readonly error?: A2AError;
  /** The HTTP status of the response (200 for a stream, even one ending with an error event). */
  readonly httpStatus?: number;
}

/** Follows one call. */
export interface OperationObserver {
  /** Runs `fn` inside the call's context, so store and outgoing spans become its children. */
  run<T>(fn: () => T): T;
  annotate(details: OperationDetails): void;
  /** The call's response is a stream that is now open. */
  streamOpened(): void;
  /** One stream event was sent. */
  streamEvent(): void;
  /** The call (or its stream) ended; later calls are ignored. */
  end(result: OperationEnd): void;
}

/** A call of a store method. */
export interface StoreCall {
  readonly store: "task" | "queue" | "push_config";
  readonly operation: string;
}

/** One push POST. */
export interface PushAttempt {
  readonly taskId: string;
  readonly configId: string;
  /** The event's sequence number in the task's log. */
  readonly seq: number;
  /** 1 for the first attempt. */
  readonly attempt: number;
}

/** What came of a push POST: sent, scheduled again, given up on, or stopped by shutdown. */
export type PushOutcome = "delivered" | "retried" | "dead_lettered" | "stopped";

/** Follows one push POST. */
export interface PushAttemptObserver {
  /** Runs `fn` inside the attempt's context (the outgoing POST nests under it). */
  run<T>(fn: () => T): T;
  end(outcome: PushOutcome, error?: string): void;
}

/** The end of one execution of the agent. */
export interface ExecutionEnded {
  /** The task's state when the execution ended (`TASK_STATE_COMPLETED`, ...). */
  readonly state: string;
  /** Events the execution wrote to the task's log. */
  readonly events: number;
  readonly tenant: string;
}

const noopOperation: OperationObserver = Object.freeze({
  run: <T>(fn: () => T): T => fn(),
  annotate() {},
  streamOpened() {},
  streamEvent() {},
  end() {},
});

const noopPush: PushAttemptObserver = Object.freeze({
  run: <T>(fn: () => T): T => fn(),
  end() {},
});

const noopSettle = () => {};

/** Instrumentation that does nothing: the default. */
export const noopInstrumentation: Instrumentation = Object.freeze({
  operation: () => noopOperation,
  storeCall: () => noopSettle,
  pushAttempt: () => noopPush,
  executionEnded() {},
  limitExceeded() {},
});
