import type { OAuthFlows, SecurityRequirement, SecurityScheme } from "../v1/security.js";
import { cannotConvert } from "./convert-util.js";
import type { V03OAuthFlows, V03SecurityRequirement, V03SecurityScheme } from "./security.js";

const API_KEY_LOCATIONS = new Set(["query", "header", "cookie"]);

function withDescription<T extends object>(out: T, description: string | undefined): T {
  if (description !== undefined) (out as { description?: string }).description = description;
  return out;
}

/** A v1.0 security scheme (oneof wrapper form) in v0.3 form (OpenAPI `type` form). */
export function securitySchemeToV03At(scheme: SecurityScheme, path: string): V03SecurityScheme {
  if (scheme.apiKeySecurityScheme) {
    const s = scheme.apiKeySecurityScheme;
    if (!API_KEY_LOCATIONS.has(s.location)) {
      return cannotConvert(
        `${path}.apiKeySecurityScheme.location`,
        "v0.3 allows only query, header or cookie",
      );
    }
    return withDescription(
      { type: "apiKey", in: s.location as "query" | "header" | "cookie", name: s.name },
      s.description,
    );
  }
  if (scheme.httpAuthSecurityScheme) {
    const s = scheme.httpAuthSecurityScheme;
    const out: V03SecurityScheme = { type: "http", scheme: s.scheme };
    if (s.bearerFormat !== undefined) out.bearerFormat = s.bearerFormat;
    return withDescription(out, s.description);
  }
  if (scheme.oauth2SecurityScheme) {
    const s = scheme.oauth2SecurityScheme;
    const out: V03SecurityScheme = { type: "oauth2", flows: flowsToV03(s.flows) };
    if (s.oauth2MetadataUrl !== undefined) out.oauth2MetadataUrl = s.oauth2MetadataUrl;
    return withDescription(out, s.description);
  }
  if (scheme.openIdConnectSecurityScheme) {
    const s = scheme.openIdConnectSecurityScheme;
    return withDescription(
      { type: "openIdConnect", openIdConnectUrl: s.openIdConnectUrl },
      s.description,
    );
  }
  if (scheme.mtlsSecurityScheme) {
    return withDescription({ type: "mutualTLS" }, scheme.mtlsSecurityScheme.description);
  }
  return cannotConvert(path, "a security scheme needs one of its five kinds");
}

/**
 * v1.0 holds exactly one flow. Lossy: `deviceCode` has no v0.3 form and is dropped (leaving
 * `flows: {}`, which tells a v0.3 client there is no flow it can use); `pkceRequired` is dropped.
 */
function flowsToV03(flows: OAuthFlows): V03OAuthFlows {
  if (flows.authorizationCode) {
    const f = flows.authorizationCode;
    const out: NonNullable<V03OAuthFlows["authorizationCode"]> = {
      authorizationUrl: f.authorizationUrl,
      tokenUrl: f.tokenUrl,
      scopes: f.scopes,
    };
    if (f.refreshUrl !== undefined) out.refreshUrl = f.refreshUrl;
    return { authorizationCode: out };
  }
  if (flows.clientCredentials) {
    const f = flows.clientCredentials;
    const out: NonNullable<V03OAuthFlows["clientCredentials"]> = {
      tokenUrl: f.tokenUrl,
      scopes: f.scopes,
    };
    if (f.refreshUrl !== undefined) out.refreshUrl = f.refreshUrl;
    return { clientCredentials: out };
  }
  // The deprecated flows' fields are optional in v1.0 but REQUIRED in v0.3: absent means empty.
  if (flows.implicit) {
    const f = flows.implicit;
    const out: NonNullable<V03OAuthFlows["implicit"]> = {
      authorizationUrl: f.authorizationUrl ?? "",
      scopes: f.scopes ?? {},
    };
    if (f.refreshUrl !== undefined) out.refreshUrl = f.refreshUrl;
    return { implicit: out };
  }
  if (flows.password) {
    const f = flows.password;
    const out: NonNullable<V03OAuthFlows["password"]> = {
      tokenUrl: f.tokenUrl ?? "",
      scopes: f.scopes ?? {},
    };
    if (f.refreshUrl !== undefined) out.refreshUrl = f.refreshUrl;
    return { password: out };
  }
  return {};
}

// v0.3 may list several flows; v1.0 holds one. The most secure usable one wins.
const FLOW_PRIORITY = ["authorizationCode", "clientCredentials", "implicit", "password"] as const;

/**
 * A v0.3 security scheme in v1.0 wrapper form. Lossy: of several OAuth flows only the first in
 * the order authorizationCode, clientCredentials, implicit, password is kept.
 */
export function securitySchemeFromV03At(scheme: V03SecurityScheme, path: string): SecurityScheme {
  switch (scheme.type) {
    case "apiKey":
      return {
        apiKeySecurityScheme: withDescription(
          { location: scheme.in, name: scheme.name },
          scheme.description,
        ),
      };
    case "http": {
      const out: NonNullable<SecurityScheme["httpAuthSecurityScheme"]> = { scheme: scheme.scheme };
      if (scheme.bearerFormat !== undefined) out.bearerFormat = scheme.bearerFormat;
      return { httpAuthSecurityScheme: withDescription(out, scheme.description) };
    }
    case "oauth2": {
      const name = FLOW_PRIORITY.find((k) => scheme.flows[k] !== undefined);
      if (name === undefined) {
        return cannotConvert(`${path}.flows`, "an OAuth2 scheme needs at least one flow");
      }
      const out: NonNullable<SecurityScheme["oauth2SecurityScheme"]> = {
        flows: { [name]: scheme.flows[name] } as OAuthFlows,
      };
      if (scheme.oauth2MetadataUrl !== undefined) out.oauth2MetadataUrl = scheme.oauth2MetadataUrl;
      return { oauth2SecurityScheme: withDescription(out, scheme.description) };
    }
    case "openIdConnect":
      return {
        openIdConnectSecurityScheme: withDescription(
          { openIdConnectUrl: scheme.openIdConnectUrl },
          scheme.description,
        ),
      };
    case "mutualTLS":
      return { mtlsSecurityScheme: withDescription({}, scheme.description) };
  }
}

/** v1.0 `{schemes: {name: {list: [scopes]}}}` as v0.3 `{name: [scopes]}`. */
export function securityRequirementToV03(requirement: SecurityRequirement): V03SecurityRequirement {
  const out: V03SecurityRequirement = {};
  for (const [name, scopes] of Object.entries(requirement.schemes ?? {})) {
    out[name] = [...(scopes.list ?? [])];
  }
  return out;
}

/** v0.3 `{name: [scopes]}` as v1.0 `{schemes: {name: {list: [scopes]}}}`. */
export function securityRequirementFromV03(
  requirement: V03SecurityRequirement,
): SecurityRequirement {
  const schemes: NonNullable<SecurityRequirement["schemes"]> = {};
  for (const [name, scopes] of Object.entries(requirement)) schemes[name] = { list: [...scopes] };
  return { schemes };
}
