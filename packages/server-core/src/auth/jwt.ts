import { createRemoteJWKSet, errors, type JWTPayload, type JWTVerifyGetKey, jwtVerify } from "jose";
import type { Logger } from "../handler/types.js";
import { authorizationCredentials } from "./credentials.js";
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

/** Signature algorithms accepted by default: asymmetric only. */
export const DEFAULT_JWT_ALGORITHMS: readonly string[] = Object.freeze([
  "RS256",
  "RS384",
  "RS512",
  "PS256",
  "PS384",
  "PS512",
  "ES256",
  "ES384",
  "ES512",
  "EdDSA",
  "Ed25519",
]);

/** How bearer JWTs are verified. */
export interface JwtOptions {
  /** The issuer's JSON Web Key Set. Give this, or a discovery URL. */
  readonly jwksUrl?: string;
  /**
   * An OpenID Connect discovery document (`…/.well-known/openid-configuration`) or OAuth 2.0
   * authorization server metadata (RFC 8414): its `issuer` and `jwks_uri` are used. Defaults to
   * the card's `openIdConnectUrl` / `oauth2MetadataUrl` for those schemes.
   */
  readonly issuerDiscoveryUrl?: string;
  /** Accepted `iss` values. Required with `jwksUrl`; with discovery it must match the document. */
  readonly issuer?: string | readonly string[];
  /** Accepted `aud` values (required: a token minted for another service must not work here). */
  readonly audience: string | readonly string[];
  /** Accepted `alg` values; default {@link DEFAULT_JWT_ALGORITHMS}. `none` and HS* are refused. */
  readonly algorithms?: readonly string[];
  /** Leeway for `exp`, `nbf` and `iat`, in seconds (default 30). */
  readonly clockToleranceSeconds?: number;
  /** Refuse tokens issued (`iat`) longer ago than this, in seconds. */
  readonly maxTokenAgeSeconds?: number;
  /** The claim naming the caller's tenant (e.g. `"tid"`); when set, tokens without it fail. */
  readonly tenantClaim?: string;
  /**
   * Maps a verified payload to the caller; default: `sub` as id, `name` or
   * `preferred_username`, scopes from `scope` or `scp`, the whole payload as claims.
   */
  readonly toIdentity?: (payload: JWTPayload) => AuthIdentity | undefined;
  /** Allow plain-http key and discovery URLs beyond loopback (default false). */
  readonly allowHttp?: boolean;
}

/** Checks that the options are safe; throws a TypeError naming the problem. */
export function checkJwtOptions(options: JwtOptions): void {
  const audiences = asList(options.audience);
  if (audiences.length === 0 || audiences.some((a) => a === "")) {
    throw new TypeError(
      "jwt.audience is required: the audience this agent's tokens are minted for",
    );
  }
  for (const alg of options.algorithms ?? []) {
    if (alg.toLowerCase() === "none" || /^HS/i.test(alg)) {
      throw new TypeError(
        `jwt.algorithms must not contain ${alg}: keys come from a public key set, and accepting ` +
          "none or an HMAC algorithm would let anyone who reads that set mint tokens",
      );
    }
  }
  if (options.algorithms && options.algorithms.length === 0) {
    throw new TypeError("jwt.algorithms must not be empty");
  }
  if (options.jwksUrl !== undefined) {
    secureUrl(options.jwksUrl, "jwt.jwksUrl", options.allowHttp);
    if (asList(options.issuer).length === 0) {
      throw new TypeError("jwt.issuer is required with jwt.jwksUrl (the tokens' iss claim)");
    }
  }
  if (options.issuerDiscoveryUrl !== undefined) {
    secureUrl(options.issuerDiscoveryUrl, "jwt.issuerDiscoveryUrl", options.allowHttp);
  }
}

interface Keys {
  readonly getKey: JWTVerifyGetKey;
  readonly issuer: string[];
}

/**
 * A verifier of `Authorization: Bearer <JWT>`. Keys come from `jwksUrl`, or from the discovery
 * document at `options.issuerDiscoveryUrl ?? discoveryUrl`; they are fetched on first use and
 * refetched by jose when an unknown `kid` shows up (key rotation).
 */
export function jwtVerifier(
  options: JwtOptions,
  discoveryUrl: string | undefined,
  logger: Logger,
): SchemeVerifier {
  checkJwtOptions(options);
  const discovery = options.jwksUrl ? undefined : (options.issuerDiscoveryUrl ?? discoveryUrl);
  if (!options.jwksUrl && discovery === undefined) {
    throw new TypeError("jwt needs jwksUrl or issuerDiscoveryUrl to find the issuer's keys");
  }
  if (discovery !== undefined) secureUrl(discovery, "the issuer discovery URL", options.allowHttp);
  const algorithms = [...(options.algorithms ?? DEFAULT_JWT_ALGORITHMS)];
  const audience = asList(options.audience);
  let keys: Promise<Keys> | undefined;

  const loadKeys = (): Promise<Keys> => {
    keys ??= (async () => {
      if (options.jwksUrl) {
        return { getKey: remoteKeys(options.jwksUrl), issuer: asList(options.issuer) };
      }
      const doc = await discover(discovery as string, options.allowHttp);
      const expected = asList(options.issuer);
      if (expected.length > 0 && !expected.includes(doc.issuer)) {
        throw new Error(
          `the discovery document names issuer ${doc.issuer}, not the configured ${expected.join(" or ")}`,
        );
      }
      secureUrl(doc.jwksUri, "the discovered jwks_uri", options.allowHttp);
      return { getKey: remoteKeys(doc.jwksUri), issuer: [doc.issuer] };
    })();
    // A failed discovery is retried by the next request instead of failing forever.
    keys.catch(() => {
      keys = undefined;
    });
    return keys;
  };

  return async (request): Promise<CredentialCheck> => {
    const token = authorizationCredentials(request, "Bearer");
    if (token === undefined) return ABSENT;
    if (token.split(".").length !== 3) return invalid("the bearer token is not a JWT");
    let resolved: Keys;
    try {
      resolved = await loadKeys();
    } catch (e) {
      logger.error("cannot load the token issuer's keys", { error: describe(e) });
      throw providerUnavailable();
    }
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, resolved.getKey, {
        issuer: resolved.issuer,
        audience,
        algorithms,
        clockTolerance: options.clockToleranceSeconds ?? 30,
        ...(options.maxTokenAgeSeconds !== undefined
          ? { maxTokenAge: options.maxTokenAgeSeconds }
          : {}),
        requiredClaims: options.toIdentity ? ["exp"] : ["exp", "sub"],
      }));
    } catch (e) {
      const reason = tokenProblem(e);
      if (reason !== undefined) return invalid(reason);
      logger.error("cannot verify a bearer token", { error: describe(e) });
      throw providerUnavailable();
    }
    const identity = options.toIdentity ? options.toIdentity(payload) : defaultIdentity(payload);
    if (!identity) return invalid("the token does not name a caller this agent accepts");
    if (options.tenantClaim !== undefined) {
      const tenant = payload[options.tenantClaim];
      if (typeof tenant !== "string") {
        return invalid(`the token has no ${options.tenantClaim} claim naming the tenant`);
      }
      return valid({ ...identity, tenant });
    }
    return valid(identity);
  };
}

/** The default payload → identity mapping. */
function defaultIdentity(payload: JWTPayload): AuthIdentity | undefined {
  if (typeof payload.sub !== "string" || payload.sub === "") return undefined;
  const name =
    typeof payload.name === "string"
      ? payload.name
      : typeof payload.preferred_username === "string"
        ? payload.preferred_username
        : undefined;
  return {
    id: payload.sub,
    ...(name !== undefined ? { name } : {}),
    scopes: scopesOf(payload),
    claims: payload,
  };
}

/** Scopes from `scope` (space-separated, RFC 8693/9068) or `scp` (string or array). */
export function scopesOf(payload: Record<string, unknown>): string[] {
  const raw = payload.scope ?? payload.scp;
  if (typeof raw === "string") return raw.split(" ").filter((s) => s !== "");
  if (Array.isArray(raw)) return raw.filter((s): s is string => typeof s === "string");
  return [];
}

/** A client-facing reason for a token jose refused, or `undefined` when the fault is ours. */
function tokenProblem(e: unknown): string | undefined {
  if (e instanceof errors.JWTExpired) return "the token has expired";
  if (e instanceof errors.JWTClaimValidationFailed) {
    return `the token's ${e.claim} claim is not accepted (${e.reason})`;
  }
  if (e instanceof errors.JOSEAlgNotAllowed || e instanceof errors.JOSENotSupported) {
    return "the token's signature algorithm is not accepted";
  }
  if (e instanceof errors.JWSSignatureVerificationFailed)
    return "the token's signature is not valid";
  if (e instanceof errors.JWKSNoMatchingKey || e instanceof errors.JWKSMultipleMatchingKeys) {
    return "no key of the issuer matches the token";
  }
  if (e instanceof errors.JWSInvalid || e instanceof errors.JWTInvalid) {
    return "the token is malformed";
  }
  return undefined;
}

function remoteKeys(url: string): JWTVerifyGetKey {
  return createRemoteJWKSet(new URL(url), {
    timeoutDuration: 5_000,
    cooldownDuration: 30_000,
    cacheMaxAge: 10 * 60_000,
  });
}

async function discover(
  url: string,
  allowHttp?: boolean,
): Promise<{ issuer: string; jwksUri: string }> {
  secureUrl(url, "the issuer discovery URL", allowHttp);
  const res = await fetch(url, {
    headers: { accept: "application/json" },
    redirect: "error",
    signal: AbortSignal.timeout(5_000),
  });
  if (!res.ok) throw new Error(`discovery document ${url} answered HTTP ${res.status}`);
  const doc = (await res.json()) as { issuer?: unknown; jwks_uri?: unknown };
  if (typeof doc.issuer !== "string" || typeof doc.jwks_uri !== "string") {
    throw new Error(`discovery document ${url} lacks issuer or jwks_uri`);
  }
  return { issuer: doc.issuer, jwksUri: doc.jwks_uri };
}

function describe(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}
