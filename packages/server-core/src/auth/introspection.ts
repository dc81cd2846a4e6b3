import type { Logger } from "../handler/types.js";
import { authorizationCredentials } from "./credentials.js";
import { hex, sha256 } from "./crypto.js";
import { scopesOf } from "./jwt.js";
import {
  ABSENT,
  type AuthIdentity,
  asList,
  type CredentialCheck,
  invalid,
  type SchemeVerifier,
  valid,
} from "./types.js";
import { providerUnavailable } from "./unavailable.js";
import { secureUrl } from "./urls.js";

/** How opaque bearer tokens are checked with OAuth 2.0 token introspection (RFC 7662). */
export interface IntrospectionOptions {
  /** The authorization server's introspection endpoint. */
  readonly url: string;
  /** This agent's client credentials at that server, sent as HTTP Basic (RFC 6749 §2.3.1). */
  readonly clientId?: string;
  readonly clientSecret?: string;
  /** Other headers for the endpoint (e.g. its own bearer token instead of client credentials). */
  readonly headers?: Readonly<Record<string, string>>;
  /** Accepted `aud` values; when set, a token whose `aud` names none of them fails. */
  readonly audience?: string | readonly string[];
  /** Accepted `iss` values; when set, a token with another `iss` fails. */
  readonly issuer?: string | readonly string[];
  /** The response member naming the caller's tenant; when set, tokens without it fail. */
  readonly tenantClaim?: string;
  /**
   * How long a verdict is reused, in seconds (default 60). An active token is never cached past
   * its `exp`; revocation takes up to this long to be noticed.
   */
  readonly cacheTtlSeconds?: number;
  /** Most verdicts kept (default 10,000); the oldest go first. */
  readonly maxCacheEntries?: number;
  /** Leeway for `exp` and `nbf`, in seconds (default 30). */
  readonly clockToleranceSeconds?: number;
  /** Timeout of one introspection request, in ms (default 5,000). */
  readonly timeoutMs?: number;
  /** Allow a plain-http endpoint beyond loopback (default false). */
  readonly allowHttp?: boolean;
  /** Maps an active introspection response to the caller; default: `sub`, else `client_id`. */
  readonly toIdentity?: (response: Record<string, unknown>) => AuthIdentity | undefined;
  /** The clock, in epoch ms (for tests). */
  readonly now?: () => number;
}

interface CacheEntry {
  /** Epoch ms after which the verdict is asked again; infinite while the request runs. */
  until: number;
  readonly check: Promise<CredentialCheck>;
}

/**
 * A verifier of `Authorization: Bearer <token>` that asks the authorization server whether the
 * token is active. Verdicts are cached under the token's SHA-256, so the cache holds no tokens,
 * and concurrent requests with one token share one introspection call.
 */
export function introspectionVerifier(
  options: IntrospectionOptions,
  logger: Logger,
): SchemeVerifier {
  const endpoint = secureUrl(options.url, "introspection.url", options.allowHttp).href;
  if ((options.clientId === undefined) !== (options.clientSecret === undefined)) {
    throw new TypeError("introspection.clientId and introspection.clientSecret go together");
  }
  const ttlMs = seconds(options.cacheTtlSeconds, 60, "introspection.cacheTtlSeconds") * 1000;
  const skew = seconds(options.clockToleranceSeconds, 30, "introspection.clockToleranceSeconds");
  const maxEntries = options.maxCacheEntries ?? 10_000;
  if (!Number.isInteger(maxEntries) || maxEntries < 0) {
    throw new RangeError("introspection.maxCacheEntries must be a non-negative integer");
  }
  const now = options.now ?? Date.now;
  const audience = asList(options.audience);
  const issuer = asList(options.issuer);
  const cache = new Map<string, CacheEntry>();
  const headers: Record<string, string> = {
    accept: "application/json",
    "content-type": "application/x-www-form-urlencoded",
    ...options.headers,
  };
  if (options.clientId !== undefined && options.clientSecret !== undefined) {
    const pair = `${formEncode(options.clientId)}:${formEncode(options.clientSecret)}`;
    headers.authorization = `Basic ${btoa(String.fromCharCode(...new TextEncoder().encode(pair)))}`;
  }

  async function ask(token: string): Promise<CredentialCheck> {
    let res: Response;
    try {
      res = await fetch(endpoint, {
        method: "POST",
        headers,
        body: new URLSearchParams({ token, token_type_hint: "access_token" }).toString(),
        redirect: "error",
        signal: AbortSignal.timeout(options.timeoutMs ?? 5_000),
      });
    } catch (e) {
      logger.error("token introspection failed", { error: String(e) });
      throw providerUnavailable();
    }
    let body: unknown;
    try {
      body = res.ok ? await res.json() : undefined;
    } catch {
      body = undefined;
    }
    if (
      body === null ||
      typeof body !== "object" ||
      typeof (body as { active?: unknown }).active !== "boolean"
    ) {
      logger.error("token introspection gave no usable answer", { status: res.status });
      throw providerUnavailable();
    }
    return judge(body as Record<string, unknown>);
  }

  function judge(r: Record<string, unknown>): CredentialCheck {
    if (r.active !== true) return invalid("the token is not active");
    const t = now() / 1000;
    if (typeof r.exp === "number" && r.exp + skew <= t) return invalid("the token has expired");
    if (typeof r.nbf === "number" && r.nbf - skew > t) return invalid("the token is not valid yet");
    if (audience.length > 0) {
      const aud = typeof r.aud === "string" ? [r.aud] : Array.isArray(r.aud) ? r.aud : [];
      if (!aud.some((a) => audience.includes(a as string))) {
        return invalid("the token's aud claim is not accepted");
      }
    }
    if (issuer.length > 0 && !issuer.includes(r.iss as string)) {
      return invalid("the token's iss claim is not accepted");
    }
    const identity = options.toIdentity ? options.toIdentity(r) : defaultIdentity(r);
    if (!identity) return invalid("the token does not name a caller this agent accepts");
    if (options.tenantClaim !== undefined) {
      const tenant = r[options.tenantClaim];
      if (typeof tenant !== "string") {
        return invalid(`the token has no ${options.tenantClaim} naming the tenant`);
      }
      return valid({ ...identity, tenant });
    }
    return valid(identity);
  }

  /** When a settled verdict must be asked again. */
  function expiry(check: CredentialCheck): number {
    const until = now() + ttlMs;
    if (check.status !== "valid") return until;
    const exp = check.identity.claims?.exp;
    return typeof exp === "number" ? Math.min(until, exp * 1000) : until;
  }

  return async (request): Promise<CredentialCheck> => {
    const token = authorizationCredentials(request, "Bearer");
    if (token === undefined) return ABSENT;
    const key = hex(await sha256(token));
    const hit = cache.get(key);
    if (hit && hit.until > now()) return hit.check;
    if (hit) cache.delete(key);
    const entry: CacheEntry = { until: Number.POSITIVE_INFINITY, check: ask(token) };
    if (maxEntries > 0) {
      while (cache.size >= maxEntries) {
        const oldest = cache.keys().next().value;
        if (oldest === undefined) break;
        cache.delete(oldest);
      }
      cache.set(key, entry);
      entry.check.then(
        (check) => {
          entry.until = expiry(check);
        },
        () => {
          if (cache.get(key) === entry) cache.delete(key);
        },
      );
    }
    return entry.check;
  };
}

function defaultIdentity(r: Record<string, unknown>): AuthIdentity | undefined {
  const id = typeof r.sub === "string" && r.sub !== "" ? r.sub : r.client_id;
  if (typeof id !== "string" || id === "") return undefined;
  return {
    id,
    ...(typeof r.username === "string" ? { name: r.username } : {}),
    scopes: scopesOf(r),
    claims: r,
  };
}

/** `application/x-www-form-urlencoded` encoding of a client credential (RFC 6749 §2.3.1). */
function formEncode(value: string): string {
  return new URLSearchParams({ v: value }).toString().slice(2);
}

function seconds(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value < 0) throw new RangeError(`${name} must not be negative`);
  return value;
}
