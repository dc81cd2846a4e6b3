import type { JwtSettings } from "./auth.js";

/** Everything the reference agent reads from its environment, validated. */
export interface AgentConfig {
  port: number;
  host: string;
  /** Base URL written into the card (no trailing slash). */
  publicUrl: string | undefined;
  store: "memory" | "redis";
  redisUrl: string | undefined;
  /** Key prefix in Redis; instances sharing one prefix share their tasks. */
  redisPrefix: string;
  /** Accepted API keys; with no keys and no `jwt`, calls need no authentication. */
  apiKeys: string[];
  /** Bearer JWTs accepted too: JWT_JWKS_URL, JWT_ISSUER and JWT_AUDIENCE, all three or none. */
  jwt: JwtSettings | undefined;
  logLevel: string;
  /** An OpenAI-compatible endpoint for the chat skill; unset keeps the built-in replies. */
  openai: { baseUrl: string; apiKey: string | undefined; model: string } | undefined;
  /** URL prefixes the inspect skill may fetch. */
  inspectAllowlist: string[];
  /** Largest file the inspect skill reads, in bytes. */
  inspectMaxBytes: number;
  /**
   * Webhook hosts that skip the push SSRF guard (`localhost:9000`, `127.0.0.1`), for local
   * development; every other webhook must resolve to a public address.
   */
  pushAllowHosts: string[];
  /**
   * The private key push notifications are signed with, as a JWK (JSON). Unset: a new key per
   * start. Instances sharing a Redis need the same one, as webhooks may fetch any one's JWKS.
   */
  pushSigningJwk: string | undefined;
  /** Signs ListTasks page tokens; instances sharing a Redis must share it. Unset: random. */
  pageTokenSecret: string | undefined;
}

/** A setting that cannot be used; `message` is one readable line naming the variable. */
export class ConfigError extends Error {
  override readonly name = "ConfigError";
}

const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"];

/** Reads and validates the configuration; throws ConfigError on the first bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): AgentConfig {
  const port = integer(env, "PORT", 4000, 0, 65_535);
  const store = env.STORE?.trim() || "memory";
  if (store !== "memory" && store !== "redis") {
    throw new ConfigError(`STORE must be "memory" or "redis", got ${JSON.stringify(store)}`);
  }
  const redisUrl = env.REDIS_URL?.trim() || undefined;
  if (store === "redis") {
    if (!redisUrl)
      throw new ConfigError("STORE=redis needs REDIS_URL (e.g. redis://localhost:6379)");
    url(redisUrl, "REDIS_URL", ["redis:", "rediss:"]);
  }
  const publicUrl = env.PUBLIC_URL?.trim() || undefined;
  if (publicUrl) url(publicUrl, "PUBLIC_URL", ["http:", "https:"]);
  const logLevel = env.LOG_LEVEL?.trim() || "info";
  if (!LOG_LEVELS.includes(logLevel)) {
    throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(", ")}, got "${logLevel}"`);
  }
  const baseUrl = env.OPENAI_BASE_URL?.trim() || undefined;
  if (baseUrl) url(baseUrl, "OPENAI_BASE_URL", ["http:", "https:"]);
  const inspectAllowlist = list(env.INSPECT_URL_ALLOWLIST);
  for (const prefix of inspectAllowlist) url(prefix, "INSPECT_URL_ALLOWLIST", ["http:", "https:"]);
  return {
    port,
    host: env.HOST?.trim() || "localhost",
    publicUrl: publicUrl?.replace(/\/+$/, ""),
    store,
    redisUrl,
    redisPrefix: env.REDIS_PREFIX?.trim() || "a2a",
    apiKeys: list(env.API_KEYS),
    jwt: jwtSettings(env),
    logLevel,
    openai: baseUrl
      ? {
          baseUrl: baseUrl.replace(/\/+$/, ""),
          apiKey: env.OPENAI_API_KEY?.trim() || undefined,
          model: env.OPENAI_MODEL?.trim() || "gpt-4o-mini",
        }
      : undefined,
    inspectAllowlist,
    inspectMaxBytes: integer(env, "INSPECT_MAX_BYTES", 1024 * 1024, 1, 64 * 1024 * 1024),
    pushAllowHosts: hosts(env.PUSH_ALLOW_HOSTS),
    pushSigningJwk: jwk(env.PUSH_SIGNING_JWK),
    pageTokenSecret: env.PAGE_TOKEN_SECRET?.trim() || undefined,
  };
}

function jwtSettings(env: Record<string, string | undefined>): JwtSettings | undefined {
  const names = ["JWT_JWKS_URL", "JWT_ISSUER", "JWT_AUDIENCE"] as const;
  const [jwksUrl, issuer, audience] = names.map((n) => env[n]?.trim() || undefined);
  if (!jwksUrl && !issuer && !audience) return undefined;
  const missing = names.filter((n) => !env[n]?.trim());
  if (missing.length > 0) {
    throw new ConfigError(
      `JWT authentication needs ${names.join(", ")}; ${missing.join(", ")} unset`,
    );
  }
  url(jwksUrl as string, "JWT_JWKS_URL", ["https:", "http:"]);
  return { jwksUrl: jwksUrl as string, issuer: issuer as string, audience: audience as string };
}

function integer(
  env: Record<string, string | undefined>,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < min || n > max) {
    throw new ConfigError(`${name} must be an integer from ${min} to ${max}, got "${raw}"`);
  }
  return n;
}

function url(value: string, name: string, protocols: string[]): void {
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    throw new ConfigError(`${name} must be an absolute URL, got "${value}"`);
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(`${name} must use ${protocols.join(" or ")}, got "${value}"`);
  }
}

/** A JSON object (the key itself is checked when it is imported at start). */
function jwk(value: string | undefined): string | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new ConfigError('PUSH_SIGNING_JWK must be a private JWK as JSON, e.g. {"kty":"EC",...}');
  }
  return text;
}

/** `host`, `host:port` or `[v6]:port` entries; a URL here is a mistake worth naming. */
function hosts(value: string | undefined): string[] {
  const entries = list(value);
  for (const entry of entries) {
    if (!/^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(:\d{1,5})?$/i.test(entry)) {
      throw new ConfigError(
        `PUSH_ALLOW_HOSTS takes host or host:port entries (e.g. localhost:9000), got "${entry}"`,
      );
    }
  }
  return entries;
}

function list(value: string | undefined): string[] {
  return (value ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}
