import { isA2AError, PermissionDeniedError, UnauthenticatedError } from "@a2akit/types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authFromCard, timingSafeEqual } from "../src/auth/index.js";
import { req, requirement, SCHEMES, securedCard } from "./auth-card.js";
import { CLIENT_ID, CLIENT_SECRET, type FakeIdp, startIdp } from "./auth-idp.js";

async function refusal(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (e) {
    return e as Error;
  }
  throw new Error("the request was accepted");
}

describe("API keys", () => {
  const keys = { "key-alice": { id: "alice", scopes: ["admin"] }, "key-bob": "bob" };

  it("reads the key from the header the card names", async () => {
    const auth = authFromCard(securedCard({ apiKey: SCHEMES.apiKey }, [requirement(["apiKey"])]), {
      apiKeys: keys,
    });
    await expect(auth.authenticate(req({ "x-api-key": "key-alice" }))).resolves.toMatchObject({
      id: "alice",
      authenticated: true,
      scopes: ["admin"],
      schemes: ["apiKey"],
    });
    await expect(auth.authenticate(req({ "x-api-key": "key-bob" }))).resolves.toMatchObject({
      id: "bob",
    });
    const wrong = await refusal(auth.authenticate(req({ "x-api-key": "key-alicf" })));
    expect(wrong).toBeInstanceOf(UnauthenticatedError);
    expect(wrong.message).toBe(
      "Authentication failed: apiKey: the API key in header X-API-Key is not valid",
    );
    const missing = await refusal(auth.authenticate(req({ authorization: "Bearer key-alice" })));
    expect(missing.message).toBe(
      "This agent requires authentication: apiKey (API key in header X-API-Key)",
    );
    expect(auth.wwwAuthenticate).toBe('ApiKey realm="Secured", in="header", name="X-API-Key"');
  });

  it("reads the key from the query or a cookie when the card says so", async () => {
    const auth = authFromCard(
      securedCard({ q: SCHEMES.queryKey, c: SCHEMES.cookieKey }, [
        requirement(["q"]),
        requirement(["c"]),
      ]),
      { apiKeys: new Map([["k1", "carol"]]) },
    );
    await expect(
      auth.authenticate(req({}, "http://agent.test/rpc?api_key=k1")),
    ).resolves.toMatchObject({ id: "carol", schemes: ["q"] });
    await expect(
      auth.authenticate(req({ cookie: "theme=dark; session_key=k1" })),
    ).resolves.toMatchObject({ id: "carol", schemes: ["c"] });
    await expect(auth.authenticate(req({ cookie: "session_key=k2" }))).rejects.toThrow(
      "the API key in cookie session_key is not valid",
    );
    await expect(auth.authenticate(req({ "x-api-key": "k1" }))).rejects.toThrow(
      UnauthenticatedError,
    );
  });

  it("takes a lookup function, and offers a constant-time compare for it", async () => {
    const seen: string[] = [];
    const auth = authFromCard(securedCard({ apiKey: SCHEMES.apiKey }, [requirement(["apiKey"])]), {
      apiKeys: async (key, scheme) => {
        seen.push(scheme);
        return (await timingSafeEqual(key, "from-vault")) ? { id: "svc" } : undefined;
      },
    });
    await expect(auth.authenticate(req({ "x-api-key": "from-vault" }))).resolves.toMatchObject({
      id: "svc",
    });
    await expect(auth.authenticate(req({ "x-api-key": "from-vaulT" }))).rejects.toThrow(
      UnauthenticatedError,
    );
    expect(seen).toEqual(["apiKey", "apiKey"]);
  });
});

describe("HTTP Basic", () => {
  const auth = authFromCard(securedCard({ basic: SCHEMES.basic }, [requirement(["basic"])]), {
    basic: (user, password) =>
      user === "zoë" && password === "pa:ss" ? { id: "zoe", name: "Zoë" } : undefined,
  });
  const basic = (s: string) =>
    req({ authorization: `Basic ${btoa(String.fromCharCode(...new TextEncoder().encode(s)))}` });

  it("accepts the right UTF-8 user and password (colons allowed in the password)", async () => {
    await expect(auth.authenticate(basic("zoë:pa:ss"))).resolves.toMatchObject({
      id: "zoe",
      name: "Zoë",
      schemes: ["basic"],
    });
    expect(auth.wwwAuthenticate).toBe('Basic realm="Secured", charset="UTF-8"');
  });

  it("rejects missing, wrong and malformed credentials", async () => {
    await expect(auth.authenticate(req())).rejects.toThrow("basic (Authorization: Basic)");
    await expect(auth.authenticate(basic("zoë:wrong"))).rejects.toThrow(
      "user name or password is wrong",
    );
    await expect(auth.authenticate(basic("no-colon"))).rejects.toThrow(
      "not base64 of user:password",
    );
    await expect(auth.authenticate(req({ authorization: "Basic %%%" }))).rejects.toThrow(
      UnauthenticatedError,
    );
  });
});

describe("mutual TLS", () => {
  // The host terminates TLS and vouches for the peer; here a trusted proxy's header stands in.
  const auth = authFromCard(securedCard({ mtls: SCHEMES.mtls }, [requirement(["mtls"])]), {
    mtls: (r) => {
      const subject = r.headers.get("x-verified-client-cert");
      return subject ? { id: subject, tenant: "acme" } : undefined;
    },
  });

  it("takes the identity the host passes in, and refuses requests without one", async () => {
    await expect(
      auth.authenticate(req({ "x-verified-client-cert": "CN=billing" })),
    ).resolves.toMatchObject({
      id: "CN=billing",
      tenant: "acme",
      schemes: ["mtls"],
    });
    await expect(auth.authenticate(req())).rejects.toThrow("mtls (TLS client certificate)");
  });
});

describe("OAuth 2.0 token introspection (RFC 7662)", () => {
  let idp: FakeIdp;
  beforeAll(async () => {
    idp = await startIdp();
    const exp = Math.floor(Date.now() / 1000) + 600;
    idp.tokens.set("opaque-alice", {
      active: true,
      sub: "alice",
      username: "alice@example.com",
      scope: "tasks:read tasks:write",
      aud: ["agent"],
      iss: "https://as.example",
      exp,
      org: "acme",
    });
    idp.tokens.set("opaque-machine", {
      active: true,
      client_id: "batch-job",
      scope: "tasks:read",
      aud: "agent",
      exp,
    });
    idp.tokens.set("opaque-expired", { active: true, sub: "old", aud: "agent", exp: 1000 });
    idp.tokens.set("opaque-elsewhere", { active: true, sub: "eve", aud: "other", exp });
    idp.tokens.set("opaque-revoked", { active: false });
  });
  afterAll(() => idp.close());

  const oauthCard = () =>
    securedCard(
      {
        oauth: {
          oauth2SecurityScheme: {
            flows: {
              clientCredentials: {
                tokenUrl: "https://as.example/token",
                scopes: { "tasks:read": "read" },
              },
            },
          },
        },
      },
      [requirement(["oauth", ["tasks:read"]])],
    );
  const make = (extra: Record<string, unknown> = {}) =>
    authFromCard(oauthCard(), {
      introspection: {
        url: idp.introspectionUrl,
        clientId: CLIENT_ID,
        clientSecret: CLIENT_SECRET,
        audience: "agent",
        ...extra,
      },
    });
  const bearer = (t: string) => req({ authorization: `Bearer ${t}` });

  it("accepts an active token and caches the verdict", async () => {
    const auth = make({ tenantClaim: "org" });
    const before = idp.hits.get("/introspect") ?? 0;
    const first = await auth.authenticate(bearer("opaque-alice"));
    expect(first).toMatchObject({
      id: "alice",
      name: "alice@example.com",
      scopes: ["tasks:read", "tasks:write"],
      tenant: "acme",
      schemes: ["oauth"],
    });
    await auth.authenticate(bearer("opaque-alice"));
    await auth.authenticate(bearer("opaque-alice"));
    expect(idp.hits.get("/introspect")).toBe(before + 1);
    // A second token is its own cache entry.
    await expect(auth.authenticate(bearer("opaque-revoked"))).rejects.toThrow("not active");
    await expect(auth.authenticate(bearer("opaque-revoked"))).rejects.toThrow("not active");
    expect(idp.hits.get("/introspect")).toBe(before + 2);
  });

  it("shares one call among concurrent requests with the same token", async () => {
    const auth = make();
    const before = idp.hits.get("/introspect") ?? 0;
    await Promise.all([1, 2, 3, 4].map(() => auth.authenticate(bearer("opaque-alice"))));
    expect(idp.hits.get("/introspect")).toBe(before + 1);
  });

  it("asks again once the cached verdict is older than the TTL", async () => {
    let now = Date.now();
    const auth = make({ cacheTtlSeconds: 10, now: () => now });
    const before = idp.hits.get("/introspect") ?? 0;
    await auth.authenticate(bearer("opaque-alice"));
    now += 11_000;
    await auth.authenticate(bearer("opaque-alice"));
    expect(idp.hits.get("/introspect")).toBe(before + 2);
  });

  it("names the caller by client_id when the token has no subject", async () => {
    await expect(make().authenticate(bearer("opaque-machine"))).resolves.toMatchObject({
      id: "batch-job",
      scopes: ["tasks:read"],
    });
  });

  it("rejects unknown, revoked, expired and foreign-audience tokens, and missing scopes", async () => {
    const auth = make();
    await expect(auth.authenticate(req())).rejects.toThrow("oauth (OAuth 2.0 bearer token)");
    await expect(auth.authenticate(bearer("never-issued"))).rejects.toThrow("not active");
    await expect(auth.authenticate(bearer("opaque-expired"))).rejects.toThrow("expired");
    await expect(auth.authenticate(bearer("opaque-elsewhere"))).rejects.toThrow("aud");
    const issuerBound = make({ issuer: "https://as.example" });
    await expect(issuerBound.authenticate(bearer("opaque-machine"))).rejects.toThrow("iss");
    const strict = authFromCard(
      securedCard(oauthCard().securitySchemes ?? {}, [requirement(["oauth", ["tasks:admin"]])]),
      {
        introspection: {
          url: idp.introspectionUrl,
          clientId: CLIENT_ID,
          clientSecret: CLIENT_SECRET,
        },
      },
    );
    await expect(strict.authenticate(bearer("opaque-alice"))).rejects.toBeInstanceOf(
      PermissionDeniedError,
    );
  });

  it("answers 503 when the endpoint refuses this agent's client credentials", async () => {
    const auth = make({ clientSecret: "wrong" });
    const e = await refusal(auth.authenticate(bearer("opaque-alice")));
    expect(isA2AError(e) && e.httpStatus).toBe(503);
  });
});
