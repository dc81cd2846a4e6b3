import { type AgentCard, agentCardToV03, hybridAgentCard, isV03Interface } from "@a2akit/types";
import { serializeCard } from "../http/card.js";
import { type ServedPaths, v03Endpoints, withV03Interfaces } from "./interfaces.js";

/**
 * The card body for v0.3 clients: the hybrid card (v1.0 fields plus the v0.3 ones), declaring
 * v0.3 where it is served. A card with nothing served over v0.3 is sent as the pure v1.0 card:
 * a v0.3 client has no endpoint to use either way, and a card must not claim one.
 */
export function serializeV03Card(card: AgentCard, served: ServedPaths): string {
  const pure = serializeCard(card); // validates, naming every bad field
  const endpoints = v03Endpoints(card, served);
  if (endpoints.length === 0 && !card.supportedInterfaces.some(isV03Interface)) return pure;
  return JSON.stringify(hybridAgentCard(card, endpoints));
}

/** The v0.3 `agent/getAuthenticatedExtendedCard` result, with v0.3 twins of served interfaces. */
export function extendedCardToV03(card: AgentCard, served: ServedPaths): unknown {
  const bindings: ("JSONRPC" | "HTTP+JSON")[] = ["JSONRPC"];
  if (served.restPath !== undefined) bindings.push("HTTP+JSON");
  return agentCardToV03(withV03Interfaces(card, { bindings }));
}
