import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../src/config.js";

const APP = fileURLToPath(new URL("..", import.meta.url));

describe("configuration from the environment", () => {
  it("defaults to the embedded setup: port 4000, memory stores, no auth", () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 4000,
      host: "localhost",
      store: "memory",
      apiKeys: [],
      jwt: undefined,
      logLevel: "info",
      openai: undefined,
      pushAllowHosts: [],
      pageTokenSecret: undefined,
    });
  });

  it("reads every documented variable", () => {
    const config = loadConfig({
      PORT: "8080",
      HOST: "0.0.0.0",
      PUBLIC_URL: "https://agent.example.com/",
      STORE: "redis",
      REDIS_URL: "redis://cache:6379",
      REDIS_PREFIX: "team-a",
      API_KEYS: "k1, k2",
      LOG_LEVEL: "debug",
      OPENAI_BASE_URL: "http://127.0.0.1:11434/v1/",
      OPENAI_MODEL: "llama3",
      INSPECT_URL_ALLOWLIST: "https://files.example.com/public/",
      INSPECT_MAX_BYTES: "2048",
      PUSH_ALLOW_HOSTS: "localhost:9000,[::1]:9001",
      PAGE_TOKEN_SECRET: "s3cret",
      PUSH_SIGNING_JWK: '{"kty":"EC","crv":"P-256","x":"x","y":"y","d":"d"}',
    });
    expect(config).toMatchObject({
      port: 8080,
      host: "0.0.0.0",
      publicUrl: "https://agent.example.com",
      store: "redis",
      redisUrl: "redis://cache:6379",
      redisPrefix: "team-a",
      apiKeys: ["k1", "k2"],
      logLevel: "debug",
      openai: { baseUrl: "http://127.0.0.1:11434/v1", apiKey: undefined, model: "llama3" },
      inspectAllowlist: ["https://files.example.com/public/"],
      inspectMaxBytes: 2048,
      pushAllowHosts: ["localhost:9000", "[::1]:9001"],
      pageTokenSecret: "s3cret",
      pushSigningJwk: '{"kty":"EC","crv":"P-256","x":"x","y":"y","d":"d"}',
    });
  });

  it.each([
    [{ PORT: "80a" }, 'PORT must be an integer from 0 to 65535, got "80a"'],
    [{ STORE: "postgres" }, 'STORE must be "memory" or "redis", got "postgres"'],
    [{ STORE: "redis" }, "STORE=redis needs REDIS_URL"],
    [
      { STORE: "redis", REDIS_URL: "http://x" },
      'REDIS_URL must use redis: or rediss:, got "http://x"',
    ],
    [
      { LOG_LEVEL: "loud" },
      'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, got "loud"',
    ],
    [
      { PUBLIC_URL: "agent.example.com" },
      'PUBLIC_URL must be an absolute URL, got "agent.example.com"',
    ],
    [
      { PUSH_ALLOW_HOSTS: "http://localhost:9000" },
      "PUSH_ALLOW_HOSTS takes host or host:port entries",
    ],
    [{ JWT_ISSUER: "https://id.example.com" }, "JWT_JWKS_URL, JWT_AUDIENCE unset"],
  ])("refuses %j, naming the variable", (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it("the agent refuses to start on a bad setting with one readable line, exit 1", async () => {
    const result = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      execFile(
        process.execPath,
        ["--import", "tsx", "src/main.ts"],
        { cwd: APP, env: { ...process.env, STORE: "redis", REDIS_URL: "" } },
        (error, _stdout, stderr) => {
          resolve({ code: error ? ((error as { code?: number }).code ?? null) : 0, stderr });
        },
      );
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      "reference-agent: STORE=redis needs REDIS_URL (e.g. redis://localhost:6379)\n",
    );
  });
});
