const encoder = new TextEncoder();

/** SHA-256 of a UTF-8 string (Web Crypto, so it runs on every runtime). */
export async function sha256(value: string): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest("SHA-256", encoder.encode(value)));
}

/** Lower-case hex of some bytes. */
export function hex(bytes: Uint8Array): string {
  let out = "";
  for (const b of bytes) out += b.toString(16).padStart(2, "0");
  return out;
}

/**
 * Compares two byte arrays in time that depends only on their lengths, so a caller cannot learn
 * a secret byte by byte from response times. Compare digests to hide the length too.
 */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  let diff = a.length ^ b.length;
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) diff |= (a[i] ?? 0) ^ (b[i] ?? 0);
  return diff === 0;
}

/**
 * Compares two secrets in constant time: both are hashed first, so neither their content nor
 * their length shows in the timing.
 */
export async function timingSafeEqual(a: string, b: string): Promise<boolean> {
  const [x, y] = await Promise.all([sha256(a), sha256(b)]);
  return bytesEqual(x, y);
}
