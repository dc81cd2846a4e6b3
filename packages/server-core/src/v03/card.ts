import {
  type AgentCard,
  agentCardToV03,
  hybridAgentCard,
  isV03Interface,
  V03_INTERFACE_VERSION,
} from "@a2akit/types";
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

/**
 * The card body for v1.0 clients while v0.3 is served: the card, plus an interface stamped
 * `0.3` for each served endpoint (after the v1.0 ones, which stay preferred), so a v1.0 client
 * sees both versions too. A card that lists v0.3 interfaces already is sent as it is, and so is
 * a signed card: its signatures cover the exact card.
 */
export function serializeV1Card(card: AgentCard, served: ServedPaths): string {
  if ((card.signatures?.length ?? 0) > 0) return serializeCard(card);
  const twins = v03Endpoints(card, served).map((e) => {
    const of = card.supportedInterfaces.find(
      (i) => i.url === e.url && i.protocolBinding === e.protocolBinding,
    );
    return {
      url: e.url,
      protocolBinding: e.protocolBinding ?? "JSONRPC",
      protocolVersion: V03_INTERFACE_VERSION,
      ...(of?.tenant ? { tenant: of.tenant } : {}),
    };
  });
  if (twins.length === 0) return serializeCard(card);
  return serializeCard({ ...card, supportedInterfaces: [...card.supportedInterfaces, ...twins] });
}

/** The v0.3 `agent/getAuthenticatedExtendedCard` result, with v0.3 twins of served interfaces. */
export function extendedCardToV03(card: AgentCard, served: ServedPaths): unknown {
  const bindings: ("JSONRPC" | "HTTP+JSON")[] = ["JSONRPC"];
  if (served.restPath !== undefined) bindings.push("HTTP+JSON");
  return agentCardToV03(withV03Interfaces(card, { bindings }));
}
