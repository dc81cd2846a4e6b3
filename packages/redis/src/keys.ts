import type { TaskScope } from "@a2akit/server-core";

/** Width of the zero-padded time in an index member: milliseconds since 0001-01-01 fit in 15. */
const TIME_WIDTH = 15;
/** Milliseconds from 0001-01-01 to 1970-01-01, so pre-epoch timestamps still sort as numbers. */
const EPOCH_OFFSET = 62_135_596_800_000;
const TIME_MAX = 10 ** TIME_WIDTH - 1;

/**
 * The key layout under one prefix. Every key starts with the hash tag `{prefix}`, so all keys of
 * a prefix live in one Cluster slot: each Lua script may touch a task, its scope's indexes, its
 * log and the shared sorted sets, and one XREAD can tail every stream of the prefix.
 */
export class Keys {
  /** `{prefix}`: the hash tag every key starts with. */
  readonly root: string;

  /** Checks the prefix once; it must not carry a hash tag of its own. */
  constructor(prefix: string) {
    if (prefix.length === 0 || /[{}]/.test(prefix)) {
      throw new TypeError(`Redis key prefix must be non-empty without "{" or "}", got "${prefix}"`);
    }
    this.root = `{${prefix}}`;
  }

  /** The task key part: tenant and owner length-prefixed, then the task id (so no scope can mimic another). */
  ref(scope: TaskScope, taskId: string): string {
    return `${scopePart(scope)}:${taskId}`;
  }

  /** Hash: one task snapshot and what its index entries are. */
  task(ref: string): string {
    return `${this.root}:task:${ref}`;
  }

  /** Stream: the task's event log. */
  log(ref: string): string {
    return `${this.root}:log:${ref}`;
  }

  /** String: the seq of the last log entry trimmed away (absent when none was). */
  logCut(ref: string): string {
    return `${this.root}:logcut:${ref}`;
  }

  /** Hash: the task's push configs by id. */
  push(ref: string): string {
    return `${this.root}:push:${ref}`;
  }

  /**
   * Sorted set: tasks with push configs whose latest event may not be queued for push yet, by
   * the Redis time (ms) the oldest such event was appended.
   */
  get pushPending(): string {
    return `${this.root}:pushpending`;
  }

  /** Hash: the push cursor (last seq handed to the outbox) of each of the task's configs. */
  pushCursor(ref: string): string {
    return `${this.root}:pushcur:${ref}`;
  }

  /** Base of a scope's ListTasks indexes (`:all`, `:s:<state>`, `:c:<ctx>`, `:cs:<state>:<ctx>`). */
  index(scope: TaskScope): string {
    return `${this.root}:idx:${scopePart(scope)}`;
  }

  /** Sorted set: terminal tasks by the epoch ms at which retention drops them. */
  get ended(): string {
    return `${this.root}:ended`;
  }

  /** Sorted set: running executions by the server time (ms) at which their lease runs out. */
  get leases(): string {
    return `${this.root}:leases`;
  }

  /** Base of the push outbox's keys (see `lua/outbox-lib.lua`); `:wake` is its channel. */
  get outbox(): string {
    return `${this.root}:outbox`;
  }

  /** Pub/sub channel telling instances that push jobs may be ready. */
  get outboxWake(): string {
    return `${this.root}:outbox:wake`;
  }

  /** Pub/sub channel carrying cancel signals for every task of the prefix. */
  get cancelChannel(): string {
    return `${this.root}:cancel`;
  }
}

/** `<len>:<tenant><len>:<owner>`: unambiguous whatever the two strings contain. */
export function scopePart(scope: TaskScope): string {
  return `${scope.tenant.length}:${scope.tenant}${scope.owner.length}:${scope.owner}`;
}

/** Reads a task ref back into its scope and id; undefined when it is not one. */
export function parseRef(ref: string): { scope: TaskScope; taskId: string } | undefined {
  let at = 0;
  const parts: string[] = [];
  for (let i = 0; i < 2; i++) {
    const colon = ref.indexOf(":", at);
    const len = Number(ref.slice(at, colon));
    if (colon < 0 || !Number.isInteger(len) || len < 0) return undefined;
    parts.push(ref.slice(colon + 1, colon + 1 + len));
    at = colon + 1 + len;
  }
  if (ref[at] !== ":") return undefined;
  return {
    scope: { tenant: parts[0] as string, owner: parts[1] as string },
    taskId: ref.slice(at + 1),
  };
}

/** Epoch ms of a status timestamp; 0 when absent or unreadable (as the in-memory store does). */
export function timestampMs(timestamp: string | undefined): number {
  const ms = timestamp === undefined ? Number.NaN : Date.parse(timestamp);
  return Number.isNaN(ms) ? 0 : ms;
}

/** The fixed-width time part of an index member. */
export function timeKey(ms: number): string {
  const n = Math.min(TIME_MAX, Math.max(0, Math.trunc(ms) + EPOCH_OFFSET));
  return String(n).padStart(TIME_WIDTH, "0");
}

/**
 * A task's member in the index sorted sets (all scored 0): time then id, so reverse lexical
 * order is exactly ListTasks order (newest status first, then id descending, bytewise).
 */
export function indexMember(statusTimestamp: string | undefined, taskId: string): string {
  return timeKey(timestampMs(statusTimestamp)) + taskId;
}

/** Length of the time part, for scripts that cut the id back out of a member. */
export const MEMBER_TIME_WIDTH = TIME_WIDTH;
