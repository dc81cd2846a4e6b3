/** Reading credentials off a request, without judging them. */

/** The credentials part of `Authorization: <scheme> <credentials>` when the scheme matches. */
export function authorizationCredentials(request: Request, scheme: string): string | undefined {
  const header = request.headers.get("authorization");
  if (!header) return undefined;
  const space = header.indexOf(" ");
  if (space < 0) return undefined;
  if (header.slice(0, space).toLowerCase() !== scheme.toLowerCase()) return undefined;
  const value = header.slice(space + 1).trim();
  return value === "" ? undefined : value;
}

/** The value of cookie `name`, if the request sends it. */
export function cookieValue(request: Request, name: string): string | undefined {
  const header = request.headers.get("cookie");
  if (!header) return undefined;
  for (const pair of header.split(";")) {
    const eq = pair.indexOf("=");
    if (eq < 0 || pair.slice(0, eq).trim() !== name) continue;
    const raw = pair.slice(eq + 1).trim();
    const unquoted =
      raw.length >= 2 && raw.startsWith('"') && raw.endsWith('"') ? raw.slice(1, -1) : raw;
    try {
      return decodeURIComponent(unquoted);
    } catch {
      return unquoted;
    }
  }
  return undefined;
}

/** Decodes HTTP Basic credentials (`base64(user:password)`, UTF-8), or `undefined` if malformed. */
export function decodeBasic(
  credentials: string,
): { username: string; password: string } | undefined {
  let text: string;
  try {
    const binary = atob(credentials);
    const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
  const colon = text.indexOf(":");
  if (colon < 0) return undefined;
  return { username: text.slice(0, colon), password: text.slice(colon + 1) };
}
