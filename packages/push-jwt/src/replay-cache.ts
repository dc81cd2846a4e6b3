import { positive } from "./options.js";

/**
 * Remembers token ids (`jti`) until their tokens expire, so a captured notification cannot be
 * delivered twice. Implement it over shared storage when several receivers share one webhook.
 */
export interface ReplayCache {
  /**
   * Records `jti` and returns true if it was not seen before, false if it is a replay.
   * `expiresAt` (ms since the epoch) is when the entry may be forgotten. Must be atomic.
   */
  checkAndStore(jti: string, expiresAt: number): boolean | Promise<boolean>;
}

/** Options for {@link MemoryReplayCache}. */
export interface MemoryReplayCacheOptions {
  /** Most ids held at once (default 10 000); the oldest live entry is dropped beyond it. */
  maxEntries?: number;
  /** The clock, in milliseconds since the epoch. */
  now?: () => number;
}

/** An in-memory {@link ReplayCache} for one process, bounded in size. */
export class MemoryReplayCache implements ReplayCache {
  private readonly entries = new Map<string, number>();
  private readonly maxEntries: number;
  private readonly now: () => number;

  constructor(options: MemoryReplayCacheOptions = {}) {
    this.maxEntries = Math.floor(positive(options.maxEntries ?? 10_000, "maxEntries"));
    this.now = options.now ?? Date.now;
  }

  /** Records `jti`; false if it is already held and not yet expired. */
  checkAndStore(jti: string, expiresAt: number): boolean {
    const now = this.now();
    const held = this.entries.get(jti);
    if (held !== undefined && held > now) return false;
    this.entries.delete(jti);
    if (this.entries.size >= this.maxEntries) this.evict(now);
    this.entries.set(jti, expiresAt);
    return true;
  }

  /** How many ids are held, expired ones included until the next sweep. */
  get size(): number {
    return this.entries.size;
  }

  private evict(now: number): void {
    for (const [jti, expiresAt] of this.entries) {
      if (expiresAt <= now) this.entries.delete(jti);
    }
    // Still full: give up the oldest entry rather than refuse genuine notifications.
    while (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (oldest.done) break;
      this.entries.delete(oldest.value);
    }
  }
}
