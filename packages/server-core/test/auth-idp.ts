import { once } from "node:events";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import {
  type CryptoKey,
  exportJWK,
  exportSPKI,
  generateKeyPair,
  type JWTPayload,
  SignJWT,
} from "jose";

/** A signing key of the fake identity provider, published in its JWKS. */
export interface IdpKey {
  readonly kid: string;
  readonly alg: string;
  readonly privateKey: CryptoKey;
  /** The public key as SPKI PEM: what an HS/RS confusion attacker would use as HMAC secret. */
  readonly publicPem: string;
}

/** What the fake introspection endpoint knows about an opaque token. */
export type IntrospectionAnswer = Record<string, unknown>;

/**
 * A local OpenID provider on a real socket: discovery document, JWKS, and an RFC 7662
 * introspection endpoint that counts its calls and requires client credentials.
 */
export interface FakeIdp {
  readonly issuer: string;
  readonly jwksUrl: string;
  readonly discoveryUrl: string;
  readonly introspectionUrl: string;
  readonly rsa: IdpKey;
  readonly ec: IdpKey;
  /** Opaque token → introspection answer (`{active:false}` for unknown tokens). */
  readonly tokens: Map<string, IntrospectionAnswer>;
  /** Requests served, by path. */
  readonly hits: Map<string, number>;
  /** Signs a JWT for the audience `agent` with sensible claims; override anything. */
  sign(claims?: JWTPayload, options?: SignOptions): Promise<string>;
  close(): Promise<void>;
}

export interface SignOptions {
  key?: IdpKey;
  /** Seconds from now. */
  expiresIn?: number;
  issuer?: string;
  audience?: string;
}

export const CLIENT_ID = "agent-client";
export const CLIENT_SECRET = "s3cret:with&symbols";

async function key(kid: string, alg: "RS256" | "ES256"): Promise<{ key: IdpKey; jwk: object }> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const jwk = { ...(await exportJWK(publicKey)), kid, alg, use: "sig" };
  return { key: { kid, alg, privateKey, publicPem: await exportSPKI(publicKey) }, jwk };
}

async function body(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

export async function startIdp(): Promise<FakeIdp> {
  const rsa = await key("rsa-1", "RS256");
  const ec = await key("ec-1", "ES256");
  const tokens = new Map<string, IntrospectionAnswer>();
  const hits = new Map<string, number>();
  let base = "";
  const expectedAuth = `Basic ${Buffer.from(
    `${encodeURIComponent(CLIENT_ID)}:${encodeURIComponent(CLIENT_SECRET).replace(/%20/g, "+")}`,
  ).toString("base64")}`;
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", base).pathname;
    hits.set(path, (hits.get(path) ?? 0) + 1);
    const json = (status: number, value: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(value));
    };
    if (path === "/.well-known/openid-configuration") {
      return json(200, {
        issuer: base,
        jwks_uri: `${base}/jwks.json`,
        introspection_endpoint: `${base}/introspect`,
      });
    }
    if (path === "/jwks.json") return json(200, { keys: [rsa.jwk, ec.jwk] });
    if (path === "/introspect" && req.method === "POST") {
      void body(req).then((text) => {
        if (req.headers.authorization !== expectedAuth)
          return json(401, { error: "invalid_client" });
        if (req.headers["content-type"] !== "application/x-www-form-urlencoded") {
          return json(400, { error: "invalid_request" });
        }
        const token = new URLSearchParams(text).get("token") ?? "";
        json(200, tokens.get(token) ?? { active: false });
      });
      return;
    }
    json(404, { error: "not found" });
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    issuer: base,
    jwksUrl: `${base}/jwks.json`,
    discoveryUrl: `${base}/.well-known/openid-configuration`,
    introspectionUrl: `${base}/introspect`,
    rsa: rsa.key,
    ec: ec.key,
    tokens,
    hits,
    async sign(claims = {}, options = {}) {
      const k = options.key ?? rsa.key;
      const now = Math.floor(Date.now() / 1000);
      return new SignJWT({ sub: "alice", scope: "tasks:read tasks:write", ...claims })
        .setProtectedHeader({ alg: k.alg, kid: k.kid, typ: "JWT" })
        .setIssuer(options.issuer ?? base)
        .setAudience(options.audience ?? "agent")
        .setIssuedAt(now)
        .setExpirationTime(now + (options.expiresIn ?? 300))
        .sign(k.privateKey);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
