import type {
  AgentCapabilities,
  AgentCard,
  AgentExtension,
  AgentInterface,
  AgentSkill,
} from "../v1/agent-card.js";
import type { SecurityScheme } from "../v1/security.js";
import type {
  V03AgentCapabilities,
  V03AgentCard,
  V03AgentInterface,
  V03AgentSkill,
} from "./agent-card.js";
import {
  securityRequirementFromV03,
  securityRequirementToV03,
  securitySchemeFromV03At,
  securitySchemeToV03At,
} from "./convert-security.js";
import { cannotConvert, copyDefined } from "./convert-util.js";
import type { V03SecurityScheme } from "./security.js";

/** The `protocolVersion` a2akit stamps on interfaces that speak v0.3. */
export const V03_INTERFACE_VERSION = "0.3";
/** The card-level `protocolVersion` a2akit writes on v0.3 cards. */
export const V03_PROTOCOL_VERSION = "0.3.0";

/** True when an interface's `protocolVersion` is 0.3 (`"0.3"`, `"0.3.0"`, `"0.3.1"` …). */
export function isV03Interface(i: Pick<AgentInterface, "protocolVersion">): boolean {
  return /^0\.3(\.|$)/.test(i.protocolVersion);
}

const SHARED_CARD_FIELDS = [
  "provider",
  "documentationUrl",
  "iconUrl",
  "signatures",
] as const satisfies readonly (keyof AgentCard & keyof V03AgentCard)[];

/**
 * A v1.0 card in v0.3 form. The v0.3 `url`, `preferredTransport` and `additionalInterfaces`
 * come from the interfaces stamped 0.3 (the first JSON-RPC one is the main `url`); if none is
 * stamped 0.3, from all interfaces. Pass `interfaces` to choose them yourself.
 *
 * Lossy: interface `tenant`s, OAuth `deviceCode` flows and `pkceRequired` have no v0.3 form;
 * `additionalInterfaces` is written only when there is more than one interface. Signatures are
 * copied as they are and only verify against the form they were made over.
 */
export function agentCardToV03(
  card: AgentCard,
  options: { interfaces?: readonly AgentInterface[] } = {},
): V03AgentCard {
  const v03 = card.supportedInterfaces.filter(isV03Interface);
  const chosen = options.interfaces ?? (v03.length > 0 ? v03 : card.supportedInterfaces);
  const main = chosen.find((i) => i.protocolBinding === "JSONRPC") ?? chosen[0];
  if (main === undefined) return cannotConvert("supportedInterfaces", "lists no interface");
  const out: V03AgentCard = {
    protocolVersion: V03_PROTOCOL_VERSION,
    name: card.name,
    description: card.description,
    url: main.url,
    preferredTransport: main.protocolBinding,
    version: card.version,
    capabilities: capabilitiesToV03(card.capabilities),
    defaultInputModes: card.defaultInputModes,
    defaultOutputModes: card.defaultOutputModes,
    skills: card.skills.map(skillToV03),
  };
  if (chosen.length > 1) {
    out.additionalInterfaces = chosen.map((i) => ({ url: i.url, transport: i.protocolBinding }));
  }
  copyDefined(out, card, SHARED_CARD_FIELDS);
  if (card.securitySchemes !== undefined) {
    const schemes: Record<string, V03SecurityScheme> = {};
    for (const [name, s] of Object.entries(card.securitySchemes)) {
      schemes[name] = securitySchemeToV03At(s, `securitySchemes.${name}`);
    }
    out.securitySchemes = schemes;
  }
  if (card.securityRequirements !== undefined) {
    out.security = card.securityRequirements.map(securityRequirementToV03);
  }
  if (card.capabilities.extendedAgentCard !== undefined) {
    out.supportsAuthenticatedExtendedCard = card.capabilities.extendedAgentCard;
  }
  return out;
}

function capabilitiesToV03(c: AgentCapabilities): V03AgentCapabilities {
  const out: V03AgentCapabilities = {};
  if (c.streaming !== undefined) out.streaming = c.streaming;
  if (c.pushNotifications !== undefined) out.pushNotifications = c.pushNotifications;
  // v0.3 requires an extension's uri; v1.0 leaves it implicit (absent means "").
  if (c.extensions !== undefined) {
    out.extensions = c.extensions.map((e) => {
      const x: NonNullable<V03AgentCapabilities["extensions"]>[number] = { uri: e.uri ?? "" };
      copyDefined(x, e, ["description", "required", "params"]);
      return x;
    });
  }
  return out;
}

const SKILL_OPTIONAL = ["examples", "inputModes", "outputModes"] as const;

function skillToV03(skill: AgentSkill): V03AgentSkill {
  const out: V03AgentSkill = {
    id: skill.id,
    name: skill.name,
    description: skill.description,
    tags: skill.tags,
  };
  copyDefined(out, skill, SKILL_OPTIONAL);
  if (skill.securityRequirements !== undefined) {
    out.security = skill.securityRequirements.map(securityRequirementToV03);
  }
  return out;
}

function sameInterface(a: V03AgentInterface, b: AgentInterface): boolean {
  return a.url === b.url && a.transport === b.protocolBinding;
}

/**
 * A v0.3 card in v1.0 form. `supportedInterfaces` lists the main `url` (with
 * `preferredTransport`, default JSONRPC) first, then every other entry of
 * `additionalInterfaces`, all stamped protocolVersion "0.3".
 *
 * Lossy: the card-level `protocolVersion` (e.g. "0.3.0", or "0.2.9") becomes "0.3" on each
 * interface; `capabilities.stateTransitionHistory` is gone in v1.0; of several OAuth flows in
 * one scheme only the first is kept (authorizationCode, clientCredentials, implicit, password).
 */
export function agentCardFromV03(card: V03AgentCard): AgentCard {
  const main: AgentInterface = {
    url: card.url,
    protocolBinding: card.preferredTransport ?? "JSONRPC",
    protocolVersion: V03_INTERFACE_VERSION,
  };
  const interfaces = [main];
  for (const extra of card.additionalInterfaces ?? []) {
    if (interfaces.some((i) => sameInterface(extra, i))) continue;
    interfaces.push({
      url: extra.url,
      protocolBinding: extra.transport,
      protocolVersion: V03_INTERFACE_VERSION,
    });
  }
  const out: AgentCard = {
    name: card.name,
    description: card.description,
    supportedInterfaces: interfaces,
    version: card.version,
    capabilities: capabilitiesFromV03(card),
    defaultInputModes: card.defaultInputModes,
    defaultOutputModes: card.defaultOutputModes,
    skills: card.skills.map(skillFromV03),
  };
  copyDefined(out, card, SHARED_CARD_FIELDS);
  if (card.securitySchemes !== undefined) {
    const schemes: Record<string, SecurityScheme> = {};
    for (const [name, s] of Object.entries(card.securitySchemes)) {
      schemes[name] = securitySchemeFromV03At(s, `securitySchemes.${name}`);
    }
    out.securitySchemes = schemes;
  }
  if (card.security !== undefined) {
    out.securityRequirements = card.security.map(securityRequirementFromV03);
  }
  return out;
}

function capabilitiesFromV03(card: V03AgentCard): AgentCapabilities {
  const c = card.capabilities;
  const out: AgentCapabilities = {};
  if (c.streaming !== undefined) out.streaming = c.streaming;
  if (c.pushNotifications !== undefined) out.pushNotifications = c.pushNotifications;
  if (c.extensions !== undefined) {
    out.extensions = c.extensions.map((e) => {
      const x: AgentExtension = { uri: e.uri };
      copyDefined(x, e, ["description", "required", "params"]);
      return x;
    });
  }
  if (card.supportsAuthenticatedExtendedCard !== undefined) {
    out.extendedAgentCard = card.supportsAuthenticatedExtendedCard;
  }
  return out;
}

function skillFromV03(skill: V03AgentSkill): AgentSkill {
  const out: AgentSkill = {
    id: skill.id,
    name: skill.name,
    description: skill.description,
    tags: skill.tags,
  };
  copyDefined(out, skill, SKILL_OPTIONAL);
  if (skill.security !== undefined) {
    out.securityRequirements = skill.security.map(securityRequirementFromV03);
  }
  return out;
}
