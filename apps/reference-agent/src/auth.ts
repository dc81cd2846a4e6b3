import { createHash } from "node:crypto";
import type { Logger } from "@a2akit/server-core";
import { type AuthIdentity, authFromCard, type CardAuth } from "@a2akit/server-core/auth";
import type { AgentCard } from "@a2akit/types";

/** Bearer JWTs the agent accepts: from JWT_JWKS_URL, JWT_ISSUER and JWT_AUDIENCE. */
export interface JwtSettings {
  jwksUrl: string;
  issuer: string;
  audience: string;
}

/** Which security schemes the card declares; either one admits a caller. */
export interface AuthSchemes {
  /** `X-API-Key: <one of API_KEYS>`. */
  apiKey: boolean;
  /** `Authorization: Bearer <JWT>` signed by the JWKS's issuer for the audience. */
  jwt: boolean;
}

/** The schemes the configuration asks for; `undefined` when calls need no credentials. */
export function authSchemes(config: {
  apiKeys: readonly string[];
  jwt: JwtSettings | undefined;
}): AuthSchemes | undefined {
  const schemes = { apiKey: config.apiKeys.length > 0, jwt: config.jwt !== undefined };
  return schemes.apiKey || schemes.jwt ? schemes : undefined;
}

/**
 * Enforces what the card declares, built from the card itself (see `agentCard`): API keys are
 * compared in constant time and JWTs verified against the issuer's key set. An API-key caller's
 * id is derived from a hash of the key, so the key never reaches logs or task scopes; a JWT
 * caller is its `sub`.
 */
export function cardAuth(
  card: AgentCard,
  config: { apiKeys: readonly string[]; jwt: JwtSettings | undefined },
  logger: Logger,
): CardAuth {
  const keys: Record<string, AuthIdentity> = {};
  for (const key of config.apiKeys) {
    keys[key] = { id: `key-${createHash("sha256").update(key).digest("hex").slice(0, 8)}` };
  }
  return authFromCard(card, {
    ...(config.apiKeys.length > 0 ? { apiKeys: keys } : {}),
    ...(config.jwt ? { jwt: config.jwt } : {}),
    logger,
  });
}
