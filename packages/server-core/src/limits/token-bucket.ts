/** The shape of one bucket: how many tokens it holds at most and how fast it refills. */
export interface TokenBucketRule {
  /** Tokens a full bucket holds: the largest burst. */
  readonly capacity: number;
  /** Tokens added per second, up to `capacity`. */
  readonly refillPerSecond: number;
}

/** What one take did. */
export interface TokenBucketResult {
  readonly allowed: boolean;
  /** Whole tokens left after this take. */
  readonly remaining: number;
  /** When refused: ms until the bucket holds enough tokens again; 0 when allowed. */
  readonly retryAfterMs: number;
}

/**
 * Where token buckets live. The in-memory store counts per process; `@a2akit/redis`'s
 * `RedisTokenBucketStore` shares the buckets between every instance.
 */
export interface TokenBucketStore {
  /** Takes `cost` tokens from bucket `key` if it holds them (atomic per key). */
  take(key: string, rule: TokenBucketRule, cost?: number): Promise<TokenBucketResult>;
}

/** Options of {@link MemoryTokenBucketStore}. */
export interface MemoryTokenBucketStoreOptions {
  /** Buckets kept; the least recently used are forgotten beyond this (default 100,000). */
  maxKeys?: number;
  /** The clock, in epoch ms (injectable for tests). */
  now?: () => number;
}

interface Bucket {
  tokens: number;
  at: number;
}

/** Token buckets in this process's memory: exact for one instance, per instance for several. */
export class MemoryTokenBucketStore implements TokenBucketStore {
  private readonly buckets = new Map<string, Bucket>();
  private readonly maxKeys: number;
  private readonly now: () => number;

  constructor(options: MemoryTokenBucketStoreOptions = {}) {
    this.maxKeys = Math.max(1, options.maxKeys ?? 100_000);
    this.now = options.now ?? Date.now;
  }

  async take(key: string, rule: TokenBucketRule, cost = 1): Promise<TokenBucketResult> {
    checkRule(rule, cost);
    const now = this.now();
    const bucket = this.buckets.get(key);
    let tokens = rule.capacity;
    if (bucket) {
      const elapsed = Math.max(0, now - bucket.at);
      tokens = Math.min(rule.capacity, bucket.tokens + (elapsed * rule.refillPerSecond) / 1000);
      // Re-inserted below so that Map order is least recently used first.
      this.buckets.delete(key);
    }
    const allowed = tokens >= cost;
    if (allowed) tokens -= cost;
    this.buckets.set(key, { tokens, at: now });
    if (this.buckets.size > this.maxKeys) {
      const oldest = this.buckets.keys().next().value;
      if (oldest !== undefined) this.buckets.delete(oldest);
    }
    return {
      allowed,
      remaining: Math.floor(tokens),
      retryAfterMs: allowed ? 0 : Math.ceil(((cost - tokens) * 1000) / rule.refillPerSecond),
    };
  }
}

/** Refuses a rule or cost no bucket could honour, naming the bad value. */
export function checkRule(rule: TokenBucketRule, cost: number): void {
  if (!Number.isFinite(rule.capacity) || rule.capacity <= 0) {
    throw new RangeError(`capacity must be a positive number, got ${rule.capacity}`);
  }
  if (!Number.isFinite(rule.refillPerSecond) || rule.refillPerSecond <= 0) {
    throw new RangeError(`refillPerSecond must be a positive number, got ${rule.refillPerSecond}`);
  }
  if (!Number.isFinite(cost) || cost <= 0 || cost > rule.capacity) {
    throw new RangeError(`cost must be positive and at most the capacity, got ${cost}`);
  }
}
