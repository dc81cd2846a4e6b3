import { z } from "zod";
import { V03Metadata } from "./part.js";
import { V03SecurityRequirement, V03SecurityScheme } from "./security.js";

/** A v0.3 `AgentInterface`: `{url, transport}` (`JSONRPC`, `GRPC`, `HTTP+JSON`). */
export const V03AgentInterface = z.object({
  url: z.string(),
  transport: z.string(),
});
export type V03AgentInterface = z.output<typeof V03AgentInterface>;

export const V03AgentProvider = z.object({
  organization: z.string(),
  url: z.string(),
});

export const V03AgentExtension = z.object({
  uri: z.string(),
  description: z.string().optional(),
  required: z.boolean().optional(),
  params: V03Metadata.optional(),
});

/** v0.3 capabilities; `stateTransitionHistory` is gone in v1.0. */
export const V03AgentCapabilities = z.object({
  streaming: z.boolean().optional(),
  pushNotifications: z.boolean().optional(),
  stateTransitionHistory: z.boolean().optional(),
  extensions: z.array(V03AgentExtension).optional(),
});
export type V03AgentCapabilities = z.output<typeof V03AgentCapabilities>;

/** A v0.3 skill; its `security` uses the v0.3 requirement shape. */
export const V03AgentSkill = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  tags: z.array(z.string()),
  examples: z.array(z.string()).optional(),
  inputModes: z.array(z.string()).optional(),
  outputModes: z.array(z.string()).optional(),
  security: z.array(V03SecurityRequirement).optional(),
});
export type V03AgentSkill = z.output<typeof V03AgentSkill>;

export const V03AgentCardSignature = z.object({
  protected: z.string(),
  signature: z.string(),
  header: V03Metadata.optional(),
});

/**
 * The v0.3 Agent Card: one main `url` with its `preferredTransport` (default JSONRPC), more
 * `additionalInterfaces`, and a card-wide `protocolVersion`.
 */
export const V03AgentCard = z.object({
  protocolVersion: z.string(),
  name: z.string(),
  description: z.string(),
  url: z.string(),
  preferredTransport: z.string().optional(),
  additionalInterfaces: z.array(V03AgentInterface).optional(),
  iconUrl: z.string().optional(),
  provider: V03AgentProvider.optional(),
  version: z.string(),
  documentationUrl: z.string().optional(),
  capabilities: V03AgentCapabilities,
  securitySchemes: z.record(z.string(), V03SecurityScheme).optional(),
  security: z.array(V03SecurityRequirement).optional(),
  defaultInputModes: z.array(z.string()),
  defaultOutputModes: z.array(z.string()),
  skills: z.array(V03AgentSkill),
  supportsAuthenticatedExtendedCard: z.boolean().optional(),
  signatures: z.array(V03AgentCardSignature).optional(),
});
export type V03AgentCard = z.output<typeof V03AgentCard>;
