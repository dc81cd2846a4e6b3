// Signs Agent Cards the way an agent would (JWS, detached payload over the JCS form), so the
// verifier can be tested against cards it did not produce itself.
import type { AgentCard } from "@a2akit/types";
import { FlattenedSign } from "jose";
import { agentCardSigningPayload } from "../../src/index.js";

/** Returns the card with one more signature by `key` under `kid`. */
export async function signAgentCard(
  card: AgentCard,
  key: CryptoKey,
  kid: string,
  alg = "ES256",
): Promise<AgentCard> {
  const { signatures = [], ...unsigned } = card;
  const jws = await new FlattenedSign(agentCardSigningPayload(unsigned as AgentCard))
    .setProtectedHeader({ alg, typ: "JOSE", kid })
    .sign(key);
  return {
    ...card,
    signatures: [...signatures, { protected: jws.protected as string, signature: jws.signature }],
  };
}
