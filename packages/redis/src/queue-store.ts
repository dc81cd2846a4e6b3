import { randomUUID } from "node:crypto";
import {
  type CancelListener,
  type Logger,
  type QueueEntry,
  QueueGapError,
  type QueueReadOptions,
  type QueueStore,
  silentLogger,
  type TaskScope,
} from "@a2akit/server-core";
import type { StreamResponse } from "@a2akit/types";
import type { Redis } from "ioredis";
import { CancelBus } from "./cancel-bus.js";
import { appendFailure, QueueAppendError } from "./errors.js";
import { Keys } from "./keys.js";
import { LeaseKeeper, type LeaseOptions } from "./leases.js";
import { scripts } from "./scripts.js";
import { END_ID, seqOf } from "./stream-ids.js";
import { type RawEntry, StreamPoller } from "./stream-poller.js";

/** Options of {@link RedisQueueStore}. */
export interface RedisQueueStoreOptions extends LeaseOptions {
  /** Key prefix; every key starts with the hash tag `{prefix}` (default `a2a`). */
  prefix?: string;
  /** How long an ended log is kept for late readers, in ms (default five minutes). */
  endedLogTtlMs?: number;
  /** Most entries kept per log; a reader further behind gets a QueueGapError (default 10,000). */
  maxEntries?: number;
  /** How long one tailing XREAD blocks before it is reissued, in ms (default 5,000). */
  blockMs?: number;
  /**
   * Hold an execution lease while `onCancel` listens (that is, while an execution runs), so a
   * sweeper can fail tasks whose instance stopped (default true).
   */
  leases?: boolean;
  /** Where failed event log reads and lease renewals are reported; default silent. */
  logger?: Logger;
}

/** The connections a queue store uses besides the command connection. */
export interface RedisQueueConnections {
  /** For the poller's XREAD BLOCK: it must serve nothing else. */
  blocking: Redis;
  /** For cancel signals: it is put in subscriber mode. */
  subscriber: Redis;
}

/** Entries read per XRANGE while catching up. */
const PAGE = 500;

/**
 * A QueueStore on Redis Streams: `append` is XADD at `<seq>-0`, a read replays with XRANGE then
 * tails through the process's shared XREAD BLOCK poller, `end` writes a closing entry and lets
 * the log expire. Cancel signals travel over pub/sub, and while an execution listens for them
 * its lease is renewed.
 */
export class RedisQueueStore implements QueueStore {
  private readonly keys: Keys;
  private readonly endedTtl: number;
  private readonly maxEntries: number;
  private readonly poller: StreamPoller;
  private readonly bus: CancelBus;
  private readonly leases: LeaseKeeper | undefined;

  /** A store on `redis` (commands), with its own blocking and subscriber connections. */
  constructor(
    private readonly redis: Redis,
    connections: RedisQueueConnections,
    options: RedisQueueStoreOptions = {},
  ) {
    const logger = options.logger ?? silentLogger;
    this.keys = new Keys(options.prefix ?? "a2a");
    this.endedTtl = options.endedLogTtlMs ?? 300_000;
    this.maxEntries = options.maxEntries ?? 10_000;
    this.poller = new StreamPoller(connections.blocking, redis, {
      logger,
      ...(options.blockMs !== undefined ? { blockMs: options.blockMs } : {}),
    });
    this.bus = new CancelBus(redis, connections.subscriber, this.keys.cancelChannel, logger);
    this.leases =
      options.leases === false
        ? undefined
        : new LeaseKeeper(redis, this.keys.leases, logger, options);
  }

  async append(scope: TaskScope, taskId: string, seq: number, event: StreamResponse) {
    if (!Number.isSafeInteger(seq) || seq < 1) {
      throw new QueueAppendError(taskId, seq, "order");
    }
    const ref = this.keys.ref(scope, taskId);
    try {
      await scripts.appendEvent.run(
        this.redis,
        [this.keys.log(ref), this.keys.logCut(ref), this.keys.push(ref), this.keys.pushPending],
        // The token lets a retried command recognise that its first attempt already landed.
        [seq, JSON.stringify(event), this.maxEntries, randomUUID(), ref],
      );
    } catch (e) {
      throw appendFailure(e, taskId, seq);
    }
  }

  /**
   * The bounds of this store's logs, for a task store that appends to them in its own scripts
   * (see `RedisTaskStore.committerFor`); undefined unless both use the same client and prefix,
   * since only then do they write the same keys.
   * @internal
   */
  logBoundsFor(redis: Redis, root: string): { maxEntries: number; endedTtlMs: number } | undefined {
    if (redis !== this.redis || root !== this.keys.root) return undefined;
    return { maxEntries: this.maxEntries, endedTtlMs: this.endedTtl };
  }

  read(
    scope: TaskScope,
    taskId: string,
    fromSeq: number,
    options: QueueReadOptions = {},
  ): AsyncIterable<QueueEntry> {
    const ref = this.keys.ref(scope, taskId);
    return {
      [Symbol.asyncIterator]: () => this.iterate(ref, taskId, fromSeq, options.signal),
    };
  }

  async end(scope: TaskScope, taskId: string): Promise<void> {
    const ref = this.keys.ref(scope, taskId);
    await scripts.endLog.run(
      this.redis,
      [this.keys.log(ref), this.keys.logCut(ref)],
      [this.endedTtl],
    );
  }

  async signalCancel(scope: TaskScope, taskId: string, metadata?: Record<string, unknown>) {
    await this.bus.signal(this.keys.ref(scope, taskId), metadata);
  }

  onCancel(scope: TaskScope, taskId: string, listener: CancelListener): () => void {
    const ref = this.keys.ref(scope, taskId);
    const off = this.bus.on(ref, listener);
    // The handler listens for exactly as long as an execution runs: that is the lease.
    const release = this.leases?.hold(ref);
    return () => {
      off();
      release?.();
    };
  }

  async delete(scope: TaskScope, taskId: string): Promise<void> {
    const ref = this.keys.ref(scope, taskId);
    await scripts.dropLog.run(
      this.redis,
      [this.keys.log(ref), this.keys.logCut(ref)],
      [this.endedTtl],
    );
  }

  /** Stops the poller and lease renewal; connections stay open (their owner closes them). */
  close(): void {
    this.poller.close();
    this.leases?.close();
  }

  private async *iterate(
    ref: string,
    taskId: string,
    fromSeq: number,
    signal: AbortSignal | undefined,
  ): AsyncGenerator<QueueEntry> {
    const key = this.keys.log(ref);
    const from = Math.max(1, Math.ceil(fromSeq));
    // Catch up with XRANGE; the poller only sees what arrives after the last id read here.
    const [[, cut], [, first]] = (await this.redis
      .multi()
      .get(this.keys.logCut(ref))
      .xrange(key, `${from}-0`, "+", "COUNT", PAGE)
      .exec()) as [[null, string | null], [null, RawEntry[]]];
    if (cut !== null && from <= Number(cut)) throw new QueueGapError(taskId, from);
    let lastId = `${from - 1}-0`;
    let page = first;
    for (;;) {
      for (const raw of page) {
        if (signal?.aborted) return;
        if (raw[0] === END_ID) return;
        lastId = raw[0];
        yield toEntry(raw);
      }
      if (page.length < PAGE) break;
      page = (await this.redis.xrange(key, `(${lastId}`, "+", "COUNT", PAGE)) as RawEntry[];
    }
    if (signal?.aborted) return;

    const buffer: RawEntry[] = [];
    let wake: (() => void) | undefined;
    const tail = {
      lastId,
      deliver(entries: RawEntry[]) {
        buffer.push(...entries);
        wake?.();
      },
    };
    const onAbort = () => wake?.();
    signal?.addEventListener("abort", onAbort);
    const stop = this.poller.add(key, tail);
    try {
      for (;;) {
        const raw = buffer.shift();
        if (raw) {
          if (raw[0] === END_ID) return;
          yield toEntry(raw);
          if (signal?.aborted) return;
          continue;
        }
        if (signal?.aborted) return;
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
        wake = undefined;
      }
    } finally {
      stop();
      signal?.removeEventListener("abort", onAbort);
    }
  }
}

function toEntry(raw: RawEntry): QueueEntry {
  const fields = raw[1];
  const i = fields.indexOf("e");
  return { seq: seqOf(raw[0]), event: JSON.parse(fields[i + 1] as string) as StreamResponse };
}
