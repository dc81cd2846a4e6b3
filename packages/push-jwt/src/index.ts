/**
 * @a2akit/push-jwt: signed A2A push notifications. The agent signs each webhook POST with a
 * short-lived JWT bound to the webhook URL and the exact body bytes and publishes its public
 * keys as a JWKS; the receiver verifies signature, claims, body, replay and notification token.
 * WebCrypto only, so it runs on Node, Bun, Deno and Workers.
 */

// The signed bytes of a card, defined once in @a2akit/types for signers and verifiers alike.
export { agentCardSigningPayload } from "@a2akit/types";
export type { PushBody } from "./body-hash.js";
export type { SignAgentCardOptions } from "./card-signer.js";
export { signAgentCard } from "./card-signer.js";
export type { PushAlgorithm } from "./constants.js";
export {
  BODY_HASH_CLAIM,
  DEFAULT_ALGORITHMS,
  DEFAULT_CLOCK_SKEW_SECONDS,
  DEFAULT_TOKEN_LIFETIME_SECONDS,
  JWKS_MEDIA_TYPE,
  JWKS_PATH,
  NOTIFICATION_TOKEN_HEADER,
  PUSH_JWT_EXTENSION_URI,
} from "./constants.js";
export type { PushConfigErrorCode, PushVerificationErrorCode } from "./errors.js";
export {
  isPushVerificationError,
  PushConfigError,
  PushJwtError,
  PushVerificationError,
} from "./errors.js";
export type { PushJwtExtensionParams } from "./extension.js";
export { pushJwtExtension, pushJwtParamsOf } from "./extension.js";
export type { JsonWebKeySet, JwksResponseOptions } from "./jwks-response.js";
export { jwksResponse } from "./jwks-response.js";
export type { PushKeyManagerOptions } from "./key-manager.js";
export { PushKeyManager } from "./key-manager.js";
export type {
  GeneratePushSigningKeyOptions,
  ImportPushSigningKeyOptions,
  PublicJwk,
  PushSigningKey,
  PushSigningKeyInput,
} from "./keys.js";
export {
  exportPushSigningKey,
  generatePushSigningKey,
  importPushSigningKey,
  toPublicJwk,
} from "./keys.js";
export type { MemoryReplayCacheOptions, ReplayCache } from "./replay-cache.js";
export { MemoryReplayCache } from "./replay-cache.js";
export type {
  PushNotificationInput,
  PushSignerOptions,
  SignedPushNotification,
  SignPushNotificationOptions,
} from "./signer.js";
export { PushSigner, signPushNotification } from "./signer.js";
export type {
  NotificationTokenLookup,
  PushClaims,
  PushVerifier,
  PushVerifierOptions,
  VerifiedPushNotification,
} from "./verifier.js";
export { createPushVerifier, verifyPushNotification } from "./verifier.js";
