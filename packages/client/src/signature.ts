import { AgentCard, agentCardSigningPayload, parse } from "@a2akit/types";
import {
  base64url,
  createLocalJWKSet,
  createRemoteJWKSet,
  customFetch,
  flattenedVerify,
  importJWK,
  type JSONWebKeySet,
  type JWK,
  type JWSHeaderParameters,
} from "jose";
import { AgentCardSignatureError, summarize } from "./errors.js";

/** Where the keys that may have signed a card come from. Give exactly one. */
export interface VerifyCardOptions {
  /** A JWK Set in memory. */
  jwks?: JSONWebKeySet;
  /** A JWK Set URL (fetched and cached; HTTPS in production). */
  jwksUrl?: string | URL;
  /** Keys by `kid`. */
  keys?: Record<string, CryptoKey | JWK>;
  /** The fetch used for `jwksUrl`. */
  fetch?: typeof fetch;
  /** Accepted `alg` values (default: whatever the key allows, never `none`). */
  algorithms?: string[];
}

/** A signature that verified: its protected header (with `kid` and `alg`). */
export interface VerifiedCardSignature {
  readonly protectedHeader: JWSHeaderParameters;
}

type KeyResolver = (header: JWSHeaderParameters) => Promise<CryptoKey | Uint8Array>;

/**
 * Verifies a signed Agent Card (JWS with a detached payload, §8.4). Resolves with the first
 * signature that verifies against the given keys; throws AgentCardSignatureError when the card
 * has no signature or none verifies.
 */
export async function verifyAgentCard(
  card: AgentCard | unknown,
  options: VerifyCardOptions,
): Promise<VerifiedCardSignature> {
  const parsed = parse(AgentCard, card);
  if (!parsed.success) {
    throw new AgentCardSignatureError(`Cannot verify an invalid card: ${summarize(parsed.issues)}`);
  }
  const signatures = parsed.data.signatures ?? [];
  if (signatures.length === 0) throw new AgentCardSignatureError("The agent card is not signed");
  const payload = base64url.encode(agentCardSigningPayload(parsed.data));
  const resolve = resolver(options);
  const failures: string[] = [];
  for (const s of signatures) {
    try {
      const jws: {
        protected: string;
        signature: string;
        payload: string;
        header?: JWSHeaderParameters;
      } = {
        protected: s.protected,
        signature: s.signature,
        payload,
      };
      if (s.header) jws.header = s.header as JWSHeaderParameters;
      const verifyOptions = options.algorithms ? { algorithms: options.algorithms } : {};
      const result = await flattenedVerify(
        jws,
        (h: JWSHeaderParameters) => resolve(h),
        verifyOptions,
      );
      return { protectedHeader: result.protectedHeader ?? {} };
    } catch (error) {
      failures.push(error instanceof Error ? error.message : String(error));
    }
  }
  throw new AgentCardSignatureError(
    `No signature of the agent card verified (${failures.join("; ")})`,
  );
}

function resolver(o: VerifyCardOptions): KeyResolver {
  if (o.jwks) {
    const set = createLocalJWKSet(o.jwks);
    return (h) => set(h as Parameters<typeof set>[0]);
  }
  if (o.jwksUrl) {
    const set = createRemoteJWKSet(
      new URL(String(o.jwksUrl)),
      o.fetch ? { [customFetch]: o.fetch } : {},
    );
    return (h) => set(h as Parameters<typeof set>[0]);
  }
  if (o.keys) {
    const keys = o.keys;
    return async (h) => {
      const key = h.kid === undefined ? undefined : keys[h.kid];
      if (!key) throw new AgentCardSignatureError(`No key with kid ${JSON.stringify(h.kid)}`);
      if (isJwk(key)) return (await importJWK(key, h.alg)) as CryptoKey | Uint8Array;
      return key;
    };
  }
  throw new AgentCardSignatureError("Give jwks, jwksUrl or keys to verify the agent card");
}

function isJwk(key: CryptoKey | JWK): key is JWK {
  return typeof (key as JWK).kty === "string";
}
