import {
  type AgentCard,
  type AgentInterface,
  isV03Interface,
  PROTOCOL_VERSION,
  V03_INTERFACE_VERSION,
  type V03Endpoint,
} from "@a2akit/types";

// The bindings this package serves v0.3 on; v0.3 gRPC is not served.
const V03_BINDINGS = new Set(["JSONRPC", "HTTP+JSON"]);

/**
 * The card with a v0.3 twin (same URL, `protocolVersion: "0.3"`) after the interfaces, for each
 * v1.0 JSON-RPC and HTTP+JSON interface that has none, so v1.0 clients see that v0.3 is
 * served too. Twins go last: clients take the first interface they can use, so v1.0 stays
 * preferred.
 */
export function withV03Interfaces(
  card: AgentCard,
  options: { bindings?: readonly ("JSONRPC" | "HTTP+JSON")[] } = {},
): AgentCard {
  const bindings = new Set<string>(options.bindings ?? V03_BINDINGS);
  const twins: AgentInterface[] = [];
  for (const i of card.supportedInterfaces) {
    if (i.protocolVersion !== PROTOCOL_VERSION || !bindings.has(i.protocolBinding)) continue;
    const exists = [...card.supportedInterfaces, ...twins].some(
      (j) => isV03Interface(j) && j.url === i.url && j.protocolBinding === i.protocolBinding,
    );
    if (!exists) {
      twins.push({
        url: i.url,
        protocolBinding: i.protocolBinding,
        protocolVersion: V03_INTERFACE_VERSION,
        ...(i.tenant ? { tenant: i.tenant } : {}),
      });
    }
  }
  return twins.length === 0
    ? card
    : { ...card, supportedInterfaces: [...card.supportedInterfaces, ...twins] };
}

/** Where this server answers v0.3: the paths the v1.0 bindings are served at. */
export interface ServedPaths {
  readonly jsonRpcPath: string | undefined;
  /** `undefined` when v0.3 REST is off. */
  readonly restPath: string | undefined;
}

/**
 * The v0.3 endpoints to declare on the hybrid card. A card that already lists v0.3 interfaces
 * is trusted as it is (none added); otherwise the v1.0 JSON-RPC and HTTP+JSON interfaces whose
 * URL path this server serves get a v0.3 twin.
 */
export function v03Endpoints(card: AgentCard, served: ServedPaths): V03Endpoint[] {
  if (card.supportedInterfaces.some(isV03Interface)) return [];
  const out: V03Endpoint[] = [];
  for (const i of card.supportedInterfaces) {
    if (i.protocolVersion !== PROTOCOL_VERSION) continue;
    const path = pathOf(i.url);
    const servedHere =
      (i.protocolBinding === "JSONRPC" && path === served.jsonRpcPath) ||
      (i.protocolBinding === "HTTP+JSON" && path === served.restPath);
    const known = out.some((e) => e.url === i.url && e.protocolBinding === i.protocolBinding);
    if (servedHere && !known) out.push({ url: i.url, protocolBinding: i.protocolBinding });
  }
  return out;
}

function pathOf(url: string): string | undefined {
  try {
    const p = new URL(url).pathname;
    return p.length > 1 ? p.replace(/\/+$/, "") || "/" : p;
  } catch {
    return undefined;
  }
}
