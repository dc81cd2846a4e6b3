import type { Logger } from "@a2akit/server-core";
import type { Redis } from "ioredis";
import { compareIds } from "./stream-ids.js";

/** A raw stream entry as ioredis returns it: id, then field/value pairs. */
export type RawEntry = [id: string, fields: string[]];

/** Someone tailing a stream: gets every entry after `lastId` once, in order. */
export interface Tail {
  lastId: string;
  deliver(entries: RawEntry[]): void;
}

interface Tailed {
  /** Where the next XREAD of this stream continues. */
  cursor: string;
  tails: Set<Tail>;
}

/** Options of {@link StreamPoller}. */
export interface StreamPollerOptions {
  /** How long one XREAD blocks, in ms (default 5,000); new streams interrupt it. */
  blockMs?: number;
  /** Entries read per stream per XREAD (default 1,000). */
  count?: number;
  logger: Logger;
}

/**
 * One blocking connection per process that tails every stream any local reader waits on, with
 * a single XREAD BLOCK over all of them. When a reader adds a stream while the XREAD waits, the
 * poller interrupts it with CLIENT UNBLOCK (sent on the command connection) and reissues it.
 * After a disconnect it resumes each stream from the last id it delivered, so readers see
 * every entry once.
 */
export class StreamPoller {
  private readonly streams = new Map<string, Tailed>();
  private readonly blockMs: number;
  private readonly count: number;
  private readonly logger: Logger;
  private running = false;
  private closed = false;
  /** Bumped on every change of the stream set; an XREAD built from an older one is stale. */
  private generation = 0;
  /** The generation the in-flight XREAD was built from, or -1 when none is in flight. */
  private inFlight = -1;
  /** CLIENT ID of the blocking connection, read before its first XREAD after each connect. */
  private clientId: number | undefined;
  private wake: (() => void) | undefined;
  private interrupting = false;

  /** A poller reading on `blocking` (used for nothing else) and interrupting through `control`. */
  constructor(
    private readonly blocking: Redis,
    private readonly control: Redis,
    options: StreamPollerOptions,
  ) {
    this.blockMs = options.blockMs ?? 5_000;
    this.count = options.count ?? 1_000;
    this.logger = options.logger;
    // A reconnect gives the blocking connection a new client id.
    blocking.on("ready", () => {
      this.clientId = undefined;
    });
  }

  /** Starts tailing `key` for `tail` after `tail.lastId`; returns the function that stops it. */
  add(key: string, tail: Tail): () => void {
    let tailed = this.streams.get(key);
    if (!tailed) {
      tailed = { cursor: tail.lastId, tails: new Set() };
      this.streams.set(key, tailed);
    } else if (compareIds(tail.lastId, tailed.cursor) < 0) {
      // Re-read from the furthest-behind reader; readers ahead of it skip what they have seen.
      tailed.cursor = tail.lastId;
    }
    tailed.tails.add(tail);
    this.changed();
    const entry = tailed;
    return () => {
      entry.tails.delete(tail);
      if (entry.tails.size === 0 && this.streams.get(key) === entry) {
        // No interrupt: the XREAD in flight may go on waiting on this stream, and what it brings
        // for it is dropped. Interrupting would cost two round trips for every reader that
        // leaves (a blocking SendMessage is one), and a reissued XREAD naming every stream.
        this.streams.delete(key);
      }
    };
  }

  /** Stops polling; the blocking connection is the caller's to close. */
  close(): void {
    this.closed = true;
    this.wake?.();
  }

  private changed(): void {
    this.generation++;
    if (!this.running) {
      this.running = true;
      void this.loop();
    }
    this.wake?.();
    if (this.inFlight >= 0) void this.interrupt();
  }

  private async loop(): Promise<void> {
    let failures = 0;
    while (!this.closed) {
      if (this.streams.size === 0) {
        await new Promise<void>((resolve) => {
          this.wake = resolve;
        });
        this.wake = undefined;
        continue;
      }
      let reply: [string, RawEntry[]][] | null;
      try {
        // Asked before blocking: a command queued behind a blocked XREAD would wait for it.
        this.clientId ??= Number(await this.blocking.client("ID"));
        const keys = [...this.streams.keys()];
        const ids = keys.map((k) => (this.streams.get(k) as Tailed).cursor);
        this.inFlight = this.generation;
        reply = (await this.blocking.xread(
          "COUNT",
          this.count,
          "BLOCK",
          this.blockMs,
          "STREAMS",
          ...keys,
          ...ids,
        )) as [string, RawEntry[]][] | null;
        failures = 0;
      } catch (error) {
        this.inFlight = -1;
        if (this.closed) return;
        failures++;
        this.logger.warn("Reading event logs from Redis failed; retrying", { error, failures });
        await sleep(Math.min(2_000, 50 * 2 ** Math.min(failures, 6)));
        continue;
      }
      this.inFlight = -1;
      if (!reply) continue;
      for (const [key, entries] of reply) {
        const tailed = this.streams.get(key);
        const last = entries[entries.length - 1];
        if (!tailed || !last) continue;
        if (compareIds(last[0], tailed.cursor) > 0) tailed.cursor = last[0];
        for (const tail of [...tailed.tails]) {
          const fresh = entries.filter((e) => compareIds(e[0], tail.lastId) > 0);
          if (fresh.length === 0) continue;
          tail.lastId = (fresh[fresh.length - 1] as RawEntry)[0];
          tail.deliver(fresh);
        }
      }
    }
  }

  /** Unblocks the in-flight XREAD if it was built before the latest change of the stream set. */
  private async interrupt(): Promise<void> {
    if (this.interrupting) return;
    this.interrupting = true;
    try {
      // CLIENT UNBLOCK may arrive before the XREAD has blocked; then it is a no-op, so retry.
      for (let attempt = 0; attempt < 200; attempt++) {
        if (this.closed || this.inFlight < 0 || this.inFlight === this.generation) return;
        const id = this.clientId;
        if (id === undefined) return;
        const unblocked = await this.control.client("UNBLOCK", id);
        if (unblocked === 1) return;
        await sleep(Math.min(50, 1 + attempt));
      }
    } catch (error) {
      this.logger.debug("Could not interrupt the event log poller", { error });
    } finally {
      this.interrupting = false;
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
