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

  /** Takes (or shares) the lease of a task; returns the function that gives it back. */
  hold(ref: string): () => void {
    const count = this.held.get(ref) ?? 0;
    this.held.set(ref, count + 1);
    if (count === 0) void this.renew([ref]);
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
      this.redis.zrem(this.leasesKey, ref).catch((error: unknown) => {
        this.logger.warn("Could not release an execution lease", { ref, error });
      });
      if (this.held.size === 0) this.stopTimer();
    };
  }

  /** Stops renewing (the leases then run out unless released). */
  close(): void {
    this.closed = true;
    this.stopTimer();
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
