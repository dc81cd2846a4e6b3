import { AgentCard, type AgentCardSignature, agentCardSigningPayload, parse } from "@a2akit/types";
import { base64url, FlattenedSign } from "jose";
import { PushConfigError } from "./errors.js";
import { PushKeyManager } from "./key-manager.js";
import { isSigningKey, type PushSigningKey } from "./keys.js";

/** Options of {@link signAgentCard}. */
export interface SignAgentCardOptions {
  /**
   * The URL of the JWK Set holding the public key, put in the protected header as `jku` so
   * verifiers can find it (e.g. `https://agent.example/.well-known/jwks.json`).
   */
  readonly jku?: string;
}

/**
 * Signs an Agent Card with the current key of a {@link PushKeyManager} (or with one key): a JWS
 * with a detached payload, protected header `{alg, typ: "JOSE", kid[, jku]}`, as A2A §8.4
 * describes. Returns the card with the signature added; signatures by other keys stay (so a
 * card can carry one per key during a rotation), an older one by the same key is replaced.
 * Publish the manager's JWKS so clients can verify; sign again after `rotate()`.
 */
export async function signAgentCard(
  card: AgentCard,
  key: PushKeyManager | PushSigningKey,
  options: SignAgentCardOptions = {},
): Promise<AgentCard> {
  const parsed = parse(AgentCard, card);
  if (!parsed.success) {
    const detail = parsed.issues.map((i) => `${i.path}: ${i.message}`).join("; ");
    throw new PushConfigError("ERR_PUSH_INVALID_OPTION", `Cannot sign an invalid card: ${detail}`);
  }
  const signing = key instanceof PushKeyManager ? key.current : key;
  if (!isSigningKey(signing)) {
    throw new PushConfigError(
      "ERR_PUSH_INVALID_KEY",
      "signAgentCard needs a PushKeyManager or a PushSigningKey",
    );
  }
  const header = {
    alg: signing.alg,
    typ: "JOSE",
    kid: signing.kid,
    ...(options.jku !== undefined ? { jku: options.jku } : {}),
  };
  const jws = await new FlattenedSign(agentCardSigningPayload(parsed.data))
    .setProtectedHeader(header)
    .sign(signing.privateKey);
  const signature: AgentCardSignature = {
    protected: jws.protected as string,
    signature: jws.signature,
  };
  const others = (card.signatures ?? []).filter((s) => kidOf(s) !== signing.kid);
  return { ...card, signatures: [...others, signature] };
}

function kidOf(signature: AgentCardSignature): string | undefined {
  try {
    const header = JSON.parse(new TextDecoder().decode(base64url.decode(signature.protected)));
    return typeof header?.kid === "string" ? header.kid : undefined;
  } catch {
    return undefined;
  }
}
