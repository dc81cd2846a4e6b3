/**
 * The extension URI an agent lists in `capabilities.extensions` to say that it signs push
 * notifications with this scheme; `params.jwksUrl` says where its keys are published.
 */
export const PUSH_JWT_EXTENSION_URI =
  "https://github.com/a2akit/a2akit/blob/main/packages/push-jwt/README.md#push-jwt-extension-v1";

/** The conventional path for the agent's JWKS, next to its agent card. */
export const JWKS_PATH = "/.well-known/jwks.json";

/** The media type of a JWK Set (RFC 7517 §8.5). */
export const JWKS_MEDIA_TYPE = "application/jwk-set+json";

/**
 * The claim holding the SHA-256 of the exact request body bytes, base64url without padding.
 * It ties the token to one body, so a captured token cannot carry a different payload.
 */
export const BODY_HASH_CLAIM = "body_sha256";

/** The de-facto header that carries `PushNotificationConfig.token` to the webhook. */
export const NOTIFICATION_TOKEN_HEADER = "X-A2A-Notification-Token";

/** Signature algorithms this package signs with. */
export type PushAlgorithm = "ES256" | "EdDSA";

/** Algorithms a verifier accepts unless told otherwise; `Ed25519` is EdDSA's RFC 9864 name. */
export const DEFAULT_ALGORITHMS: readonly string[] = ["ES256", "EdDSA", "Ed25519"];

/** Token lifetime used when none is configured, in seconds. */
export const DEFAULT_TOKEN_LIFETIME_SECONDS = 300;

/** Clock skew tolerated between sender and receiver when none is configured, in seconds. */
export const DEFAULT_CLOCK_SKEW_SECONDS = 30;
