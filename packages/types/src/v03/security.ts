import { z } from "zod";

const Scopes = z.record(z.string(), z.string());
const description = z.string().optional();

/** v0.3 API key scheme: `{"type": "apiKey", "in": "header", "name": "X-API-Key"}`. */
export const V03APIKeySecurityScheme = z.object({
  type: z.literal("apiKey"),
  in: z.enum(["query", "header", "cookie"]),
  name: z.string(),
  description,
});
/** v0.3 HTTP auth scheme: `{"type": "http", "scheme": "Bearer"}`. */
export const V03HTTPAuthSecurityScheme = z.object({
  type: z.literal("http"),
  scheme: z.string(),
  bearerFormat: z.string().optional(),
  description,
});

export const V03AuthorizationCodeOAuthFlow = z.object({
  authorizationUrl: z.string(),
  tokenUrl: z.string(),
  refreshUrl: z.string().optional(),
  scopes: Scopes,
});
export const V03ClientCredentialsOAuthFlow = z.object({
  tokenUrl: z.string(),
  refreshUrl: z.string().optional(),
  scopes: Scopes,
});
export const V03ImplicitOAuthFlow = z.object({
  authorizationUrl: z.string(),
  refreshUrl: z.string().optional(),
  scopes: Scopes,
});
export const V03PasswordOAuthFlow = z.object({
  tokenUrl: z.string(),
  refreshUrl: z.string().optional(),
  scopes: Scopes,
});

/** v0.3 OAuth flows: any number of them at once (v1.0 holds exactly one). */
export const V03OAuthFlows = z.object({
  authorizationCode: V03AuthorizationCodeOAuthFlow.optional(),
  clientCredentials: V03ClientCredentialsOAuthFlow.optional(),
  implicit: V03ImplicitOAuthFlow.optional(),
  password: V03PasswordOAuthFlow.optional(),
});
export type V03OAuthFlows = z.output<typeof V03OAuthFlows>;

/** v0.3 OAuth 2.0 scheme. */
export const V03OAuth2SecurityScheme = z.object({
  type: z.literal("oauth2"),
  flows: V03OAuthFlows,
  oauth2MetadataUrl: z.string().optional(),
  description,
});
/** v0.3 OpenID Connect scheme. */
export const V03OpenIdConnectSecurityScheme = z.object({
  type: z.literal("openIdConnect"),
  openIdConnectUrl: z.string(),
  description,
});
/** v0.3 mutual TLS scheme. */
export const V03MutualTLSSecurityScheme = z.object({
  type: z.literal("mutualTLS"),
  description,
});

/** A v0.3 security scheme, told apart by `type` (OpenAPI style). */
export const V03SecurityScheme = z.discriminatedUnion("type", [
  V03APIKeySecurityScheme,
  V03HTTPAuthSecurityScheme,
  V03OAuth2SecurityScheme,
  V03OpenIdConnectSecurityScheme,
  V03MutualTLSSecurityScheme,
]);
export type V03SecurityScheme = z.output<typeof V03SecurityScheme>;

/** One v0.3 security requirement: scheme name to required scopes (all must hold). */
export const V03SecurityRequirement = z.record(z.string(), z.array(z.string()));
export type V03SecurityRequirement = z.output<typeof V03SecurityRequirement>;
