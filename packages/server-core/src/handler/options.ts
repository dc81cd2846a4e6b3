import type { AgentCard } from "@a2akit/types";
import type { AgentExecutor } from "../executor/types.js";
import type { Limiter } from "../limits/limiter.js";
import { countOrZero, positiveInt } from "../option-checks.js";
import type { PushDeliveries } from "../push/deliveries.js";
import type { RetentionOptions } from "../stores/memory/task-store.js";
import type { PushConfigStore } from "../stores/push-config-store.js";
import type { QueueStore } from "../stores/queue-store.js";
import type { TaskStore } from "../stores/task-store.js";
import type { Instrumentation } from "../telemetry/instrumentation.js";
import type { CallContext, Logger, User } from "./types.js";

/** Bounds the handler enforces; each violation fails the request with a clear error. */
export interface RequestHandlerLimits {
  /** Parts in one incoming message (default 100). */
  maxPartsPerMessage: number;
  /** Messages kept in a task's history; older ones are dropped (default 1,000). */
  maxHistoryLength: number;
  /** Concurrent streams (SendStreamingMessage + SubscribeToTask) on one task (default 100). */
  maxStreamsPerTask: number;
  /** The largest ListTasks / ListTaskPushNotificationConfigs page (default 100). */
  maxPageSize: number;
  /** `referenceTaskIds` loaded for the executor; further ids are ignored (default 20). */
  maxReferencedTasks: number;
}

/** The extended agent card: fixed, or computed for the caller. */
export type ExtendedAgentCardSource =
  | AgentCard
  | ((user: User, ctx: CallContext) => AgentCard | Promise<AgentCard>);

/** Options of {@link createRequestHandler}. */
export interface RequestHandlerOptions {
  /** The public card; its capabilities gate streaming, push and the extended card. */
  agentCard: AgentCard;
  /** The agent: runs for each message (see `defineAgent`). */
  executor: AgentExecutor;
  /** Task snapshots; defaults to a bounded in-memory store (see `createMemoryStores`). */
  taskStore?: TaskStore;
  /** Per-task event logs and cancel signals; defaults to an in-memory store. */
  queueStore?: QueueStore;
  /** Push notification configs; defaults to an in-memory store. */
  pushConfigStore?: PushConfigStore;
  /** Retention of the default in-memory stores (ignored for stores you pass in). */
  retention?: RetentionOptions;
  /** Where executor errors and store problems are reported; default silent. */
  logger?: Logger;
  /** Served by GetExtendedAgentCard when `capabilities.extendedAgentCard` is set. */
  extendedAgentCard?: ExtendedAgentCardSource;
  /** Overrides of {@link DEFAULT_LIMITS}. */
  limits?: Partial<RequestHandlerLimits>;
  /**
   * Media types accepted in incoming parts that declare one: defaults to the card's
   * `defaultInputModes`; `false` accepts anything.
   */
  acceptedInputModes?: readonly string[] | false;
  /**
   * Sends push notifications when the card enables them. Default: `createPushDeliveries()` with
   * the in-memory outbox and the SSRF guard on. Create your own to add a signer, a resolver, a
   * durable outbox, or to read `stats()` and the dead letters. The handler's `close()` closes it.
   */
  pushDeliveries?: PushDeliveries;
  /** The clock for status timestamps and retention, in epoch ms (injectable for tests). */
  now?: () => number;
  /**
   * The secret page tokens are signed with. Set the same value on every instance that shares
   * stores (e.g. Redis), so a ListTasks page can be continued on any instance; by default each
   * handler uses a random key of its own.
   */
  pageTokenSecret?: string | Uint8Array;
  /**
   * Rate and concurrency limits (see `createLimiter`). The handler caps running tasks; the fetch
   * handler built on it applies the request rate and the stream cap.
   */
  limiter?: Limiter;
  /**
   * Traces and metrics (see `@a2akit/server-core/otel`). The handler reports store calls, task
   * outcomes and push deliveries; the fetch handler built on it reports each call.
   */
  instrumentation?: Instrumentation;
}

/** The limits used when none are given. */
export const DEFAULT_LIMITS: RequestHandlerLimits = Object.freeze({
  maxPartsPerMessage: 100,
  maxHistoryLength: 1000,
  maxStreamsPerTask: 100,
  maxPageSize: 100,
  maxReferencedTasks: 20,
});

/** The defaults overridden by `limits`; a value out of range is a `RangeError` naming it. */
export function resolveLimits(limits: Partial<RequestHandlerLimits> = {}): RequestHandlerLimits {
  const d = DEFAULT_LIMITS;
  return {
    maxPartsPerMessage: positiveInt(
      limits.maxPartsPerMessage,
      d.maxPartsPerMessage,
      "limits.maxPartsPerMessage",
    ),
    maxHistoryLength: countOrZero(
      limits.maxHistoryLength,
      d.maxHistoryLength,
      "limits.maxHistoryLength",
    ),
    maxStreamsPerTask: positiveInt(
      limits.maxStreamsPerTask,
      d.maxStreamsPerTask,
      "limits.maxStreamsPerTask",
    ),
    maxPageSize: positiveInt(limits.maxPageSize, d.maxPageSize, "limits.maxPageSize"),
    maxReferencedTasks: countOrZero(
      limits.maxReferencedTasks,
      d.maxReferencedTasks,
      "limits.maxReferencedTasks",
    ),
  };
}
