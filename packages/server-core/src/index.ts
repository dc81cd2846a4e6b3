/**
 * @a2akit/server-core: Runtime-agnostic core for building Agent2Agent (A2A) protocol v1.0 servers.
 */

// engine
export type {
  AgentExecutor,
  ArtifactInput,
  CancelContext,
  MessageInput,
  RequestContext,
  TaskUpdater,
} from "./executor/types.js";
export { defineAgent, TaskClosedError } from "./executor/types.js";
export type {
  ExtendedAgentCardSource,
  RequestHandlerLimits,
  RequestHandlerOptions,
} from "./handler/options.js";
export { DEFAULT_LIMITS } from "./handler/options.js";
export { createRequestHandler } from "./handler/request-handler.js";
export type { A2ARequestHandler, CallContext, Logger, User } from "./handler/types.js";
export { ANONYMOUS, silentLogger } from "./handler/types.js";
export { stringifyOnce } from "./json-text.js";
export type { MemoryStores, MemoryStoresOptions } from "./stores/memory/index.js";
export { createMemoryStores } from "./stores/memory/index.js";
export { MemoryPushConfigStore } from "./stores/memory/push-config-store.js";
export type { MemoryQueueStoreOptions } from "./stores/memory/queue-store.js";
export { MemoryQueueStore } from "./stores/memory/queue-store.js";
export type { MemoryTaskStoreOptions, RetentionOptions } from "./stores/memory/task-store.js";
export { MemoryTaskStore } from "./stores/memory/task-store.js";
export type {
  PushConfigPage,
  PushConfigStore,
  StoredPushConfig,
} from "./stores/push-config-store.js";
export type {
  CancelListener,
  QueueEntry,
  QueueReadOptions,
  QueueStore,
} from "./stores/queue-store.js";
export { QueueGapError } from "./stores/queue-store.js";
export type { TaskScope } from "./stores/scope.js";
export type {
  StoredTask,
  TaskCommitter,
  TaskCursor,
  TaskListPage,
  TaskListQuery,
  TaskStore,
} from "./stores/task-store.js";
export { ConflictError } from "./stores/task-store.js";
// end engine

// http
export { checkDeclaredLength, decodeBody } from "./http/body.js";
export type {
  A2AEventSink,
  A2AEventStreamAnswer,
  A2AHttpCall,
  A2ATextAnswer,
} from "./http/call.js";
export { webCall } from "./http/call.js";
export { payloadTooLarge } from "./http/errors.js";
export type { A2AFetchHandler } from "./http/fetch-handler.js";
export { createA2AFetchHandler } from "./http/fetch-handler.js";
export type {
  A2AFetchHandlerOptions,
  A2ARequestKind,
  LegacyVersionHandler,
} from "./http/options.js";
// end http

// v0.3
export { withV03Interfaces } from "./v03/interfaces.js";
export type { V03Options } from "./v03/options.js";
// end v0.3

// push
export type {
  PushConfigStats,
  PushDeliveryOptions,
  PushEventInput,
} from "./push/deliveries.js";
export { createPushDeliveries, PushDeliveries, pushQueueKey } from "./push/deliveries.js";
export { forbiddenReason, parseIp } from "./push/ip.js";
export type { MemoryPushOutboxOptions } from "./push/memory-outbox.js";
export { MemoryPushOutbox } from "./push/memory-outbox.js";
export type {
  PushDeadLetter,
  PushEnqueueResult,
  PushJob,
  PushOutbox,
} from "./push/outbox.js";
export type { PushRequest, PushSigner } from "./push/request.js";
export { buildPushRequest, NOTIFICATION_TOKEN_HEADER } from "./push/request.js";
export type { PushRetryOptions, StatusVerdict } from "./push/retry.js";
export { exponentialBackoff, parseRetryAfter, statusVerdict } from "./push/retry.js";
export type { CheckPushUrlOptions, PushUrlPolicy, ResolveHost } from "./push/url-guard.js";
export {
  checkPushUrl,
  checkResolvedAddresses,
  PushUrlRefusedError,
  PushUrlResolutionError,
  skipsAddressChecks,
} from "./push/url-guard.js";
// end push

// limits
export type { LimitCall, Limiter, LimiterOptions } from "./limits/limiter.js";
export { createLimiter, limitKeys } from "./limits/limiter.js";
export type {
  MemoryTokenBucketStoreOptions,
  TokenBucketResult,
  TokenBucketRule,
  TokenBucketStore,
} from "./limits/token-bucket.js";
export { MemoryTokenBucketStore } from "./limits/token-bucket.js";
// end limits

// telemetry
export type {
  ExecutionEnded,
  Instrumentation,
  LimitKind,
  OperationDetails,
  OperationEnd,
  OperationObserver,
  OperationOutcome,
  OperationStart,
  PushAttempt,
  PushAttemptObserver,
  PushOutcome,
  StoreCall,
} from "./telemetry/instrumentation.js";
export { noopInstrumentation } from "./telemetry/instrumentation.js";
// end telemetry
