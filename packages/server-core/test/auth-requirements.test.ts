import {
  PermissionDeniedError,
  type SecurityRequirement,
  UnauthenticatedError,
} from "@a2akit/types";
import { describe, expect, it } from "vitest";
import { authFromCard } from "../src/auth/index.js";
import { req, requirement, SCHEMES, securedCard } from "./auth-card.js";

/** Credentials a test request may carry. */
const KEY = { "x-api-key": "k-alice" };
const BAD_KEY = { "x-api-key": "k-nobody" };
const CERT = { "x-client-cert": "CN=alice-laptop" };
const BASIC = { authorization: `Basic ${btoa("bob:hunter2")}` };
const BAD_BASIC = { authorization: `Basic ${btoa("bob:wrong")}` };

const schemes = { apiKey: SCHEMES.apiKey, basic: SCHEMES.basic, mtls: SCHEMES.mtls };

function authFor(requirements: SecurityRequirement[] | undefined) {
  return authFromCard(securedCard(schemes, requirements), {
    apiKeys: { "k-alice": { id: "alice", scopes: ["read"] } },
    basic: (u, p) =>
      u === "bob" && p === "hunter2" ? { id: "bob", scopes: ["read", "write"] } : undefined,
    mtls: (r) => {
      const cn = r.headers.get("x-client-cert");
      return cn ? { id: cn, scopes: ["device"] } : undefined;
    },
  });
}

/** Expected outcome: the user id and schemes, or the error class. */
type Outcome =
  | { id: string; schemes?: string[] }
  | typeof UnauthenticatedError
  | typeof PermissionDeniedError;

async function expectOutcome(
  requirements: SecurityRequirement[] | undefined,
  headers: Record<string, string>,
  outcome: Outcome,
) {
  const result = authFor(requirements).authenticate(req(headers));
  if (typeof outcome === "function") await expect(result).rejects.toBeInstanceOf(outcome);
  else await expect(result).resolves.toMatchObject(outcome);
}

const table: [
  string,
  SecurityRequirement[] | undefined,
  [string, Record<string, string>, Outcome][],
][] = [
  [
    "a single scheme",
    [requirement(["apiKey"])],
    [
      ["its credential", KEY, { id: "alice", schemes: ["apiKey"] }],
      ["nothing", {}, UnauthenticatedError],
      ["a wrong key", BAD_KEY, UnauthenticatedError],
      ["only another scheme's credential", BASIC, UnauthenticatedError],
    ],
  ],
  [
    "an OR of two schemes",
    [requirement(["apiKey"]), requirement(["basic"])],
    [
      ["the first", KEY, { id: "alice", schemes: ["apiKey"] }],
      ["the second", BASIC, { id: "bob", schemes: ["basic"] }],
      [
        "both (the first alternative wins)",
        { ...KEY, ...BASIC },
        { id: "alice", schemes: ["apiKey"] },
      ],
      ["a wrong first and a good second", { ...BAD_KEY, ...BASIC }, { id: "bob" }],
      ["a wrong second only", BAD_BASIC, UnauthenticatedError],
      ["nothing", {}, UnauthenticatedError],
    ],
  ],
  [
    "an AND of two schemes",
    [requirement(["mtls"], ["apiKey"])],
    [
      ["both", { ...CERT, ...KEY }, { id: "CN=alice-laptop", schemes: ["mtls", "apiKey"] }],
      ["only the certificate", CERT, UnauthenticatedError],
      ["only the key", KEY, UnauthenticatedError],
      ["the certificate and a wrong key", { ...CERT, ...BAD_KEY }, UnauthenticatedError],
    ],
  ],
  [
    "an OR of AND-groups",
    [requirement(["mtls"], ["apiKey"]), requirement(["mtls"], ["basic"])],
    [
      [
        "the first group",
        { ...CERT, ...KEY },
        { id: "CN=alice-laptop", schemes: ["mtls", "apiKey"] },
      ],
      [
        "the second group",
        { ...CERT, ...BASIC },
        { id: "CN=alice-laptop", schemes: ["mtls", "basic"] },
      ],
      ["half of each group", { ...KEY, ...BASIC }, UnauthenticatedError],
      ["the certificate alone", CERT, UnauthenticatedError],
    ],
  ],
  [
    "scopes in the requirement",
    [requirement(["apiKey", ["write"]]), requirement(["basic", ["write"]])],
    [
      ["a credential with the scope", BASIC, { id: "bob" }],
      ["a valid credential without it", KEY, PermissionDeniedError],
      ["a wrong credential", BAD_BASIC, UnauthenticatedError],
    ],
  ],
  [
    "no requirements",
    undefined,
    [
      ["nothing (anonymous)", {}, { id: "" }],
      ["a valid credential (identifies the caller)", BASIC, { id: "bob", schemes: ["basic"] }],
      ["a wrong credential", BAD_KEY, UnauthenticatedError],
    ],
  ],
  [
    "an empty requirement next to a real one (optional authentication)",
    [requirement(["apiKey"]), { schemes: {} }],
    [
      ["nothing (anonymous)", {}, { id: "" }],
      ["the key", KEY, { id: "alice" }],
      ["a wrong key", BAD_KEY, UnauthenticatedError],
    ],
  ],
  [
    "an empty requirement next to an AND-group",
    [requirement(["mtls"], ["apiKey"]), { schemes: {} }],
    [
      ["the whole group", { ...CERT, ...KEY }, { id: "CN=alice-laptop" }],
      ["half of the group (stays anonymous)", CERT, { id: "" }],
      ["the certificate and a wrong key", { ...CERT, ...BAD_KEY }, UnauthenticatedError],
    ],
  ],
];

describe("card-derived requirements are enforced exactly as declared", () => {
  for (const [what, requirements, rows] of table) {
    describe(what, () => {
      for (const [sent, headers, outcome] of rows) {
        it(`${sent} → ${typeof outcome === "function" ? outcome.name : `user ${outcome.id || "(anonymous)"}`}`, () =>
          expectOutcome(requirements, headers, outcome));
      }
    });
  }

  it("marks anonymous callers as unauthenticated", async () => {
    await expect(authFor(undefined).authenticate(req())).resolves.toEqual({
      id: "",
      authenticated: false,
    });
  });

  it("refuses a card that cannot be enforced", () => {
    expect(() =>
      authFromCard(securedCard(schemes, [requirement(["oauth"])]), {
        apiKeys: {},
        basic: () => undefined,
        mtls: () => undefined,
      }),
    ).toThrow(TypeError);
    expect(() =>
      authFromCard(securedCard(schemes, [requirement(["oauth"])]), {
        apiKeys: { k: "a" },
        basic: () => undefined,
        mtls: () => undefined,
      }),
    ).toThrow('securityRequirements names scheme "oauth", which securitySchemes does not declare');
    expect(() =>
      authFromCard(securedCard(schemes, [requirement(["apiKey"])]), { apiKeys: { k: "a" } }),
    ).toThrow(
      'The card\'s scheme "basic" (HTTP Basic) needs the basic option of authFromCard, or verifiers.basic',
    );
    const skillCard = securedCard(
      { apiKey: SCHEMES.apiKey },
      [requirement(["apiKey"])],
      undefined,
      {
        skills: [
          {
            id: "s",
            name: "S",
            description: "S",
            tags: [],
            securityRequirements: [requirement(["ghost"])],
          },
        ],
      },
    );
    expect(() => authFromCard(skillCard, { apiKeys: { k: "a" } })).toThrow(
      'skill s names scheme "ghost"',
    );
  });

  it("lets verifiers replace the built-in check of a scheme", async () => {
    const auth = authFromCard(securedCard({ apiKey: SCHEMES.apiKey }, [requirement(["apiKey"])]), {
      verifiers: {
        apiKey: async (r) =>
          r.headers.get("x-api-key") === "custom"
            ? { status: "valid", identity: { id: "custom-user" } }
            : { status: "absent" },
      },
    });
    await expect(auth.authenticate(req({ "x-api-key": "custom" }))).resolves.toMatchObject({
      id: "custom-user",
    });
    expect(() =>
      authFromCard(securedCard({}, undefined), {
        verifiers: { nope: async () => ({ status: "absent" }) },
      }),
    ).toThrow("verifiers.nope names no scheme");
  });

  it("names every scheme in WWW-Authenticate", () => {
    expect(authFor(undefined).wwwAuthenticate).toBe(
      'ApiKey realm="Secured", in="header", name="X-API-Key", Basic realm="Secured", charset="UTF-8", MutualTLS realm="Secured"',
    );
  });
});
