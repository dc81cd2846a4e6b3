import { ResourceExhaustedError } from "@a2akit/types";
import type { User } from "../handler/types.js";
import type { LimitKind } from "../telemetry/instrumentation.js";
import {
  MemoryTokenBucketStore,
  type TokenBucketRule,
  type TokenBucketStore,
} from "./token-bucket.js";

/** Who a limited call is from: what a limit key is derived from. */
export interface LimitCall {
  readonly user: User;
  /** `""` when the agent is not multi-tenant. */
  readonly tenant: string;
  /** The A2A method (`"SendMessage"`, ...). */
  readonly method: string;
  /** The HTTP request headers, when the call came over HTTP. */
  readonly headers?: Headers;
}

/** Options of {@link createLimiter}. Each limit is off unless given. */
export interface LimiterOptions {
  /** Sustained requests per second per key (the bucket's refill rate). */
  requestsPerSecond?: number;
  /** Requests a key may make at once: the bucket's capacity (default `max(1, requestsPerSecond)`). */
  burst?: number;
  /** Open streams per key on this instance (SendStreamingMessage + SubscribeToTask). */
  maxConcurrentStreams?: number;
  /** Running executions of the agent per key on this instance. */
  maxRunningTasks?: number;
  /** The key a call counts against (default {@link limitKeys.user}). */
  key?: (call: LimitCall) => string;
  /** Where the request buckets live (default in memory; share them with `RedisTokenBucketStore`). */
  buckets?: TokenBucketStore;
  /** The clock of the default in-memory buckets, in epoch ms (injectable for tests). */
  now?: () => number;
}

/**
 * Rate and concurrency limits. A refused call throws `ResourceExhaustedError` (HTTP 429 with
 * `Retry-After`, JSON-RPC -32092) whose ErrorInfo metadata names the `limit` and carries
 * `retryAfterSeconds`.
 */
export interface Limiter {
  /** Takes one request token for the call's key. */
  admit(call: LimitCall): Promise<void>;
  /** Reserves a stream slot; call the returned function (idempotent) when the stream ends. */
  openStream(call: LimitCall): () => void;
  /** Reserves a running-task slot; call the returned function when the execution ends. */
  startTask(call: LimitCall): () => void;
}

/** Ready-made key functions. */
export const limitKeys = Object.freeze({
  /** One budget per tenant and user; every anonymous caller of a tenant shares one. */
  user: (call: LimitCall): string => `${call.tenant}\u0000${call.user.id}`,
  /** One budget per tenant, whoever calls. */
  tenant: (call: LimitCall): string => call.tenant,
  /**
   * One budget per client address, read from `header` (default `x-forwarded-for`). The last
   * entry is used: the one your own load balancer appended; entries before it are whatever the
   * client sent and cannot be trusted. Only use this behind a proxy that sets the header.
   */
  ip:
    (header = "x-forwarded-for") =>
    (call: LimitCall): string => {
      const value = call.headers?.get(header) ?? "";
      const entries = value.split(",");
      return (entries[entries.length - 1] ?? "").trim() || "unknown";
    },
});

/** Creates a {@link Limiter}; pass it as the request handler's `limiter`. */
export function createLimiter(options: LimiterOptions = {}): Limiter {
  const key = options.key ?? limitKeys.user;
  const rule = bucketRule(options);
  const buckets = options.buckets ?? new MemoryTokenBucketStore({ now: options.now });
  const streams = counter(
    "streams",
    optionalPositive(options.maxConcurrentStreams, "maxConcurrentStreams"),
  );
  const tasks = counter("tasks", optionalPositive(options.maxRunningTasks, "maxRunningTasks"));

  return {
    async admit(call) {
      if (!rule) return;
      const result = await buckets.take(key(call), rule);
      if (result.allowed) return;
      throw exhausted(
        "requests",
        `Too many requests: at most ${rule.refillPerSecond} per second (bursts of ${rule.capacity}) are accepted`,
        result.retryAfterMs,
      );
    },
    openStream(call) {
      return streams.acquire(key(call));
    },
    startTask(call) {
      return tasks.acquire(key(call));
    },
  };
}

/** The 429 error of a limit; `retryAfterMs` is rounded up to whole seconds for Retry-After. */
export function exhausted(limit: LimitKind, message: string, retryAfterMs: number) {
  return new ResourceExhaustedError(message, {
    metadata: { limit, retryAfterSeconds: String(Math.max(1, Math.ceil(retryAfterMs / 1000))) },
  });
}

interface Counter {
  acquire(key: string): () => void;
}

/** Counts slots per key; `max` undefined means no limit (and nothing is counted). */
function counter(limit: "streams" | "tasks", max: number | undefined): Counter {
  const held = new Map<string, number>();
  const what = limit === "streams" ? "open streams" : "running tasks";
  return {
    acquire(key) {
      if (max === undefined) return () => {};
      const n = held.get(key) ?? 0;
      if (n >= max) {
        // No time can be promised: another slot frees when a stream or task ends.
        throw exhausted(limit, `Too many ${what}: at most ${max} at once are accepted`, 1000);
      }
      held.set(key, n + 1);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        const left = (held.get(key) ?? 1) - 1;
        if (left <= 0) held.delete(key);
        else held.set(key, left);
      };
    },
  };
}

function bucketRule(options: LimiterOptions): TokenBucketRule | undefined {
  const rate = optionalPositive(options.requestsPerSecond, "requestsPerSecond");
  if (rate === undefined) {
    if (options.burst !== undefined) throw new RangeError("burst needs requestsPerSecond");
    return undefined;
  }
  const capacity = optionalPositive(options.burst, "burst") ?? Math.max(1, rate);
  return { capacity, refillPerSecond: rate };
}

function optionalPositive(value: number | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isFinite(value) || value <= 0) {
    throw new RangeError(`${name} must be a positive number, got ${value}`);
  }
  return value;
}
