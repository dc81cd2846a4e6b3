// Base64 through web APIs only (btoa/atob), so this runs in browsers, Deno, Bun and Workers.

const CHUNK = 0x8000;

/** Encodes bytes as standard base64 with padding. */
export function bytesToBase64(bytes: Uint8Array): string {
  let binary = "";
  for (let i = 0; i < bytes.length; i += CHUNK) {
    binary += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  }
  return btoa(binary);
}

/**
 * Decodes standard or URL-safe base64, with or without padding. Text that is not base64 throws
 * a TypeError.
 */
export function base64ToBytes(base64: string): Uint8Array {
  let s = String(base64).replace(/-/g, "+").replace(/_/g, "/").replace(/=+$/, "");
  s += "=".repeat((4 - (s.length % 4)) % 4);
  let binary: string;
  try {
    binary = atob(s);
  } catch (cause) {
    // atob's own error says only "Invalid character", whatever was wrong.
    throw new TypeError("base64ToBytes: the input is not valid base64", { cause });
  }
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}
