import { authorizationCredentials, decodeBasic } from "./credentials.js";
import {
  ABSENT,
  type AuthIdentity,
  type CredentialCheck,
  invalid,
  type MaybePromise,
  type SchemeVerifier,
  valid,
} from "./types.js";

/**
 * Checks a user name and password (HTTP Basic); `undefined` when they do not match. Compare
 * password hashes in constant time (see `timingSafeEqual`).
 */
export type BasicVerify = (
  username: string,
  password: string,
  request: Request,
) => MaybePromise<AuthIdentity | undefined>;

/** The verifier of an httpAuthSecurityScheme with scheme `Basic`. */
export function basicVerifier(verify: BasicVerify): SchemeVerifier {
  return async (request): Promise<CredentialCheck> => {
    const credentials = authorizationCredentials(request, "Basic");
    if (credentials === undefined) return ABSENT;
    const decoded = decodeBasic(credentials);
    if (!decoded) return invalid("the Basic credentials are not base64 of user:password");
    const identity = await verify(decoded.username, decoded.password, request);
    return identity ? valid(identity) : invalid("the user name or password is wrong");
  };
}
