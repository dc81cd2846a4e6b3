import { isA2AError, PermissionDeniedError, UnauthenticatedError } from "@a2akit/types";
import { SignJWT, UnsecuredJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authFromCard, type CardAuth } from "../src/auth/index.js";
import { req, requirement, SCHEMES, securedCard } from "./auth-card.js";
import { type FakeIdp, startIdp } from "./auth-idp.js";

let idp: FakeIdp;
beforeAll(async () => {
  idp = await startIdp();
});
afterAll(() => idp.close());

const bearer = (token: string) => req({ authorization: `Bearer ${token}` });

/** The error a refused request throws, for assertions on its class and message. */
async function refusal(auth: CardAuth, request: Request): Promise<Error> {
  try {
    await auth.authenticate(request);
  } catch (e) {
    return e as Error;
  }
  throw new Error("the request was accepted");
}

describe("bearer JWTs against a JWKS URL", () => {
  const card = () => securedCard({ bearer: SCHEMES.bearer }, [requirement(["bearer"])]);
  let auth: CardAuth;
  beforeAll(() => {
    auth = authFromCard(card(), {
      jwt: { jwksUrl: idp.jwksUrl, issuer: idp.issuer, audience: "agent", tenantClaim: "tid" },
    });
  });

  it("accepts RSA and EC tokens and turns the claims into the user", async () => {
    const rsa = await auth.authenticate(bearer(await idp.sign({ name: "Alice A.", tid: "acme" })));
    expect(rsa).toMatchObject({
      id: "alice",
      authenticated: true,
      name: "Alice A.",
      scopes: ["tasks:read", "tasks:write"],
      tenant: "acme",
      schemes: ["bearer"],
    });
    expect(rsa.claims?.iss).toBe(idp.issuer);
    const ec = await auth.authenticate(
      bearer(
        await idp.sign(
          { sub: "bob", tid: "acme", scope: undefined, scp: ["a", "b"] },
          { key: idp.ec },
        ),
      ),
    );
    expect(ec).toMatchObject({ id: "bob", scopes: ["a", "b"] });
  });

  it("rejects a request without a token, naming the scheme", async () => {
    const e = await refusal(auth, req());
    expect(e).toBeInstanceOf(UnauthenticatedError);
    expect(e.message).toContain("bearer (Authorization: Bearer)");
    expect(auth.wwwAuthenticate).toBe('Bearer realm="Secured"');
  });

  const cases: [string, () => Promise<string>, string][] = [
    [
      "a wrong signature",
      async () => (await idp.sign({ tid: "acme" })).replace(/..$/, "AA"),
      "signature",
    ],
    ["an expired token", () => idp.sign({ tid: "acme" }, { expiresIn: -120 }), "expired"],
    ["another audience", () => idp.sign({ tid: "acme" }, { audience: "other-api" }), "aud"],
    ["another issuer", () => idp.sign({ tid: "acme" }, { issuer: "https://evil.example" }), "iss"],
    ["no tenant claim", () => idp.sign({}), "tid"],
    ["garbage", async () => "not-a-jwt", "not a JWT"],
    [
      "alg: none",
      async () =>
        new UnsecuredJWT({ sub: "alice", tid: "acme" })
          .setIssuer(idp.issuer)
          .setAudience("agent")
          .setExpirationTime("5m")
          .encode(),
      "",
    ],
    [
      "HS256 signed with the RSA public key",
      () => hmacWithPublicKey(idp.rsa.publicPem, idp.rsa.kid),
      "algorithm",
    ],
    [
      "HS256 signed with the EC public key",
      () => hmacWithPublicKey(idp.ec.publicPem, idp.ec.kid),
      "algorithm",
    ],
  ];
  for (const [what, token, reason] of cases) {
    it(`rejects ${what} with 401`, async () => {
      const e = await refusal(auth, bearer(await token()));
      expect(e).toBeInstanceOf(UnauthenticatedError);
      expect(e.message).toMatch(/^Authentication failed: bearer: /);
      expect(e.message).toContain(reason);
    });
  }

  async function hmacWithPublicKey(pem: string, kid: string): Promise<string> {
    return new SignJWT({ sub: "mallory", tid: "acme" })
      .setProtectedHeader({ alg: "HS256", kid })
      .setIssuer(idp.issuer)
      .setAudience("agent")
      .setExpirationTime("5m")
      .sign(new TextEncoder().encode(pem));
  }

  it("allows clock skew within the tolerance only", async () => {
    const skewed = authFromCard(card(), {
      jwt: {
        jwksUrl: idp.jwksUrl,
        issuer: idp.issuer,
        audience: "agent",
        clockToleranceSeconds: 60,
      },
    });
    await expect(
      skewed.authenticate(bearer(await idp.sign({}, { expiresIn: -30 }))),
    ).resolves.toMatchObject({ id: "alice" });
    await expect(
      skewed.authenticate(bearer(await idp.sign({}, { expiresIn: -90 }))),
    ).rejects.toThrow("expired");
  });

  it("refuses unsafe configurations when built", () => {
    const jwt = { jwksUrl: idp.jwksUrl, issuer: idp.issuer, audience: "agent" };
    for (const algorithms of [["HS256"], ["RS256", "none"], ["hs512"], []]) {
      expect(() => authFromCard(card(), { jwt: { ...jwt, algorithms } })).toThrow(TypeError);
    }
    expect(() => authFromCard(card(), { jwt: { ...jwt, audience: "" } })).toThrow(/audience/);
    expect(() =>
      authFromCard(card(), { jwt: { jwksUrl: idp.jwksUrl, audience: "agent" } }),
    ).toThrow(/issuer/);
    expect(() =>
      authFromCard(card(), { jwt: { ...jwt, jwksUrl: "http://idp.example/jwks.json" } }),
    ).toThrow(/https/);
    expect(() => authFromCard(card(), {})).toThrow(/"bearer".*jwt or introspection/);
  });

  it("answers 503, not 401, when the key set cannot be fetched", async () => {
    const down = authFromCard(card(), {
      jwt: { jwksUrl: "http://127.0.0.1:9/jwks.json", issuer: idp.issuer, audience: "agent" },
    });
    const e = await refusal(down, bearer(await idp.sign()));
    expect(isA2AError(e) && e.httpStatus).toBe(503);
  });
});

describe("OpenID Connect discovery", () => {
  it("finds issuer and keys through the card's openIdConnectUrl", async () => {
    const card = securedCard(
      { oidc: { openIdConnectSecurityScheme: { openIdConnectUrl: idp.discoveryUrl } } },
      [requirement(["oidc", ["tasks:write"]])],
    );
    const auth = authFromCard(card, { jwt: { audience: "agent" } });
    await expect(auth.authenticate(bearer(await idp.sign()))).resolves.toMatchObject({
      id: "alice",
      schemes: ["oidc"],
    });
    // A required scope the token lacks: authenticated, but not allowed.
    const e = await refusal(auth, bearer(await idp.sign({ scope: "tasks:read" })));
    expect(e).toBeInstanceOf(PermissionDeniedError);
    expect(e.message).toContain("oidc lacks scope tasks:write");
    // The issuer comes from the document: a token from elsewhere fails.
    await expect(
      auth.authenticate(bearer(await idp.sign({}, { issuer: "https://other.example" }))),
    ).rejects.toThrow("iss");
  });

  it("takes issuerDiscoveryUrl for a plain bearer scheme and checks the configured issuer", async () => {
    const card = securedCard({ bearer: SCHEMES.bearer }, [requirement(["bearer"])]);
    const ok = authFromCard(card, {
      jwt: { issuerDiscoveryUrl: idp.discoveryUrl, issuer: idp.issuer, audience: "agent" },
    });
    await expect(ok.authenticate(bearer(await idp.sign()))).resolves.toMatchObject({ id: "alice" });
    const mismatch = authFromCard(card, {
      jwt: {
        issuerDiscoveryUrl: idp.discoveryUrl,
        issuer: "https://expected.example",
        audience: "agent",
      },
    });
    const e = await refusal(mismatch, bearer(await idp.sign()));
    expect(isA2AError(e) && e.httpStatus).toBe(503);
  });
});
