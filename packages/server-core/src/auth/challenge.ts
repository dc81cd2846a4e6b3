import type { SecurityScheme } from "@a2akit/types";

/**
 * The `WWW-Authenticate` value naming every scheme of the card, one challenge each (RFC 9110
 * §11.6.1), duplicates merged: `Bearer` for bearer, OAuth 2.0 and OpenID Connect schemes,
 * `Basic` for Basic, and for API keys and mutual TLS (which HTTP has no scheme for) the
 * challenges `ApiKey` (with where the key goes) and `MutualTLS`.
 */
export function challengeFor(
  schemes: Readonly<Record<string, SecurityScheme>>,
  realm: string,
): string {
  const r = `realm=${quote(realm)}`;
  const challenges = Object.values(schemes).map((s) => {
    if (s.apiKeySecurityScheme) {
      const k = s.apiKeySecurityScheme;
      return `ApiKey ${r}, in=${quote(k.location)}, name=${quote(k.name)}`;
    }
    if (s.httpAuthSecurityScheme) {
      const scheme = s.httpAuthSecurityScheme.scheme;
      const lower = scheme.toLowerCase();
      if (lower === "basic") return `Basic ${r}, charset="UTF-8"`;
      if (lower === "bearer") return `Bearer ${r}`;
      return `${scheme} ${r}`;
    }
    if (s.oauth2SecurityScheme || s.openIdConnectSecurityScheme) return `Bearer ${r}`;
    return `MutualTLS ${r}`;
  });
  return [...new Set(challenges)].join(", ");
}

/** An RFC 9110 quoted-string. */
function quote(value: string): string {
  return `"${value.replace(/[\\"]/g, "\\$&").replace(/[\r\n]/g, " ")}"`;
}
