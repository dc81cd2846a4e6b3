import type {
  AgentCard,
  CancelTaskRequest,
  DeleteTaskPushNotificationConfigRequest,
  GetExtendedAgentCardRequest,
  GetTaskPushNotificationConfigRequest,
  GetTaskRequest,
  ListTaskPushNotificationConfigsRequest,
  ListTaskPushNotificationConfigsResponse,
  ListTasksRequest,
  ListTasksResponse,
  SendMessageRequest,
  SendMessageResponse,
  StreamResponse,
  SubscribeToTaskRequest,
  Task,
  TaskPushNotificationConfig,
} from "@a2akit/types";
import type { Limiter } from "../limits/limiter.js";
import type { Instrumentation } from "../telemetry/instrumentation.js";

/** Who is calling. `id` scopes every store key (the task owner). */
export interface User {
  /** Stable identifier of the principal; `""` for anonymous callers. */
  readonly id: string;
  /** False for anonymous callers. */
  readonly authenticated: boolean;
  /** Display name, if known. */
  readonly name?: string;
  /** Granted scopes (OAuth 2.0 / JWT `scope`), if any. */
  readonly scopes?: readonly string[];
  /** Anything else the authenticator wants the executor to see (claims, API key label...). */
  readonly claims?: Readonly<Record<string, unknown>>;
  /**
   * The tenant this principal belongs to (e.g. a token's tenant claim). When set, every call
   * runs in this tenant, and a request naming another tenant is refused with PermissionDenied.
   */
  readonly tenant?: string;
  /** Names of the card's security schemes this caller authenticated with. */
  readonly schemes?: readonly string[];
}

/** The anonymous user: what every call runs as when no authenticator is configured. */
export const ANONYMOUS: User = Object.freeze({ id: "", authenticated: false });

/**
 * Everything about one call that is not in the request message: the caller, the tenant, the
 * negotiated protocol version and extensions. Bindings build it; the handler reads it.
 */
export interface CallContext {
  readonly user: User;
  /** The tenant the call is scoped to (`""` when the agent is not multi-tenant). */
  readonly tenant: string;
  /** The protocol version the call is served under (`"1.0"`, or `"0.3"` through the adapter). */
  readonly protocolVersion: string;
  /** Extension URIs the client asked for (A2A-Extensions), trimmed and de-duplicated. */
  readonly requestedExtensions: readonly string[];
  /**
   * Extension URIs activated for this call: requested and supported by the agent. The
   * executor may add to it; bindings echo it in the `A2A-Extensions` response header.
   */
  readonly activatedExtensions: Set<string>;
  /** Fires when the client goes away (disconnect) or the server shuts down. */
  readonly signal?: AbortSignal;
  /** The HTTP request headers, for executors that need more (read-only by convention). */
  readonly headers?: Headers;
}

/**
 * The protocol's semantics, independent of any binding. JSON-RPC, HTTP+JSON/REST and the v0.3
 * adapter all translate to these 11 operations plus the public card.
 *
 * Every method takes a parsed, validated request (the bindings parse at the edge) and throws
 * typed `A2AError`s from `@a2akit/types`.
 *
 * The two streaming methods return a promise that rejects for errors found before the first
 * event (bad params, unknown or terminal task, streaming not supported), so bindings can answer
 * those as plain errors, and resolves to the stream once it is set up. An error thrown while
 * iterating the stream ends it; bindings send it as a final SSE `error` event. Breaking out of
 * the iteration (client disconnect) detaches the reader and never cancels the task.
 */
export interface A2ARequestHandler {
  /** Limits the handler was created with; the fetch handler enforces the per-request ones. */
  readonly limiter?: Limiter;
  /** Instrumentation the handler was created with; the fetch handler reports calls to it too. */
  readonly instrumentation?: Instrumentation;
  /** The public agent card. */
  getAgentCard(): AgentCard;
  sendMessage(request: SendMessageRequest, ctx: CallContext): Promise<SendMessageResponse>;
  sendStreamingMessage(
    request: SendMessageRequest,
    ctx: CallContext,
  ): Promise<AsyncIterable<StreamResponse>>;
  getTask(request: GetTaskRequest, ctx: CallContext): Promise<Task>;
  listTasks(request: ListTasksRequest, ctx: CallContext): Promise<ListTasksResponse>;
  cancelTask(request: CancelTaskRequest, ctx: CallContext): Promise<Task>;
  subscribeToTask(
    request: SubscribeToTaskRequest,
    ctx: CallContext,
  ): Promise<AsyncIterable<StreamResponse>>;
  createTaskPushNotificationConfig(
    request: TaskPushNotificationConfig,
    ctx: CallContext,
  ): Promise<TaskPushNotificationConfig>;
  getTaskPushNotificationConfig(
    request: GetTaskPushNotificationConfigRequest,
    ctx: CallContext,
  ): Promise<TaskPushNotificationConfig>;
  listTaskPushNotificationConfigs(
    request: ListTaskPushNotificationConfigsRequest,
    ctx: CallContext,
  ): Promise<ListTaskPushNotificationConfigsResponse>;
  deleteTaskPushNotificationConfig(
    request: DeleteTaskPushNotificationConfigRequest,
    ctx: CallContext,
  ): Promise<void>;
  getExtendedAgentCard(request: GetExtendedAgentCardRequest, ctx: CallContext): Promise<AgentCard>;
  /**
   * Graceful shutdown: stop accepting new work (further calls fail with an error), signal
   * running executors through their AbortSignal, wait for them up to `timeoutMs`, end open
   * streams cleanly.
   */
  close(options?: { timeoutMs?: number }): Promise<void>;
}

/** A structured logger. Library code logs only through this; the default discards. */
export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/** A logger that drops everything: the default, since library code never writes to the console. */
export const silentLogger: Logger = Object.freeze({
  debug() {},
  info() {},
  warn() {},
  error() {},
});
