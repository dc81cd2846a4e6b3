import { base64ToBytes, bytesToBase64, InvalidParamsError } from "@a2akit/types";

const encoder = new TextEncoder();
const decoder = new TextDecoder();

function toBase64Url(bytes: Uint8Array): string {
  return bytesToBase64(bytes).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/**
 * Opaque page tokens: a base64url JSON cursor plus an HMAC-SHA-256, so a client can neither
 * read meaning into a token nor forge or alter one.
 */
export class PageTokens {
  private readonly key: Promise<CryptoKey>;

  /**
   * Without a secret, tokens are signed with a fresh random key: they stop verifying when the
   * process restarts, and other instances refuse them. Instances behind one load balancer share
   * a secret so a page fetched from one instance can be continued on another.
   */
  constructor(secret?: string | Uint8Array) {
    this.key =
      secret === undefined
        ? (crypto.subtle.generateKey({ name: "HMAC", hash: "SHA-256" }, false, [
            "sign",
            "verify",
          ]) as Promise<CryptoKey>)
        : crypto.subtle.importKey(
            "raw",
            typeof secret === "string" ? encoder.encode(secret) : new Uint8Array(secret),
            { name: "HMAC", hash: "SHA-256" },
            false,
            ["sign", "verify"],
          );
  }

  /** Signs a cursor for the given purpose (`kind` keeps tokens of one list out of another). */
  async sign(kind: string, cursor: unknown): Promise<string> {
    const body = toBase64Url(encoder.encode(JSON.stringify(cursor)));
    const mac = await crypto.subtle.sign("HMAC", await this.key, encoder.encode(`${kind}.${body}`));
    return `${body}.${toBase64Url(new Uint8Array(mac))}`;
  }

  /** Returns the cursor a token carries; InvalidParamsError for anything not signed here. */
  async verify(kind: string, token: string, field = "pageToken"): Promise<unknown> {
    const dot = token.indexOf(".");
    const invalid = () =>
      new InvalidParamsError(`${field} is not a token this server issued (or it has expired)`, {
        details: [
          {
            "@type": "type.googleapis.com/google.rpc.BadRequest",
            fieldViolations: [{ field, description: "unknown or altered page token" }],
          },
        ],
      });
    if (dot <= 0) throw invalid();
    const body = token.slice(0, dot);
    try {
      const mac = new Uint8Array(base64ToBytes(token.slice(dot + 1)));
      const ok = await crypto.subtle.verify(
        "HMAC",
        await this.key,
        mac,
        encoder.encode(`${kind}.${body}`),
      );
      if (!ok) throw invalid();
      return JSON.parse(decoder.decode(base64ToBytes(body)));
    } catch {
      throw invalid();
    }
  }
}
