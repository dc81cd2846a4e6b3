/**
 * @a2akit/server-core/auth: authentication and authorization derived from the agent card. Kept
 * out of the main entry because it brings in jose.
 */
export type { ApiKeyLookup, ApiKeyTable } from "./api-key.js";
export type { BasicVerify } from "./basic.js";
export type { CardAuth, CardAuthOptions, MtlsIdentify } from "./card-auth.js";
export { authFromCard } from "./card-auth.js";
export { timingSafeEqual } from "./crypto.js";
export type { IntrospectionOptions } from "./introspection.js";
export type { JwtOptions } from "./jwt.js";
export { DEFAULT_JWT_ALGORITHMS } from "./jwt.js";
export type { SkillAuthorizationOptions } from "./skills.js";
export { authorizeSkill, withSkillAuthorization } from "./skills.js";
export type { AuthIdentity, CredentialCheck, SchemeVerifier } from "./types.js";
