const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);

/**
 * Parses a URL the authenticators fetch keys or verdicts from. It must be https (anyone on the
 * path could otherwise forge keys or verdicts), except on loopback or when `allowHttp` is set.
 */
export function secureUrl(value: string, what: string, allowHttp = false): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new TypeError(`${what} must be an absolute URL, got ${JSON.stringify(value)}`);
  }
  if (url.protocol === "https:") return url;
  if (url.protocol === "http:" && (allowHttp || LOOPBACK.has(url.hostname))) return url;
  throw new TypeError(
    `${what} must use https (http only on loopback, or with allowHttp), got ${JSON.stringify(value)}`,
  );
}
