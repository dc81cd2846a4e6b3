import { cookieValue } from "./credentials.js";
import { bytesEqual, sha256 } from "./crypto.js";
import {
  ABSENT,
  type AuthIdentity,
  type CredentialCheck,
  invalid,
  type MaybePromise,
  type SchemeVerifier,
  valid,
} from "./types.js";

/** Looks up who holds an API key; `undefined` for an unknown key. Compare in constant time. */
export type ApiKeyLookup = (key: string, scheme: string) => MaybePromise<AuthIdentity | undefined>;

/**
 * Accepted API keys and who holds each: a record or map from key to identity, or to just the
 * principal's id. Keys are compared in constant time.
 */
export type ApiKeyTable =
  | Readonly<Record<string, AuthIdentity | string>>
  | ReadonlyMap<string, AuthIdentity | string>;

/** Where the card says the key travels. */
export interface ApiKeyLocation {
  readonly location: string;
  readonly name: string;
}

/** Reads the key from where the card declares it. */
export function presentedApiKey(request: Request, at: ApiKeyLocation): string | undefined {
  let value: string | null | undefined;
  switch (at.location.toLowerCase()) {
    case "header":
      value = request.headers.get(at.name);
      break;
    case "query":
      value = new URL(request.url).searchParams.get(at.name);
      break;
    case "cookie":
      value = cookieValue(request, at.name);
      break;
    default:
      value = undefined;
  }
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

/** A lookup over a fixed table that compares the presented key with every entry's digest. */
export function tableLookup(table: ApiKeyTable): ApiKeyLookup {
  const entries: [string, AuthIdentity | string][] =
    table instanceof Map
      ? [...table]
      : Object.entries(table as Record<string, AuthIdentity | string>);
  if (entries.length === 0) throw new TypeError("apiKeys must hold at least one key");
  let digests: Promise<{ digest: Uint8Array; identity: AuthIdentity }[]> | undefined;
  return async (key) => {
    digests ??= Promise.all(
      entries.map(async ([k, who]) => ({
        digest: await sha256(k),
        identity: typeof who === "string" ? { id: who } : who,
      })),
    );
    const presented = await sha256(key);
    let found: AuthIdentity | undefined;
    // Every entry is compared, whatever matched before, so timing says nothing about the table.
    for (const entry of await digests) {
      if (bytesEqual(entry.digest, presented)) found = entry.identity;
    }
    return found;
  };
}

/** The verifier of one apiKeySecurityScheme. */
export function apiKeyVerifier(
  scheme: string,
  at: ApiKeyLocation,
  lookup: ApiKeyLookup,
): SchemeVerifier {
  const where = `${at.location} ${at.name}`;
  return async (request): Promise<CredentialCheck> => {
    const key = presentedApiKey(request, at);
    if (key === undefined) return ABSENT;
    const identity = await lookup(key, scheme);
    return identity ? valid(identity) : invalid(`the API key in ${where} is not valid`);
  };
}
