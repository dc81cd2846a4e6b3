/** Who a credential says the caller is; `authFromCard` turns it into the call's `User`. */
export interface AuthIdentity {
  /** Stable id of the principal: it becomes the owner of every task the caller creates. */
  readonly id: string;
  readonly name?: string;
  /** Granted scopes (OAuth 2.0 `scope`, roles of an API key...). */
  readonly scopes?: readonly string[];
  /** The tenant the principal belongs to; binds every call to it. */
  readonly tenant?: string;
  /** Anything else the executor may want (token claims, key labels). */
  readonly claims?: Readonly<Record<string, unknown>>;
}

/** What checking one scheme's credential on a request found. */
export type CredentialCheck =
  /** The request carries no credential for this scheme. */
  | { readonly status: "absent" }
  /** It carries one that does not verify; `reason` is safe to show the client. */
  | { readonly status: "invalid"; readonly reason: string }
  | { readonly status: "valid"; readonly identity: AuthIdentity };

/**
 * Checks the credential of one security scheme on a request. Throw only for failures that are
 * not the caller's fault (the identity provider is down): the call is then answered with an
 * error instead of 401.
 */
export type SchemeVerifier = (request: Request) => Promise<CredentialCheck>;

/** Result of something that may be synchronous. */
export type MaybePromise<T> = T | Promise<T>;

export const ABSENT: CredentialCheck = Object.freeze({ status: "absent" });

export function invalid(reason: string): CredentialCheck {
  return { status: "invalid", reason };
}

export function valid(identity: AuthIdentity): CredentialCheck {
  return { status: "valid", identity };
}

/** One value or several, as a list. */
export function asList(value: string | readonly string[] | undefined): string[] {
  if (value === undefined) return [];
  return typeof value === "string" ? [value] : [...value];
}
