import { z } from "zod";
import { explicit, field, message, messageMap, opaque, required, Struct } from "../proto.js";
import { SecurityRequirement, SecurityScheme } from "./security.js";

/** Well-known protocol binding names for {@link AgentInterface.protocolBinding}. */
export const ProtocolBinding = {
  JSONRPC: "JSONRPC",
  GRPC: "GRPC",
  HTTP_JSON: "HTTP+JSON",
} as const;

/** One way to reach the agent: a URL, the binding spoken there and the protocol version. */
export const AgentInterface = message("AgentInterface", {
  url: required(z.string().min(1, "must not be empty")),
  protocolBinding: required(z.string().min(1, "must not be empty")),
  tenant: field(z.string()),
  protocolVersion: required(z.string().min(1, "must not be empty")),
});
export type AgentInterface = z.output<typeof AgentInterface>;

export const AgentProvider = message("AgentProvider", {
  url: required(z.string()),
  organization: required(z.string()),
});
export type AgentProvider = z.output<typeof AgentProvider>;

/** A protocol extension the agent supports. */
export const AgentExtension = message("AgentExtension", {
  uri: field(z.string()),
  description: field(z.string()),
  required: field(z.boolean()),
  params: opaque(field(Struct)),
});
export type AgentExtension = z.output<typeof AgentExtension>;

/** Optional features the agent supports. */
export const AgentCapabilities = message("AgentCapabilities", {
  streaming: explicit(z.boolean()),
  pushNotifications: explicit(z.boolean()),
  extensions: field(z.array(AgentExtension)),
  extendedAgentCard: explicit(z.boolean()),
});
export type AgentCapabilities = z.output<typeof AgentCapabilities>;

/** Something the agent can do. */
export const AgentSkill = message("AgentSkill", {
  id: required(z.string()),
  name: required(z.string()),
  description: required(z.string()),
  tags: required(z.array(z.string())),
  examples: field(z.array(z.string())),
  inputModes: field(z.array(z.string())),
  outputModes: field(z.array(z.string())),
  securityRequirements: field(z.array(SecurityRequirement)),
});
export type AgentSkill = z.output<typeof AgentSkill>;

/** A JWS (RFC 7515) signature over the canonical card, payload detached. */
export const AgentCardSignature = message("AgentCardSignature", {
  protected: required(z.string()),
  signature: required(z.string()),
  header: opaque(field(Struct)),
});
export type AgentCardSignature = z.output<typeof AgentCardSignature>;

/** The self-description an agent publishes at `/.well-known/agent-card.json`. */
export const AgentCard = message("AgentCard", {
  name: required(z.string()),
  description: required(z.string()),
  supportedInterfaces: required(z.array(AgentInterface).min(1, "must list at least one interface")),
  provider: field(AgentProvider),
  version: required(z.string()),
  documentationUrl: explicit(z.string()),
  capabilities: required(AgentCapabilities),
  securitySchemes: messageMap(field(z.record(z.string(), SecurityScheme))),
  securityRequirements: field(z.array(SecurityRequirement)),
  defaultInputModes: required(z.array(z.string())),
  defaultOutputModes: required(z.array(z.string())),
  skills: required(z.array(AgentSkill)),
  signatures: field(z.array(AgentCardSignature)),
  iconUrl: explicit(z.string()),
});
export type AgentCard = z.output<typeof AgentCard>;
