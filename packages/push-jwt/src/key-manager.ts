import { DEFAULT_CLOCK_SKEW_SECONDS, DEFAULT_TOKEN_LIFETIME_SECONDS } from "./constants.js";
import { PushConfigError } from "./errors.js";
import { type JsonWebKeySet, jwksResponse } from "./jwks-response.js";
import {
  checkSigningKey,
  type GeneratePushSigningKeyOptions,
  generatePushSigningKey,
  type PushSigningKey,
} from "./keys.js";
import { nonNegative, positive } from "./options.js";

/** Options for {@link PushKeyManager}. */
export interface PushKeyManagerOptions {
  /** The current key first, then keys it replaced that may still have live tokens. */
  keys: readonly PushSigningKey[];
  /** The longest lifetime of a token signed with these keys, in seconds (default 300). */
  maxTokenLifetimeSeconds?: number;
  /** Clock skew receivers tolerate, in seconds (default 30); retired keys stay this much longer. */
  clockSkewSeconds?: number;
  /** The clock, in milliseconds since the epoch; injectable for tests. */
  now?: () => number;
  /** `Cache-Control` max-age of the JWKS response, in seconds (default 60). */
  jwksMaxAgeSeconds?: number;
}

interface Retired {
  readonly key: PushSigningKey;
  /** When every token this key can have signed has expired, in ms since the epoch. */
  readonly dropAt: number;
}

/**
 * Holds the current signing key and the retired keys whose tokens may still be in flight, and
 * publishes all of their public halves as a JWKS.
 */
export class PushKeyManager {
  /** The longest lifetime of a token signed with these keys, in seconds. */
  readonly maxTokenLifetimeSeconds: number;
  /** Clock skew receivers are assumed to tolerate, in seconds. */
  readonly clockSkewSeconds: number;
  /** The clock every signer using this manager reads. */
  readonly now: () => number;
  private readonly jwksMaxAgeSeconds: number;
  private currentKey: PushSigningKey;
  private retired: Retired[] = [];

  constructor(options: PushKeyManagerOptions) {
    const keys = options?.keys;
    if (!Array.isArray(keys) || keys.length === 0) {
      throw new PushConfigError(
        "ERR_PUSH_INVALID_OPTION",
        "keys must list at least one signing key",
      );
    }
    this.maxTokenLifetimeSeconds = positive(
      options.maxTokenLifetimeSeconds ?? DEFAULT_TOKEN_LIFETIME_SECONDS,
      "maxTokenLifetimeSeconds",
    );
    this.clockSkewSeconds = nonNegative(
      options.clockSkewSeconds ?? DEFAULT_CLOCK_SKEW_SECONDS,
      "clockSkewSeconds",
    );
    this.jwksMaxAgeSeconds = nonNegative(options.jwksMaxAgeSeconds ?? 60, "jwksMaxAgeSeconds");
    this.now = options.now ?? Date.now;
    const [current, ...previous] = keys.map((key, i) => checkSigningKey(key, `keys[${i}]`));
    this.currentKey = current as PushSigningKey;
    // Keys from an earlier run may have signed a token just before it stopped.
    const dropAt = this.dropTime();
    this.retired = previous.map((key) => ({ key, dropAt }));
    this.checkUnique();
  }

  /** Generates a key and returns a manager that signs with it. */
  static async generate(
    options: Omit<PushKeyManagerOptions, "keys"> & GeneratePushSigningKeyOptions = {},
  ): Promise<PushKeyManager> {
    const { algorithm, kid, ...rest } = options;
    const key = await generatePushSigningKey({ algorithm, kid });
    return new PushKeyManager({ ...rest, keys: [key] });
  }

  /** The key new tokens are signed with. */
  get current(): PushSigningKey {
    return this.currentKey;
  }

  /**
   * Makes `next` (or a fresh key of the current algorithm) the current key. The old key stays
   * published until every token it signed has expired, then leaves the JWKS.
   */
  async rotate(next?: PushSigningKey): Promise<PushSigningKey> {
    const key =
      next === undefined
        ? await generatePushSigningKey({ algorithm: this.currentKey.alg })
        : checkSigningKey(next, "the key to rotate to");
    if (key.kid === this.currentKey.kid || this.retired.some((r) => r.key.kid === key.kid)) {
      throw new PushConfigError(
        "ERR_PUSH_INVALID_KEY",
        `a key with kid ${key.kid} is already in use`,
      );
    }
    this.retired.push({ key: this.currentKey, dropAt: this.dropTime() });
    this.currentKey = key;
    return key;
  }

  /** The current and still-published retired keys, current first. */
  keys(): PushSigningKey[] {
    this.prune();
    return [this.currentKey, ...this.retired.map((r) => r.key)];
  }

  /** The public JWK Set to publish: no private members, current key first. */
  jwks(): JsonWebKeySet {
    return { keys: this.keys().map((key) => ({ ...key.publicJwk })) };
  }

  /**
   * A ready `Response` carrying {@link jwks}, with caching headers; answers a matching
   * `If-None-Match` with 304. Mount it at `/.well-known/jwks.json`.
   */
  jwksResponse(request?: Request): Promise<Response> {
    return jwksResponse(this.jwks(), request, { maxAgeSeconds: this.jwksMaxAgeSeconds });
  }

  private dropTime(): number {
    return this.now() + (this.maxTokenLifetimeSeconds + this.clockSkewSeconds) * 1000;
  }

  private prune(): void {
    const now = this.now();
    this.retired = this.retired.filter((r) => r.dropAt > now);
  }

  private checkUnique(): void {
    const seen = new Set<string>();
    for (const key of [this.currentKey, ...this.retired.map((r) => r.key)]) {
      if (seen.has(key.kid)) {
        throw new PushConfigError("ERR_PUSH_INVALID_KEY", `two keys share the kid ${key.kid}`);
      }
      seen.add(key.kid);
    }
  }
}
