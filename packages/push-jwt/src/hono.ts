/**
 * @a2akit/push-jwt/hono: a Hono middleware that verifies push notifications and hands the
 * result to the route as `c.get("a2aPush")`.
 */
import type { MiddlewareHandler } from "hono";
import { PushVerificationError } from "./errors.js";
import {
  createPushVerifier,
  type PushVerifier,
  type PushVerifierOptions,
  type VerifiedPushNotification,
} from "./verifier.js";

/** Hono context variables set by {@link pushVerifier}: type your app with `{ Variables: PushVariables }`. */
export interface PushVariables {
  a2aPush: VerifiedPushNotification;
}

/**
 * Verifies each request as a signed push notification. On failure it answers with the error's
 * status (401 for authentication failures) and `{ error: { code, message } }`.
 */
export function pushVerifier(
  options: PushVerifierOptions | PushVerifier,
): MiddlewareHandler<{ Variables: PushVariables }> {
  const verifier = "verify" in options ? options : createPushVerifier(options);
  return async (c, next) => {
    let verified: VerifiedPushNotification;
    try {
      verified = await verifier.verify(c.req.raw);
    } catch (error) {
      if (!(error instanceof PushVerificationError)) throw error;
      const headers: Record<string, string> = {};
      if (error.status === 401) headers["WWW-Authenticate"] = 'Bearer error="invalid_token"';
      return c.json(
        { error: { code: error.code, message: error.message } },
        error.status as 400 | 401 | 413 | 503,
        headers,
      );
    }
    c.set("a2aPush", verified);
    await next();
  };
}
