import type { Logger } from "@a2akit/server-core";
import type { Redis } from "ioredis";
import { scripts } from "./scripts.js";

/** Timing of execution leases. */
export interface LeaseOptions {
  /** How long a lease lasts without renewal, in ms (default 30,000). */
  leaseMs?: number;
  /** How often this process renews its leases, in ms (default a third of `leaseMs`). */
  renewMs?: number;
}

/**
 * Leases of the executions running in this process: one sorted-set entry per task, scored by
 * the Redis server time at which it runs out, renewed for all of them with one script call per
 * beat. An entry that runs out means the process holding it stopped.
 */
export class LeaseKeeper {
  private readonly held = new Map<string, number>();
  private readonly leaseMs: number;
  private readonly renewMs: number;
  private timer: ReturnType<typeof setInterval> | undefined;
  private closed = false;
  /** Leases taken or given back since the last flush, not yet sent to Redis. */
  private readonly toTake = new Set<string>();
  private readonly toDrop = new Set<string>();
  private flushScheduled = false;

  /** Leases kept in the `leasesKey` sorted set. */
  constructor(
    private readonly redis: Redis,
    private readonly leasesKey: string,
    private readonly logger: Logger,
    options: LeaseOptions = {},
  ) {
    this.leaseMs = options.leaseMs ?? 30_000;
    this.renewMs = options.renewMs ?? Math.max(1, Math.floor(this.leaseMs / 3));
    // After a reconnect renew at once rather than at the next beat.
    redis.on("ready", () => {
      if (this.held.size > 0) void this.renew();
    });
  }

  /**
   * Takes (or shares) the lease of a task; returns the function that gives it back. Taking and
   * giving back are sent once per turn of the event loop for every task that changed, not once
   * per task: under load that is two commands per batch of executions instead of two per
   * execution. A lease that is taken a moment later is safe, since only leases that ran out are
   * swept, never tasks without one.
   */
  hold(ref: string): () => void {
    const count = this.held.get(ref) ?? 0;
    this.held.set(ref, count + 1);
    if (count === 0) {
      // Given back and taken again before the flush: the entry in Redis just stays.
      if (!this.toDrop.delete(ref)) this.toTake.add(ref);
      this.scheduleFlush();
    }
    if (!this.timer && !this.closed) {
      this.timer = setInterval(() => void this.renew(), this.renewMs);
      this.timer.unref?.();
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const n = (this.held.get(ref) ?? 1) - 1;
      if (n > 0) {
        this.held.set(ref, n);
        return;
      }
      this.held.delete(ref);
      // Taken and given back before the flush: Redis never needs to hear of it.
      if (!this.toTake.delete(ref)) {
        this.toDrop.add(ref);
        this.scheduleFlush();
      }
      if (this.held.size === 0) this.stopTimer();
    };
  }

  /** Stops renewing (the leases then run out unless released); pending releases go out now. */
  close(): void {
    this.closed = true;
    this.stopTimer();
    this.toTake.clear();
    this.flush();
  }

  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    // After the I/O phase, so every request that phase read joins the batch.
    setImmediate(() => this.flush());
  }

  private flush(): void {
    this.flushScheduled = false;
    if (this.toTake.size > 0) {
      const refs = [...this.toTake];
      this.toTake.clear();
      void this.renew(refs);
    }
    if (this.toDrop.size > 0) {
      const refs = [...this.toDrop];
      this.toDrop.clear();
      this.redis.zrem(this.leasesKey, ...refs).catch((error: unknown) => {
        this.logger.warn("Could not release execution leases", { count: refs.length, error });
      });
    }
  }

  private stopTimer(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  private async renew(refs: string[] = [...this.held.keys()]): Promise<void> {
    if (refs.length === 0 || this.closed) return;
    try {
      await scripts.renewLeases.run(this.redis, [this.leasesKey], [this.leaseMs, ...refs]);
    } catch (error) {
      this.logger.warn("Could not renew execution leases", { count: refs.length, error });
    }
  }
}
