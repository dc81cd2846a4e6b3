import { base64url } from "jose";

/** Request body bytes as a sender holds them: UTF-8 text or raw bytes. */
export type PushBody = string | Uint8Array | ArrayBuffer;

/** Encodes a body the way fetch sends it: strings as UTF-8, bytes unchanged. */
export function bodyBytes(body: PushBody): Uint8Array {
  if (typeof body === "string") return new TextEncoder().encode(body);
  if (body instanceof Uint8Array) return body;
  if (body instanceof ArrayBuffer) return new Uint8Array(body);
  throw new TypeError("body must be a string, a Uint8Array or an ArrayBuffer");
}

/** The SHA-256 of `bytes`, base64url without padding: the value of the body hash claim. */
export async function sha256Base64url(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>);
  return base64url.encode(new Uint8Array(digest));
}
