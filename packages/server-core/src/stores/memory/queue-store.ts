import type { StreamResponse } from "@a2akit/types";
import { positiveInt } from "../../option-checks.js";
import { ScopedMap } from "../../scoped-map.js";
import {
  type CancelListener,
  type QueueEntry,
  QueueGapError,
  type QueueReadOptions,
  type QueueStore,
} from "../queue-store.js";
import { scopeKey, type TaskScope } from "../scope.js";

/** Options of {@link MemoryQueueStore}. */
export interface MemoryQueueStoreOptions {
  /** Entries kept beyond what attached readers still need, for readers about to attach (64). */
  tail?: number;
  /** Hard bound on entries per task; a reader further behind gets a QueueGapError (10,000). */
  maxEntries?: number;
}

/**
 * Somewhere else to keep the last seq of ended logs nobody reads: createMemoryStores keeps it on
 * the task store's entry for the task, which saves a map entry per finished task. Tasks are named
 * by `scopeKey(scope)` and id.
 */
export interface EndedLogHolder {
  get(scopeKey: string, taskId: string): number | undefined;
  /** Keeps `lastSeq`; false when it has nowhere to keep it (it knows no such task). */
  hold(scopeKey: string, taskId: string, lastSeq: number): boolean;
  release(scopeKey: string, taskId: string): void;
  /** How many it holds. */
  size(): number;
}

/** Takes back the last seq of an ended log that an {@link EndedLogHolder} can no longer keep. */
export type EndedLogGiveBack = (scopeKey: string, taskId: string, lastSeq: number) => void;

interface Reader {
  /** Absolute index (counting trimmed entries) of the next entry this reader needs. */
  index: number;
}

interface Log {
  entries: QueueEntry[];
  /** How many entries were trimmed from the front, ever. */
  dropped: number;
  /** The seq of the last trimmed entry (0 when none). */
  droppedThrough: number;
  lastSeq: number;
  ended: boolean;
  readers: Set<Reader>;
  wakers: (() => void)[];
}

/**
 * An in-memory QueueStore: a bounded log per task. Entries every attached reader has passed are
 * trimmed (keeping a short tail), and the whole log is dropped once it is ended and unread.
 */
export class MemoryQueueStore implements QueueStore {
  private readonly logs = new ScopedMap<Log>();
  /**
   * Ended logs nobody reads, as just their last seq: a late reader still gets its gap error or
   * its end, without a whole Log (with its Set and arrays) kept for every finished task. The
   * holder takes them when it can; this map keeps the rest.
   */
  private readonly endedLogs = new ScopedMap<number>();
  private readonly holder: EndedLogHolder | undefined;
  private readonly cancelListeners = new ScopedMap<Set<CancelListener>>();
  private readonly tail: number;
  private readonly maxEntries: number;

  /**
   * A queue store with the given bounds. `holdEndedLogs` gives it somewhere else to keep the last
   * seq of ended, unread logs (see {@link EndedLogHolder}); without it, this store keeps them
   * all itself.
   */
  constructor(
    options: MemoryQueueStoreOptions = {},
    holdEndedLogs?: (giveBack: EndedLogGiveBack) => EndedLogHolder,
  ) {
    this.holder = holdEndedLogs?.((sk, taskId, lastSeq) => {
      if (!this.logs.has(sk, taskId)) this.endedLogs.set(sk, taskId, lastSeq);
    });
    this.tail = positiveInt(options.tail, 64, "tail");
    // Never below the tail: readers about to attach keep what the tail promises.
    this.maxEntries = Math.max(this.tail, positiveInt(options.maxEntries, 10_000, "maxEntries"));
  }

  async append(scope: TaskScope, taskId: string, seq: number, event: StreamResponse) {
    this.appendNow(scope, taskId, seq, event);
  }

  /** `append`, done before returning; throws instead of rejecting. */
  appendNow(scope: TaskScope, taskId: string, seq: number, event: StreamResponse): void {
    const log = this.appendableLog(scopeKey(scope), taskId, seq);
    log.entries.push({ seq, event });
    log.lastSeq = seq;
    this.trim(log);
    wake(log);
  }

  /** Throws what `append` would refuse `seq` with, and writes nothing. */
  checkAppend(scope: TaskScope, taskId: string, seq: number): void {
    const sk = scopeKey(scope);
    const log = this.logs.get(sk, taskId);
    if (log) this.refuseUnlessAfter(log, taskId, seq);
    else if (this.endedSeq(sk, taskId) !== undefined) throw ended(taskId);
  }

  private appendableLog(sk: string, taskId: string, seq: number): Log {
    let log = this.logs.get(sk, taskId);
    if (!log) {
      if (this.endedSeq(sk, taskId) !== undefined) throw ended(taskId);
      log = this.logFor(sk, taskId);
    }
    this.refuseUnlessAfter(log, taskId, seq);
    return log;
  }

  private refuseUnlessAfter(log: Log, taskId: string, seq: number): void {
    if (log.ended) throw ended(taskId);
    if (!(seq > log.lastSeq)) {
      throw new Error(`Event seq ${seq} of task ${taskId} is not after ${log.lastSeq}`);
    }
  }

  read(
    scope: TaskScope,
    taskId: string,
    fromSeq: number,
    options: QueueReadOptions = {},
  ): AsyncIterable<QueueEntry> {
    const sk = scopeKey(scope);
    return { [Symbol.asyncIterator]: () => this.iterate(sk, taskId, fromSeq, options.signal) };
  }

  async end(scope: TaskScope, taskId: string): Promise<void> {
    this.endNow(scope, taskId);
  }

  /** `end`, done before returning. */
  endNow(scope: TaskScope, taskId: string): void {
    const sk = scopeKey(scope);
    let log = this.logs.get(sk, taskId);
    if (!log) {
      if (this.endedSeq(sk, taskId) !== undefined) return;
      log = this.logFor(sk, taskId);
    }
    log.ended = true;
    wake(log);
    this.retireIfUnread(sk, taskId, log);
  }

  async signalCancel(scope: TaskScope, taskId: string, metadata?: Record<string, unknown>) {
    const listeners = this.cancelListeners.get(scopeKey(scope), taskId);
    if (!listeners) return;
    for (const listener of [...listeners]) listener(metadata);
  }

  onCancel(scope: TaskScope, taskId: string, listener: CancelListener): () => void {
    const sk = scopeKey(scope);
    let set = this.cancelListeners.get(sk, taskId);
    if (!set) {
      set = new Set();
      this.cancelListeners.set(sk, taskId, set);
    }
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0 && this.cancelListeners.get(sk, taskId) === set) {
        this.cancelListeners.delete(sk, taskId);
      }
    };
  }

  async delete(scope: TaskScope, taskId: string): Promise<void> {
    const sk = scopeKey(scope);
    const log = this.logs.get(sk, taskId);
    this.logs.delete(sk, taskId);
    this.endedLogs.delete(sk, taskId);
    this.holder?.release(sk, taskId);
    if (log) {
      log.ended = true;
      release(log);
      wake(log);
    }
  }

  /** How many task logs exist, and how many entries they hold in total. */
  stats(): { logs: number; entries: number } {
    let entries = 0;
    for (const log of this.logs.values()) entries += log.entries.length;
    const held = this.holder?.size() ?? 0;
    return { logs: this.logs.size + this.endedLogs.size + held, entries };
  }

  /** The last seq of a retired (ended, unread) log, or undefined when there is none. */
  private endedSeq(sk: string, taskId: string): number | undefined {
    const held = this.holder?.get(sk, taskId);
    if (held !== undefined || this.endedLogs.size === 0) return held;
    return this.endedLogs.get(sk, taskId);
  }

  private logFor(sk: string, taskId: string): Log {
    let log = this.logs.get(sk, taskId);
    if (!log) {
      // A retired log comes back empty and ended, everything up to its last seq trimmed.
      const endedAt = this.endedSeq(sk, taskId);
      if (endedAt !== undefined) {
        this.endedLogs.delete(sk, taskId);
        this.holder?.release(sk, taskId);
      }
      const lastSeq = endedAt ?? 0;
      log = {
        entries: [],
        dropped: 0,
        droppedThrough: lastSeq,
        lastSeq,
        ended: endedAt !== undefined,
        readers: new Set(),
        wakers: [],
      };
      this.logs.set(sk, taskId, log);
    }
    return log;
  }

  /** Keeps only the last seq of an ended log once no reader is left on it. */
  private retireIfUnread(sk: string, taskId: string, log: Log): void {
    if (!log.ended || log.readers.size > 0) return;
    release(log);
    if (this.logs.get(sk, taskId) === log) {
      this.logs.delete(sk, taskId);
      if (!this.holder?.hold(sk, taskId, log.lastSeq)) {
        this.endedLogs.set(sk, taskId, log.lastSeq);
      }
    }
  }

  private async *iterate(
    sk: string,
    taskId: string,
    fromSeq: number,
    signal: AbortSignal | undefined,
  ): AsyncGenerator<QueueEntry> {
    const log = this.logFor(sk, taskId);
    if (fromSeq <= log.droppedThrough) {
      // A late reader of a retired log: the log goes back to being just its last seq.
      this.retireIfUnread(sk, taskId, log);
      throw new QueueGapError(taskId, fromSeq);
    }
    const reader: Reader = { index: log.dropped + firstAtOrAfter(log.entries, fromSeq) };
    log.readers.add(reader);
    try {
      while (!signal?.aborted) {
        if (reader.index < log.dropped) {
          throw new QueueGapError(taskId, log.droppedThrough);
        }
        const entry = log.entries[reader.index - log.dropped];
        if (entry) {
          reader.index++;
          yield entry;
          continue;
        }
        if (log.ended) return;
        await nextWake(log, signal);
      }
    } finally {
      log.readers.delete(reader);
      this.retireIfUnread(sk, taskId, log);
    }
  }

  private trim(log: Log): void {
    const len = log.entries.length;
    if (len <= 2 * this.tail && len <= this.maxEntries) return;
    let drop = len - this.tail;
    for (const r of log.readers) drop = Math.min(drop, r.index - log.dropped);
    drop = Math.max(drop, len - this.maxEntries);
    if (drop <= 0) return;
    log.droppedThrough = (log.entries[drop - 1] as QueueEntry).seq;
    log.entries.splice(0, drop);
    log.dropped += drop;
  }
}

/** Drops every retained entry of an ended, unread log (a small tombstone stays until delete). */
function release(log: Log): void {
  if (log.entries.length === 0) return;
  log.droppedThrough = log.lastSeq;
  log.dropped += log.entries.length;
  log.entries = [];
}

function ended(taskId: string): Error {
  return new Error(`The event log of task ${taskId} has ended`);
}

function wake(log: Log): void {
  const wakers = log.wakers;
  if (wakers.length === 0) return;
  log.wakers = [];
  for (const w of wakers) w();
}

function nextWake(log: Log, signal: AbortSignal | undefined): Promise<void> {
  return new Promise<void>((resolve) => {
    if (!signal) {
      log.wakers.push(resolve);
      return;
    }
    const done = () => {
      signal.removeEventListener("abort", done);
      resolve();
    };
    signal.addEventListener("abort", done);
    log.wakers.push(done);
  });
}

/** Index of the first entry with `seq >= seq` (entries are sorted by seq). */
function firstAtOrAfter(entries: readonly QueueEntry[], seq: number): number {
  let lo = 0;
  let hi = entries.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((entries[mid] as QueueEntry).seq < seq) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
