import type { JWK } from "jose";
import { sha256Base64url } from "./body-hash.js";
import { JWKS_MEDIA_TYPE } from "./constants.js";

/** A JSON Web Key Set (RFC 7517 §5). */
export interface JsonWebKeySet {
  keys: JWK[];
}

/** Options for {@link jwksResponse}. */
export interface JwksResponseOptions {
  /** `Cache-Control` max-age in seconds (default 60): short, so a rotation is seen quickly. */
  maxAgeSeconds?: number;
}

/**
 * Serves a JWKS as a Fetch `Response` with `Content-Type: application/jwk-set+json`, an ETag
 * and `Cache-Control`; a matching `If-None-Match` gets 304 and a HEAD request gets no body.
 */
export async function jwksResponse(
  jwks: JsonWebKeySet,
  request?: Request,
  options: JwksResponseOptions = {},
): Promise<Response> {
  const text = JSON.stringify(jwks);
  const etag = `"${await sha256Base64url(new TextEncoder().encode(text))}"`;
  const headers = new Headers({
    "Content-Type": JWKS_MEDIA_TYPE,
    "Cache-Control": `public, max-age=${Math.floor(options.maxAgeSeconds ?? 60)}`,
    ETag: etag,
    // The set is public and receivers may run in a browser.
    "Access-Control-Allow-Origin": "*",
  });
  if (request && request.method !== "GET" && request.method !== "HEAD") {
    headers.set("Allow", "GET, HEAD");
    return new Response(null, { status: 405, headers });
  }
  if (request && matchesEtag(request.headers.get("If-None-Match"), etag)) {
    return new Response(null, { status: 304, headers });
  }
  return new Response(request?.method === "HEAD" ? null : text, { status: 200, headers });
}

function matchesEtag(header: string | null, etag: string): boolean {
  if (header === null) return false;
  return header
    .split(",")
    .map((tag) => tag.trim().replace(/^W\//, ""))
    .some((tag) => tag === etag || tag === "*");
}
