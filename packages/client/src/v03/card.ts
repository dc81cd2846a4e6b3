import { type AgentCard, agentCardFromV03, parse, V03AgentCard } from "@a2akit/types";
import { InvalidAgentCardError } from "../errors.js";

/** The version stamped on interfaces built from a v0.3 card. */
export const V03_VERSION = "0.3";

/**
 * Converts a v0.3 card (top-level `url`, `preferredTransport`, `additionalInterfaces`) to the
 * v1.0 shape, with every interface stamped `0.3` so only a v0.3 transport will pick it.
 */
export function cardFromV03(raw: Record<string, unknown>, source: string): AgentCard {
  const result = parse(V03AgentCard, raw);
  if (!result.success) throw new InvalidAgentCardError(source, result.issues);
  return agentCardFromV03(result.data);
}
