import type { SecurityRequirement } from "@a2akit/types";
import type { AuthIdentity, CredentialCheck } from "./types.js";

/** One requirement as plain data: scheme name → scopes it must grant, all of them (AND). */
export type Requirement = ReadonlyMap<string, readonly string[]>;

/** The card's requirement objects as {@link Requirement}s. */
export function requirementsOf(list: readonly SecurityRequirement[] | undefined): Requirement[] {
  return (list ?? []).map(
    (r) =>
      new Map(Object.entries(r.schemes ?? {}).map(([name, scopes]) => [name, scopes.list ?? []])),
  );
}

/** How a request fared against a requirement list. */
export type Verdict =
  /** A requirement is met: these identities (in the requirement's scheme order) proved it. */
  | {
      readonly kind: "met";
      readonly schemes: readonly string[];
      readonly identities: readonly AuthIdentity[];
    }
  /** Nothing is met, but an empty requirement lets anonymous callers in. */
  | { readonly kind: "anonymous" }
  /** Credentials were missing or wrong (401). */
  | { readonly kind: "unauthenticated"; readonly problems: readonly string[] }
  /** A requirement's credentials were all valid, but scopes were missing (403). */
  | { readonly kind: "forbidden"; readonly problems: readonly string[] };

/**
 * Evaluates requirements the way the card states them: the list is OR, each requirement's
 * schemes are AND, and a scheme's scope list must all be granted by its credential. Schemes are
 * checked lazily through `check`, which the caller memoizes per request. An empty list means
 * no requirement; an empty requirement (`{}`) admits anonymous callers. In both cases any
 * credential sent is still checked, so a bad one is refused instead of silently ignored and a
 * good one identifies the caller; good credentials that complete no requirement leave the
 * caller anonymous.
 */
export async function evaluate(
  requirements: readonly Requirement[],
  allSchemes: readonly string[],
  check: (scheme: string) => Promise<CredentialCheck>,
): Promise<Verdict> {
  const open = requirements.length === 0 || requirements.some((r) => r.size === 0);
  const alternatives =
    requirements.length === 0
      ? allSchemes.map((s): Requirement => new Map([[s, []]]))
      : requirements.filter((r) => r.size > 0);
  const unauthenticated: string[] = [];
  const forbidden: string[] = [];
  let sawInvalid = false;
  for (const requirement of alternatives) {
    const identities: AuthIdentity[] = [];
    const missingScopes: string[] = [];
    let met = true;
    for (const [scheme, scopes] of requirement) {
      const result = await check(scheme);
      if (result.status !== "valid") {
        met = false;
        if (result.status === "invalid") {
          sawInvalid = true;
          unauthenticated.push(`${scheme}: ${result.reason}`);
        } else {
          unauthenticated.push(`${scheme}: no credentials`);
        }
        break;
      }
      identities.push(result.identity);
      const granted = new Set(result.identity.scopes ?? []);
      const lacking = scopes.filter((s) => !granted.has(s));
      if (lacking.length > 0) missingScopes.push(`${scheme} lacks scope ${lacking.join(", ")}`);
    }
    if (!met) continue;
    if (missingScopes.length === 0) {
      return { kind: "met", schemes: [...requirement.keys()], identities };
    }
    forbidden.push(missingScopes.join("; "));
  }
  if (forbidden.length > 0) return { kind: "forbidden", problems: forbidden };
  if (open && !sawInvalid) return { kind: "anonymous" };
  return { kind: "unauthenticated", problems: unique(unauthenticated) };
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
