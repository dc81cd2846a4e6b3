import {
  type AgentCard,
  PermissionDeniedError,
  type SecurityScheme,
  UnauthenticatedError,
} from "@a2akit/types";
import { ANONYMOUS, type Logger, silentLogger, type User } from "../handler/types.js";
import { type ApiKeyLookup, type ApiKeyTable, apiKeyVerifier, tableLookup } from "./api-key.js";
import { type BasicVerify, basicVerifier } from "./basic.js";
import { challengeFor } from "./challenge.js";
import { type IntrospectionOptions, introspectionVerifier } from "./introspection.js";
import { type JwtOptions, jwtVerifier } from "./jwt.js";
import { evaluate, requirementsOf } from "./requirements.js";
import {
  ABSENT,
  type AuthIdentity,
  type CredentialCheck,
  type MaybePromise,
  type SchemeVerifier,
  valid,
} from "./types.js";

/**
 * Who a client certificate belongs to. TLS ends in the host (Node's `tls`, a proxy), so the
 * host hands over the verified peer: return `undefined` when the request came without one.
 */
export type MtlsIdentify = (request: Request) => MaybePromise<AuthIdentity | undefined>;

/** How each kind of scheme on the card is verified. Every scheme the card declares needs one. */
export interface CardAuthOptions {
  /** `apiKeySecurityScheme`s: the accepted keys, or a lookup. */
  readonly apiKeys?: ApiKeyTable | ApiKeyLookup;
  /** `httpAuthSecurityScheme` with scheme `Basic`. */
  readonly basic?: BasicVerify;
  /**
   * Bearer JWTs: `httpAuthSecurityScheme` with scheme `Bearer`, `openIdConnectSecurityScheme`
   * (keys found through its `openIdConnectUrl` by default), and `oauth2SecurityScheme` when no
   * `introspection` is given (keys through its `oauth2MetadataUrl` by default).
   */
  readonly jwt?: JwtOptions;
  /** Opaque bearer tokens (RFC 7662): `oauth2SecurityScheme`, and bearer schemes without `jwt`. */
  readonly introspection?: IntrospectionOptions;
  /** `mtlsSecurityScheme`: the verified client certificate's owner, supplied by the host. */
  readonly mtls?: MtlsIdentify;
  /** Your own verifier for a scheme, by its name in `securitySchemes`; wins over the above. */
  readonly verifiers?: Readonly<Record<string, SchemeVerifier>>;
  /** The realm named in `WWW-Authenticate` (default: the card's name). */
  readonly realm?: string;
  /** Where authentication failures and provider outages are reported; default silent. */
  readonly logger?: Logger;
}

/**
 * What {@link authFromCard} returns: spread it into `createA2AFetchHandler` (or `a2a()` of
 * `@a2akit/hono`) options to enforce the card.
 */
export interface CardAuth {
  /** The hook the HTTP layer calls for every request except the public card. */
  readonly authenticate: (request: Request) => Promise<User>;
  /** The challenges sent with 401 answers, one per scheme of the card. */
  readonly wwwAuthenticate: string;
}

/**
 * Builds authentication from the card's own `securitySchemes` and `securityRequirements`, so
 * what the card advertises and what the server enforces cannot drift apart. A requirement list
 * is OR, the schemes of one requirement AND, and each scheme's listed scopes must be granted.
 * Throws a TypeError now when a scheme has no verifier or a requirement names an unknown scheme.
 *
 * Missing or bad credentials throw UnauthenticatedError (401, with the card's challenges); valid
 * credentials without a required scope throw PermissionDeniedError (403).
 */
export function authFromCard(card: AgentCard, options: CardAuthOptions): CardAuth {
  const logger = options.logger ?? silentLogger;
  const schemes = card.securitySchemes ?? {};
  const names = Object.keys(schemes);
  const verifiers = new Map<string, SchemeVerifier>();
  for (const name of names) {
    verifiers.set(name, verifierFor(name, schemes[name] as SecurityScheme, options, logger));
  }
  const requirements = requirementsOf(card.securityRequirements);
  checkNamed(requirements, verifiers, "securityRequirements");
  for (const skill of card.skills) {
    checkNamed(requirementsOf(skill.securityRequirements), verifiers, `skill ${skill.id}`);
  }
  for (const name of Object.keys(options.verifiers ?? {})) {
    if (!verifiers.has(name)) {
      throw new TypeError(`verifiers.${name} names no scheme of the card's securitySchemes`);
    }
  }

  const authenticate = async (request: Request): Promise<User> => {
    const checks = new Map<string, Promise<CredentialCheck>>();
    const check = (scheme: string): Promise<CredentialCheck> => {
      let result = checks.get(scheme);
      if (!result) {
        result = (verifiers.get(scheme) as SchemeVerifier)(request);
        checks.set(scheme, result);
      }
      return result;
    };
    const verdict = await evaluate(requirements, names, check);
    switch (verdict.kind) {
      case "anonymous":
        return ANONYMOUS;
      case "met":
        return userOf(verdict.schemes, verdict.identities);
      case "forbidden":
        logger.info("authorization failed", { problems: verdict.problems });
        throw new PermissionDeniedError(
          `The credentials are valid but lack what this agent requires: ${verdict.problems.join(" | ")}`,
        );
      case "unauthenticated":
        logger.info("authentication failed", { problems: verdict.problems });
        throw new UnauthenticatedError(unauthenticatedMessage(verdict.problems, schemes));
    }
  };

  return {
    authenticate,
    wwwAuthenticate:
      names.length > 0 ? challengeFor(schemes, options.realm ?? card.name) : "Bearer",
  };
}

function verifierFor(
  name: string,
  scheme: SecurityScheme,
  options: CardAuthOptions,
  logger: Logger,
): SchemeVerifier {
  const own = options.verifiers?.[name];
  if (own) return own;
  const missing = (option: string, kind: string): never => {
    throw new TypeError(
      `The card's scheme "${name}" (${kind}) needs the ${option} option of authFromCard, or verifiers.${name}`,
    );
  };
  if (scheme.apiKeySecurityScheme) {
    const { location, name: param } = scheme.apiKeySecurityScheme;
    if (!["header", "query", "cookie"].includes(location.toLowerCase())) {
      throw new TypeError(
        `The card's scheme "${name}" has apiKey location ${JSON.stringify(location)}; use header, query or cookie`,
      );
    }
    const keys = options.apiKeys ?? missing("apiKeys", "apiKeySecurityScheme");
    const lookup = typeof keys === "function" ? keys : tableLookup(keys);
    return apiKeyVerifier(name, { location, name: param }, lookup);
  }
  if (scheme.httpAuthSecurityScheme) {
    const kind = scheme.httpAuthSecurityScheme.scheme.toLowerCase();
    if (kind === "basic") return basicVerifier(options.basic ?? missing("basic", "HTTP Basic"));
    if (kind === "bearer") return tokenVerifier(name, options, undefined, false, logger);
    return missing(`verifiers.${name}`, `HTTP ${scheme.httpAuthSecurityScheme.scheme}`);
  }
  if (scheme.oauth2SecurityScheme) {
    return tokenVerifier(
      name,
      options,
      scheme.oauth2SecurityScheme.oauth2MetadataUrl,
      true,
      logger,
    );
  }
  if (scheme.openIdConnectSecurityScheme) {
    const url = scheme.openIdConnectSecurityScheme.openIdConnectUrl;
    return tokenVerifier(name, options, url, false, logger);
  }
  if (scheme.mtlsSecurityScheme) {
    const identify = options.mtls ?? missing("mtls", "mtlsSecurityScheme");
    return async (request) => {
      const identity = await identify(request);
      return identity ? valid(identity) : ABSENT;
    };
  }
  throw new TypeError(`The card's scheme "${name}" is of no kind a2akit knows`);
}

/** Bearer tokens: introspection for OAuth 2.0 schemes when configured, else JWTs. */
function tokenVerifier(
  name: string,
  options: CardAuthOptions,
  discoveryUrl: string | undefined,
  oauth2: boolean,
  logger: Logger,
): SchemeVerifier {
  if (options.introspection && (oauth2 || !options.jwt)) {
    return introspectionVerifier(options.introspection, logger);
  }
  if (options.jwt) return jwtVerifier(options.jwt, discoveryUrl || undefined, logger);
  throw new TypeError(
    `The card's scheme "${name}" takes bearer tokens: give authFromCard the jwt or introspection option, or verifiers.${name}`,
  );
}

function checkNamed(
  requirements: ReadonlyArray<ReadonlyMap<string, readonly string[]>>,
  verifiers: ReadonlyMap<string, SchemeVerifier>,
  where: string,
): void {
  for (const r of requirements) {
    for (const scheme of r.keys()) {
      if (!verifiers.has(scheme)) {
        throw new TypeError(
          `${where} names scheme "${scheme}", which securitySchemes does not declare`,
        );
      }
    }
  }
}

/** The user of a met requirement: named by its first scheme, scopes of all, claims merged. */
function userOf(schemes: readonly string[], identities: readonly AuthIdentity[]): User {
  const first = identities[0] as AuthIdentity;
  if (typeof first.id !== "string" || first.id === "") {
    throw new TypeError(`The verifier of scheme "${schemes[0]}" gave an identity without an id`);
  }
  const tenants = new Set(identities.flatMap((i) => (i.tenant !== undefined ? [i.tenant] : [])));
  if (tenants.size > 1) {
    throw new UnauthenticatedError("The credentials name different tenants");
  }
  const name = identities.find((i) => i.name !== undefined)?.name;
  const tenant = identities.find((i) => i.tenant !== undefined)?.tenant;
  const scopes = [...new Set(identities.flatMap((i) => i.scopes ?? []))];
  const claims = Object.assign({}, ...[...identities].reverse().map((i) => i.claims ?? {}));
  return {
    id: first.id,
    authenticated: true,
    ...(name !== undefined ? { name } : {}),
    scopes,
    ...(tenant !== undefined ? { tenant } : {}),
    claims,
    schemes: [...schemes],
  };
}

function unauthenticatedMessage(
  problems: readonly string[],
  schemes: Readonly<Record<string, SecurityScheme>>,
): string {
  const allMissing = problems.every((p) => p.endsWith(": no credentials"));
  if (!allMissing) {
    return `Authentication failed: ${problems.filter((p) => !p.endsWith(": no credentials")).join("; ")}`;
  }
  const how = Object.entries(schemes).map(([name, s]) => `${name} (${describeScheme(s)})`);
  return `This agent requires authentication: ${how.join(", ")}`;
}

function describeScheme(s: SecurityScheme): string {
  if (s.apiKeySecurityScheme) {
    return `API key in ${s.apiKeySecurityScheme.location} ${s.apiKeySecurityScheme.name}`;
  }
  if (s.httpAuthSecurityScheme) return `Authorization: ${s.httpAuthSecurityScheme.scheme}`;
  if (s.oauth2SecurityScheme) return "OAuth 2.0 bearer token";
  if (s.openIdConnectSecurityScheme) return "OpenID Connect bearer token";
  return "TLS client certificate";
}
