import type { StreamResponse } from "@a2akit/types";
import { positiveInt } from "../../option-checks.js";
import {
  type CancelListener,
  type QueueEntry,
  QueueGapError,
  type QueueReadOptions,
  type QueueStore,
} from "../queue-store.js";
import { type TaskScope, taskKey } from "../scope.js";

/** Options of {@link MemoryQueueStore}. */
export interface MemoryQueueStoreOptions {
  /** Entries kept beyond what attached readers still need, for readers about to attach (64). */
  tail?: number;
  /** Hard bound on entries per task; a reader further behind gets a QueueGapError (10,000). */
  maxEntries?: number;
}

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
  private readonly logs = new Map<string, Log>();
  /**
   * Ended logs nobody reads, as just their last seq: a late reader still gets its gap error or
   * its end, without a whole Log (with its Set and arrays) kept for every finished task.
   */
  private readonly endedLogs = new Map<string, number>();
  private readonly cancelListeners = new Map<string, Set<CancelListener>>();
  private readonly tail: number;
  private readonly maxEntries: number;

  /** A queue store with the given bounds. */
  constructor(options: MemoryQueueStoreOptions = {}) {
    this.tail = positiveInt(options.tail, 64, "tail");
    // Never below the tail: readers about to attach keep what the tail promises.
    this.maxEntries = Math.max(this.tail, positiveInt(options.maxEntries, 10_000, "maxEntries"));
  }

  async append(scope: TaskScope, taskId: string, seq: number, event: StreamResponse) {
    const key = taskKey(scope, taskId);
    if (this.endedLogs.has(key)) throw new Error(`The event log of task ${taskId} has ended`);
    const log = this.logFor(key);
    if (log.ended) throw new Error(`The event log of task ${taskId} has ended`);
    if (!(seq > log.lastSeq)) {
      throw new Error(`Event seq ${seq} of task ${taskId} is not after ${log.lastSeq}`);
    }
    log.entries.push({ seq, event });
    log.lastSeq = seq;
    this.trim(log);
    wake(log);
  }

  read(
    scope: TaskScope,
    taskId: string,
    fromSeq: number,
    options: QueueReadOptions = {},
  ): AsyncIterable<QueueEntry> {
    const key = taskKey(scope, taskId);
    return { [Symbol.asyncIterator]: () => this.iterate(key, taskId, fromSeq, options.signal) };
  }

  async end(scope: TaskScope, taskId: string): Promise<void> {
    const key = taskKey(scope, taskId);
    if (this.endedLogs.has(key)) return;
    const log = this.logFor(key);
    log.ended = true;
    wake(log);
    this.retireIfUnread(key, log);
  }

  async signalCancel(scope: TaskScope, taskId: string, metadata?: Record<string, unknown>) {
    const listeners = this.cancelListeners.get(taskKey(scope, taskId));
    if (!listeners) return;
    for (const listener of [...listeners]) listener(metadata);
  }

  onCancel(scope: TaskScope, taskId: string, listener: CancelListener): () => void {
    const key = taskKey(scope, taskId);
    let set = this.cancelListeners.get(key);
    if (!set) {
      set = new Set();
      this.cancelListeners.set(key, set);
    }
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0 && this.cancelListeners.get(key) === set) this.cancelListeners.delete(key);
    };
  }

  async delete(scope: TaskScope, taskId: string): Promise<void> {
    const key = taskKey(scope, taskId);
    const log = this.logs.get(key);
    this.logs.delete(key);
    this.endedLogs.delete(key);
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
    return { logs: this.logs.size + this.endedLogs.size, entries };
  }

  private logFor(key: string): Log {
    let log = this.logs.get(key);
    if (!log) {
      // A retired log comes back empty and ended, everything up to its last seq trimmed.
      const endedAt = this.endedLogs.get(key);
      this.endedLogs.delete(key);
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
      this.logs.set(key, log);
    }
    return log;
  }

  /** Keeps only the last seq of an ended log once no reader is left on it. */
  private retireIfUnread(key: string, log: Log): void {
    if (!log.ended || log.readers.size > 0) return;
    release(log);
    if (this.logs.get(key) === log) {
      this.logs.delete(key);
      this.endedLogs.set(key, log.lastSeq);
    }
  }

  private async *iterate(
    key: string,
    taskId: string,
    fromSeq: number,
    signal: AbortSignal | undefined,
  ): AsyncGenerator<QueueEntry> {
    const log = this.logFor(key);
    if (fromSeq <= log.droppedThrough) throw new QueueGapError(taskId, fromSeq);
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
      this.retireIfUnread(key, log);
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
