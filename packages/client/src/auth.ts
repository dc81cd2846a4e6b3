import { type AgentCard, bytesToBase64, type SecurityScheme } from "@a2akit/types";
import { AuthenticationFailedError } from "./errors.js";
import type { Interceptor } from "./http.js";
import { isObject } from "./responses.js";

/** A secret, or a function producing it (called per request, so it may rotate). */
export type Secret = string | (() => string | Promise<string>);

/** Credentials the client may use; the card's security schemes decide which are sent. */
export interface Credentials {
  /** API key: one for every API-key scheme, or keyed by scheme name. */
  apiKey?: Secret | Record<string, Secret>;
  /** Token for HTTP `Bearer` (also used for OpenID Connect and OAuth 2.0 schemes). */
  bearer?: Secret;
  /** User and password for HTTP `Basic`. */
  basic?: { username: string; password: string };
  /** Client credentials for an OAuth 2.0 `clientCredentials` flow; tokens are cached. */
  oauth2?: { clientId: string; clientSecret: string; scopes?: readonly string[] };
}

type Apply = (request: Request) => Promise<Request>;

/**
 * An interceptor that authenticates every request as the card asks: it takes the first security
 * requirement whose schemes can all be met with the given credentials and fills each one in
 * (API key in header, query or cookie; HTTP Bearer or Basic; an OAuth 2.0 client-credentials
 * token, fetched once and reused until shortly before it expires).
 */
export function authInterceptor(
  card: () => AgentCard,
  credentials: Credentials,
  fetchImpl: typeof fetch = fetch,
): Interceptor {
  const tokens = new TokenCache(credentials, fetchImpl);
  return {
    async request(request, info) {
      // Token requests and card fetches go out unauthenticated: the card is public.
      if (info.operation === "GetAgentCard") return request;
      const plan = planFor(card(), credentials, tokens);
      let r = request;
      for (const apply of plan) r = await apply(r);
      return r;
    },
  };
}

function planFor(card: AgentCard, c: Credentials, tokens: TokenCache): Apply[] {
  const schemes = card.securitySchemes ?? {};
  const requirements = card.securityRequirements?.length
    ? card.securityRequirements.map((r) => Object.keys(r.schemes ?? {}))
    : Object.keys(schemes).map((name) => [name]);
  for (const names of requirements) {
    const steps = names.map((name) => {
      const scheme = schemes[name];
      return scheme ? stepFor(name, scheme, c, tokens) : undefined;
    });
    if (steps.every((s): s is Apply => s !== undefined)) return steps;
  }
  return [];
}

function stepFor(
  name: string,
  scheme: SecurityScheme,
  c: Credentials,
  tokens: TokenCache,
): Apply | undefined {
  const apiKey = scheme.apiKeySecurityScheme;
  if (apiKey) {
    const secret = typeof c.apiKey === "object" ? c.apiKey[name] : c.apiKey;
    if (secret === undefined) return undefined;
    return async (r) => {
      const key = await reveal(secret);
      const where = apiKey.location.toLowerCase();
      if (where === "query") {
        const url = new URL(r.url);
        url.searchParams.set(apiKey.name, key);
        return rebuild(r, url.href);
      }
      if (where === "cookie") {
        const cookie = `${apiKey.name}=${encodeURIComponent(key)}`;
        const prior = r.headers.get("cookie");
        r.headers.set("cookie", prior ? `${prior}; ${cookie}` : cookie);
        return r;
      }
      r.headers.set(apiKey.name, key);
      return r;
    };
  }
  const http = scheme.httpAuthSecurityScheme;
  if (http) {
    const kind = http.scheme.toLowerCase();
    if (kind === "bearer" && c.bearer !== undefined) {
      const bearer = c.bearer;
      return async (r) => bearerOn(r, await reveal(bearer));
    }
    if (kind === "basic" && c.basic) {
      const encoded = bytesToBase64(
        new TextEncoder().encode(`${c.basic.username}:${c.basic.password}`),
      );
      return async (r) => {
        r.headers.set("authorization", `Basic ${encoded}`);
        return r;
      };
    }
    return undefined;
  }
  const oauth = scheme.oauth2SecurityScheme;
  if (oauth) {
    const flow = oauth.flows.clientCredentials;
    if (flow && c.oauth2) return async (r) => bearerOn(r, await tokens.get(flow.tokenUrl));
    if (c.bearer !== undefined) {
      const bearer = c.bearer;
      return async (r) => bearerOn(r, await reveal(bearer));
    }
    return undefined;
  }
  if (scheme.openIdConnectSecurityScheme && c.bearer !== undefined) {
    const bearer = c.bearer;
    return async (r) => bearerOn(r, await reveal(bearer));
  }
  return undefined;
}

function bearerOn(r: Request, token: string): Request {
  r.headers.set("authorization", `Bearer ${token}`);
  return r;
}

async function reveal(secret: Secret): Promise<string> {
  return typeof secret === "function" ? await secret() : secret;
}

async function rebuild(r: Request, url: string): Promise<Request> {
  const init: RequestInit = { method: r.method, headers: r.headers, signal: r.signal };
  if (r.method !== "GET" && r.method !== "HEAD") init.body = await r.text();
  return new Request(url, init);
}

/** How long one token request may take; a hung endpoint must not stay cached forever. */
const TOKEN_TIMEOUT_MS = 30_000;

/** Client-credentials tokens per token URL, refreshed 30 s before they expire. */
class TokenCache {
  private readonly cache = new Map<string, Promise<{ token: string; expiresAt: number }>>();

  constructor(
    private readonly c: Credentials,
    private readonly fetchImpl: typeof fetch,
  ) {}

  async get(tokenUrl: string): Promise<string> {
    const cached = this.cache.get(tokenUrl);
    if (cached) {
      const entry = await cached.catch(() => undefined);
      if (entry && Date.now() < entry.expiresAt) return entry.token;
    }
    const pending = this.fetchToken(tokenUrl);
    this.cache.set(tokenUrl, pending);
    pending.catch(() => this.cache.delete(tokenUrl));
    return (await pending).token;
  }

  private async fetchToken(tokenUrl: string): Promise<{ token: string; expiresAt: number }> {
    const o = this.c.oauth2;
    if (!o) throw new AuthenticationFailedError("No OAuth 2.0 client credentials were given");
    const form = new URLSearchParams({ grant_type: "client_credentials" });
    if (o.scopes?.length) form.set("scope", o.scopes.join(" "));
    const basic = bytesToBase64(
      new TextEncoder().encode(
        `${encodeURIComponent(o.clientId)}:${encodeURIComponent(o.clientSecret)}`,
      ),
    );
    let response: Response;
    try {
      response = await this.fetchImpl(tokenUrl, {
        method: "POST",
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          accept: "application/json",
          authorization: `Basic ${basic}`,
        },
        body: form.toString(),
        signal: AbortSignal.timeout(TOKEN_TIMEOUT_MS),
      });
    } catch (error) {
      throw new AuthenticationFailedError(`Token request to ${tokenUrl} failed`, error);
    }
    const text = await response.text();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    if (!response.ok || !isObject(body) || typeof body.access_token !== "string") {
      const reason =
        isObject(body) && typeof body.error === "string" ? body.error : `HTTP ${response.status}`;
      throw new AuthenticationFailedError(`Token request to ${tokenUrl} was refused: ${reason}`);
    }
    const ttl = typeof body.expires_in === "number" ? body.expires_in : 300;
    return { token: body.access_token, expiresAt: Date.now() + Math.max(0, ttl - 30) * 1000 };
  }
}
