import { parse, StreamResponse } from "@a2akit/types";
import {
  createLocalJWKSet,
  createRemoteJWKSet,
  customFetch,
  decodeProtectedHeader,
  errors,
  type JWSHeaderParameters,
  type JWTPayload,
  jwtVerify,
  type ProtectedHeaderParameters,
} from "jose";
import { sha256Base64url } from "./body-hash.js";
import { timingSafeEqual } from "./constant-time.js";
import {
  BODY_HASH_CLAIM,
  DEFAULT_ALGORITHMS,
  DEFAULT_CLOCK_SKEW_SECONDS,
  NOTIFICATION_TOKEN_HEADER,
} from "./constants.js";
import { PushConfigError, PushVerificationError } from "./errors.js";
import type { JsonWebKeySet } from "./jwks-response.js";
import { canonicalAudience, nonEmpty, nonNegative, positive } from "./options.js";
import { readBody } from "./read-body.js";
import { MemoryReplayCache, type ReplayCache } from "./replay-cache.js";
import { taskIdOf } from "./signer.js";

/** The claims of a verified push token. */
export interface PushClaims extends JWTPayload {
  iat: number;
  exp: number;
  jti: string;
  /** SHA-256 of the body bytes, base64url (see `BODY_HASH_CLAIM`). */
  body_sha256: string;
  /** The task the notification is about, when the sender named one. */
  taskId?: string;
}

/** A push notification that passed every check. */
export interface VerifiedPushNotification {
  /** The parsed body. */
  event: StreamResponse;
  claims: PushClaims;
  /** The compact JWT from the `Authorization` header. */
  token: string;
  /** The token's protected header (`alg`, `kid`, `typ`). */
  header: ProtectedHeaderParameters;
}

/** Where the sender's token says the expected notification token can be looked up. */
export type NotificationTokenLookup = (
  claims: PushClaims,
) => string | undefined | Promise<string | undefined>;

/** Options for {@link createPushVerifier} and {@link verifyPushNotification}. */
export interface PushVerifierOptions {
  /** This webhook's own URL (or URLs): the token's `aud` must be one of them. */
  audience: string | readonly string[];
  /** The agent (or agents) allowed as `iss`; unchecked when omitted. */
  issuer?: string | readonly string[];
  /** The sender's JWKS URL, fetched and cached. Give this or `jwks`. */
  jwksUrl?: string | URL;
  /** The sender's public keys, known in advance. Give this or `jwksUrl`. */
  jwks?: JsonWebKeySet;
  /** Accepted signature algorithms (default ES256, EdDSA, Ed25519); symmetric ones and `none` are refused. */
  algorithms?: readonly string[];
  /** Tolerated clock difference for `iat` and `exp`, in seconds (default 30). */
  clockSkewSeconds?: number;
  /** Longest accepted `exp - iat`, in seconds (default 900), which bounds the replay cache. */
  maxTokenLifetimeSeconds?: number;
  /** Largest body read, in bytes (default 1 MiB). */
  maxBodyBytes?: number;
  /** Where seen `jti`s are kept; an in-memory cache by default. */
  replayCache?: ReplayCache;
  /** The expected `X-A2A-Notification-Token`, or a lookup by claims (e.g. per task). */
  notificationToken?: string | NotificationTokenLookup;
  /** The clock, in milliseconds since the epoch. */
  now?: () => number;
  /** After an unknown `kid`, how long to wait before fetching the JWKS again, in ms (default 30 000). */
  jwksCooldownMs?: number;
  /** How long a fetched JWKS is used before it is fetched again, in ms (default 600 000). */
  jwksCacheMaxAgeMs?: number;
  /** Timeout of one JWKS fetch, in ms (default 5 000). */
  jwksTimeoutMs?: number;
  /** The fetch used for the JWKS, e.g. to add headers or a proxy. */
  fetch?: (url: string, init: RequestInit) => Promise<Response>;
}

/** Verifies incoming push notifications; holds the JWKS cache and the replay cache. */
export interface PushVerifier {
  /** Verifies `request` and returns its event, or throws a {@link PushVerificationError}. */
  verify(request: Request): Promise<VerifiedPushNotification>;
}

type KeyGetter = (header: JWSHeaderParameters, token: unknown) => Promise<CryptoKey>;

const SYMMETRIC_OR_NONE = /^(none|HS\d+)$/i;
const MAX_BODY_BYTES = 1024 * 1024;

// Failures of the key lookup are told apart from signature failures by this wrapper.
class KeyLookupFailed extends Error {}

/** Creates a verifier that keeps the sender's keys and the seen token ids between requests. */
export function createPushVerifier(options: PushVerifierOptions): PushVerifier {
  const config = configure(options);
  return { verify: (request) => verify(request, config) };
}

const verifiers = new WeakMap<PushVerifierOptions, PushVerifier>();

/**
 * Verifies one push notification. State (JWKS cache, seen `jti`s) lives with the `options`
 * object, so pass the same object every time, or use {@link createPushVerifier}.
 */
export function verifyPushNotification(
  request: Request,
  options: PushVerifierOptions,
): Promise<VerifiedPushNotification> {
  let verifier = verifiers.get(options);
  if (!verifier) {
    verifier = createPushVerifier(options);
    verifiers.set(options, verifier);
  }
  return verifier.verify(request);
}

interface Config {
  audience: string[];
  issuer?: string[];
  algorithms: string[];
  skew: number;
  maxLifetime: number;
  maxBodyBytes: number;
  replayCache: ReplayCache;
  notificationToken?: string | NotificationTokenLookup;
  now: () => number;
  getKey: KeyGetter;
}

function configure(options: PushVerifierOptions): Config {
  if (typeof options !== "object" || options === null) {
    throw new PushConfigError("ERR_PUSH_INVALID_OPTION", "options are required");
  }
  const audience = list(options.audience, "audience").map(canonicalAudience);
  const issuer = options.issuer === undefined ? undefined : list(options.issuer, "issuer");
  const algorithms = [...(options.algorithms ?? DEFAULT_ALGORITHMS)];
  if (algorithms.length === 0) {
    throw new PushConfigError("ERR_PUSH_INVALID_OPTION", "algorithms must not be empty");
  }
  for (const alg of algorithms) {
    // A symmetric algorithm would let anyone holding the public JWK forge tokens.
    if (typeof alg !== "string" || SYMMETRIC_OR_NONE.test(alg)) {
      throw new PushConfigError(
        "ERR_PUSH_INVALID_OPTION",
        `algorithm ${JSON.stringify(alg)} is not allowed: only asymmetric signatures can be verified safely`,
      );
    }
  }
  const now = options.now ?? Date.now;
  const token = options.notificationToken;
  if (token !== undefined && typeof token !== "function") nonEmpty(token, "notificationToken");
  return {
    audience,
    issuer,
    algorithms,
    skew: nonNegative(options.clockSkewSeconds ?? DEFAULT_CLOCK_SKEW_SECONDS, "clockSkewSeconds"),
    maxLifetime: positive(options.maxTokenLifetimeSeconds ?? 900, "maxTokenLifetimeSeconds"),
    maxBodyBytes: positive(options.maxBodyBytes ?? MAX_BODY_BYTES, "maxBodyBytes"),
    replayCache: options.replayCache ?? new MemoryReplayCache({ now }),
    notificationToken: token,
    now,
    getKey: keyGetter(options),
  };
}

function keyGetter(options: PushVerifierOptions): KeyGetter {
  if ((options.jwksUrl === undefined) === (options.jwks === undefined)) {
    throw new PushConfigError("ERR_PUSH_INVALID_OPTION", "give exactly one of jwksUrl and jwks");
  }
  let lookup: (header: JWSHeaderParameters, token: never) => Promise<CryptoKey>;
  if (options.jwks !== undefined) {
    if (!Array.isArray(options.jwks?.keys)) {
      throw new PushConfigError(
        "ERR_PUSH_INVALID_OPTION",
        "jwks must be a JWK Set: { keys: [...] }",
      );
    }
    lookup = createLocalJWKSet(options.jwks as Parameters<typeof createLocalJWKSet>[0]);
  } else {
    let url: URL;
    try {
      url = new URL(String(options.jwksUrl));
    } catch (cause) {
      throw new PushConfigError("ERR_PUSH_INVALID_OPTION", "jwksUrl must be an absolute URL", {
        cause,
      });
    }
    lookup = createRemoteJWKSet(url, {
      cooldownDuration: options.jwksCooldownMs,
      cacheMaxAge: options.jwksCacheMaxAgeMs,
      timeoutDuration: options.jwksTimeoutMs,
      ...(options.fetch ? { [customFetch]: options.fetch } : {}),
    });
  }
  return async (header, token) => {
    try {
      return await lookup(header, token as never);
    } catch (cause) {
      throw new KeyLookupFailed("key lookup failed", { cause });
    }
  };
}

async function verify(request: Request, config: Config): Promise<VerifiedPushNotification> {
  const token = bearerToken(request);
  const header = protectedHeader(token);
  if (typeof header.alg !== "string" || !config.algorithms.includes(header.alg)) {
    throw new PushVerificationError(
      "ERR_PUSH_ALGORITHM",
      `algorithm ${JSON.stringify(header.alg)} is not accepted (allowed: ${config.algorithms.join(", ")})`,
    );
  }
  const claims = await verifyToken(token, config);
  const body = await readBody(request, config.maxBodyBytes);
  if ((await sha256Base64url(body)) !== claims.body_sha256) {
    throw new PushVerificationError(
      "ERR_PUSH_BODY_MISMATCH",
      `the body does not match the token's ${BODY_HASH_CLAIM} claim`,
    );
  }
  await checkNotificationToken(request, claims, config);
  const event = parseEvent(body);
  const eventTaskId = taskIdOf(event);
  if (claims.taskId !== undefined && eventTaskId !== undefined && claims.taskId !== eventTaskId) {
    throw new PushVerificationError(
      "ERR_PUSH_TASK_MISMATCH",
      `the token is for task ${claims.taskId} but the body is about task ${eventTaskId}`,
    );
  }
  // Recorded last, so a notification rejected for another reason does not burn its jti.
  const fresh = await config.replayCache.checkAndStore(
    claims.jti,
    (claims.exp + config.skew) * 1000,
  );
  if (!fresh) {
    throw new PushVerificationError("ERR_PUSH_REPLAYED", `token ${claims.jti} was already used`);
  }
  return { event, claims, token, header };
}

function bearerToken(request: Request): string {
  const value = request.headers.get("Authorization");
  if (value === null || value.trim() === "") {
    throw new PushVerificationError("ERR_PUSH_MISSING_TOKEN", "no Authorization header");
  }
  const match = /^Bearer[ \t]+([A-Za-z0-9_.-]+)[ \t]*$/i.exec(value.trim());
  if (!match?.[1]) {
    throw new PushVerificationError(
      "ERR_PUSH_MISSING_TOKEN",
      "the Authorization header is not `Bearer <jwt>`",
    );
  }
  return match[1];
}

function protectedHeader(token: string): ProtectedHeaderParameters {
  if (token.split(".").length !== 3) {
    throw new PushVerificationError("ERR_PUSH_MALFORMED_TOKEN", "the token is not a compact JWS");
  }
  try {
    return decodeProtectedHeader(token);
  } catch (cause) {
    throw new PushVerificationError(
      "ERR_PUSH_MALFORMED_TOKEN",
      "the token header is not valid base64url JSON",
      { cause },
    );
  }
}

async function verifyToken(token: string, config: Config): Promise<PushClaims> {
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, config.getKey, {
      algorithms: config.algorithms,
      audience: config.audience,
      issuer: config.issuer,
      clockTolerance: config.skew,
      currentDate: new Date(config.now()),
      requiredClaims: ["iat", "exp", "jti", BODY_HASH_CLAIM],
    }));
  } catch (error) {
    throw fromJose(error);
  }
  const now = config.now() / 1000;
  const { iat, exp, jti, taskId } = payload as Record<string, unknown>;
  const hash = payload[BODY_HASH_CLAIM];
  if (typeof iat !== "number" || typeof exp !== "number") {
    throw new PushVerificationError("ERR_PUSH_CLAIMS", "iat and exp must be numbers");
  }
  if (iat > now + config.skew) {
    throw new PushVerificationError("ERR_PUSH_NOT_YET_VALID", "the token is issued in the future");
  }
  if (exp - iat > config.maxLifetime) {
    throw new PushVerificationError(
      "ERR_PUSH_CLAIMS",
      `the token lives ${exp - iat} s, longer than the accepted ${config.maxLifetime} s`,
    );
  }
  if (typeof jti !== "string" || jti === "") {
    throw new PushVerificationError("ERR_PUSH_CLAIMS", "jti must be a non-empty string");
  }
  if (typeof hash !== "string" || hash === "") {
    throw new PushVerificationError("ERR_PUSH_CLAIMS", `${BODY_HASH_CLAIM} must be a string`);
  }
  if (taskId !== undefined && typeof taskId !== "string") {
    throw new PushVerificationError("ERR_PUSH_CLAIMS", "taskId must be a string");
  }
  return payload as PushClaims;
}

function fromJose(error: unknown): PushVerificationError {
  const options = { cause: error };
  if (error instanceof KeyLookupFailed) {
    const inner = error.cause;
    if (
      inner instanceof errors.JWKSNoMatchingKey ||
      inner instanceof errors.JWKSMultipleMatchingKeys
    ) {
      return new PushVerificationError(
        "ERR_PUSH_UNKNOWN_KEY",
        "no single key in the sender's JWKS matches the token's kid and alg",
        { cause: inner },
      );
    }
    return new PushVerificationError(
      "ERR_PUSH_JWKS_UNAVAILABLE",
      "the sender's JWKS could not be fetched or read",
      { cause: inner },
    );
  }
  if (error instanceof errors.JOSEAlgNotAllowed || error instanceof errors.JOSENotSupported) {
    return new PushVerificationError(
      "ERR_PUSH_ALGORITHM",
      "the token's algorithm is not accepted",
      options,
    );
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) {
    return new PushVerificationError(
      "ERR_PUSH_BAD_SIGNATURE",
      "the signature does not verify",
      options,
    );
  }
  if (error instanceof errors.JWTExpired) {
    return new PushVerificationError("ERR_PUSH_EXPIRED", "the token has expired", options);
  }
  if (error instanceof errors.JWTClaimValidationFailed) {
    // A token naming no webhook or no issuer fails those checks, as one naming the wrong one.
    if (error.reason === "missing" && error.claim !== "aud" && error.claim !== "iss") {
      return new PushVerificationError(
        "ERR_PUSH_CLAIMS",
        `the token has no ${error.claim} claim`,
        options,
      );
    }
    if (error.claim === "aud") {
      return new PushVerificationError(
        "ERR_PUSH_AUDIENCE",
        error.reason === "missing"
          ? "the token names no webhook (aud)"
          : "the token is for another webhook (aud)",
        options,
      );
    }
    if (error.claim === "iss") {
      return new PushVerificationError(
        "ERR_PUSH_ISSUER",
        error.reason === "missing"
          ? "the token names no issuer (iss)"
          : "the token comes from an unexpected issuer (iss)",
        options,
      );
    }
    if (error.claim === "nbf") {
      return new PushVerificationError(
        "ERR_PUSH_NOT_YET_VALID",
        "the token is not valid yet",
        options,
      );
    }
    return new PushVerificationError(
      "ERR_PUSH_CLAIMS",
      `the ${error.claim} claim is invalid: ${error.message}`,
      options,
    );
  }
  return new PushVerificationError("ERR_PUSH_MALFORMED_TOKEN", "the token is malformed", options);
}

async function checkNotificationToken(
  request: Request,
  claims: PushClaims,
  config: Config,
): Promise<void> {
  const setting = config.notificationToken;
  const expected = typeof setting === "function" ? await setting(claims) : setting;
  if (expected === undefined) return;
  const received = request.headers.get(NOTIFICATION_TOKEN_HEADER);
  if (received === null || !timingSafeEqual(received, expected)) {
    throw new PushVerificationError(
      "ERR_PUSH_NOTIFICATION_TOKEN",
      `the ${NOTIFICATION_TOKEN_HEADER} header is ${received === null ? "missing" : "wrong"}`,
    );
  }
}

function parseEvent(body: Uint8Array): StreamResponse {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(body));
  } catch (cause) {
    throw new PushVerificationError("ERR_PUSH_INVALID_BODY", "the body is not UTF-8 JSON", {
      cause,
    });
  }
  const result = parse(StreamResponse, json);
  if (!result.success) {
    const detail = result.issues.map((issue) => `${issue.path}: ${issue.message}`).join("; ");
    throw new PushVerificationError(
      "ERR_PUSH_INVALID_BODY",
      `the body is not a StreamResponse (${detail})`,
    );
  }
  return result.data;
}

function list(value: string | readonly string[] | undefined, name: string): string[] {
  const items = typeof value === "string" ? [value] : value;
  if (!Array.isArray(items) || items.length === 0) {
    throw new PushConfigError("ERR_PUSH_INVALID_OPTION", `${name} is required`);
  }
  return items.map((item, i) => nonEmpty(item, `${name}[${i}]`));
}
