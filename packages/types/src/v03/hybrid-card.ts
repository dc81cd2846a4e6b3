import { parseOrThrow } from "../parse.js";
import { toJson } from "../serialize.js";
import { AgentCard, type AgentInterface } from "../v1/agent-card.js";
import { V03AgentCard } from "./agent-card.js";
import {
  agentCardFromV03,
  agentCardToV03,
  isV03Interface,
  V03_INTERFACE_VERSION,
} from "./convert-card.js";
import { cannotConvert } from "./convert-util.js";

/** Where a v0.3 endpoint is served, for {@link hybridAgentCard}. */
export interface V03Endpoint {
  readonly url: string;
  /** `JSONRPC` (the default), `HTTP+JSON` or `GRPC`. */
  readonly protocolBinding?: string;
}

type Json = Record<string, unknown>;

/**
 * One JSON card that both v1.0 and v0.3 clients read: the v1.0 ProtoJSON card plus the v0.3
 * fields (`protocolVersion`, `url`, `preferredTransport`, `additionalInterfaces`, `security`,
 * `supportsAuthenticatedExtendedCard`, skills' `security`). Their names never collide; the one
 * shared map, `securitySchemes`, holds per scheme both the v0.3 `type` fields and the v1.0
 * wrapper key. `v03` adds interfaces stamped "0.3" for the given endpoints; without it the
 * card must already list some. If you sign the card, sign this JSON.
 */
export function hybridAgentCard(card: AgentCard, v03: readonly V03Endpoint[] = []): Json {
  const added: AgentInterface[] = v03.map((e) => ({
    url: e.url,
    protocolBinding: e.protocolBinding ?? "JSONRPC",
    protocolVersion: V03_INTERFACE_VERSION,
  }));
  const interfaces = [...card.supportedInterfaces];
  for (const a of added) {
    const known = interfaces.some(
      (i) => isV03Interface(i) && i.url === a.url && i.protocolBinding === a.protocolBinding,
    );
    if (!known) interfaces.push(a);
  }
  if (!interfaces.some(isV03Interface)) {
    return cannotConvert(
      "supportedInterfaces",
      "no interface has protocolVersion 0.3; pass the v0.3 endpoint(s) it is served at",
    );
  }
  const full: AgentCard = { ...card, supportedInterfaces: interfaces };
  const v1 = toJson(AgentCard, full) as Json;
  const old = agentCardToV03(full) as unknown as Json;
  const out: Json = { ...old, ...v1 };
  out.capabilities = { ...(v1.capabilities as Json), ...(old.capabilities as Json) };
  const oldSkills = old.skills as Json[];
  out.skills = (v1.skills as Json[]).map((s, i) => ({ ...s, ...oldSkills[i] }));
  if (old.securitySchemes !== undefined) {
    const v1Schemes = v1.securitySchemes as Record<string, Json>;
    const schemes: Record<string, Json> = {};
    for (const [name, s] of Object.entries(old.securitySchemes as Record<string, Json>)) {
      schemes[name] = { ...s, ...v1Schemes[name] };
    }
    out.securitySchemes = schemes;
  }
  return out;
}

/**
 * True when a fetched card is a v0.3 card: it has no `supportedInterfaces`. A hybrid card (both
 * sets of fields) counts as v1.0, whose fields are preferred.
 */
export function isV03AgentCard(input: unknown): boolean {
  return (
    input !== null &&
    typeof input === "object" &&
    !Array.isArray((input as Json).supportedInterfaces) &&
    typeof (input as Json).url === "string"
  );
}

/**
 * Parses a fetched Agent Card of either version into the v1.0 model: v1.0 and hybrid cards as
 * they are, v0.3 cards through {@link agentCardFromV03} (interfaces stamped "0.3"). Throws an
 * InvalidParamsError naming every bad field.
 */
export function parseAgentCardAnyVersion(input: unknown): AgentCard {
  if (!isV03AgentCard(input)) return parseOrThrow(AgentCard, input, { what: "agent card" });
  const old = parseOrThrow(V03AgentCard, input, { what: "v0.3 agent card" });
  return parseOrThrow(AgentCard, agentCardFromV03(old), { what: "agent card" });
}
