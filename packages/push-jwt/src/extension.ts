import type { AgentCard, AgentExtension } from "@a2akit/types";
import { PUSH_JWT_EXTENSION_URI } from "./constants.js";

/** Parameters of the push-jwt extension entry in an agent card. */
export interface PushJwtExtensionParams {
  /** Absolute URL of the agent's JWKS, e.g. `https://agent.example/.well-known/jwks.json`. */
  jwksUrl: string;
  /** The `iss` the agent puts in its tokens. */
  issuer: string;
}

/**
 * The `capabilities.extensions` entry that tells clients this agent signs its push
 * notifications and where its keys are. v1.0 has no card field for a JWKS, hence an extension.
 */
export function pushJwtExtension(params: PushJwtExtensionParams): AgentExtension {
  return {
    uri: PUSH_JWT_EXTENSION_URI,
    description:
      "Push notifications carry a JWT (Authorization: Bearer) signed with a key from jwksUrl.",
    required: false,
    params: { jwksUrl: params.jwksUrl, issuer: params.issuer },
  };
}

/** Reads the push-jwt extension parameters from an agent card, if the agent declares them. */
export function pushJwtParamsOf(
  card: Pick<AgentCard, "capabilities">,
): PushJwtExtensionParams | undefined {
  const entry = card.capabilities?.extensions?.find((e) => e.uri === PUSH_JWT_EXTENSION_URI);
  const params = entry?.params as Record<string, unknown> | undefined;
  if (typeof params?.jwksUrl !== "string" || typeof params.issuer !== "string") return undefined;
  return { jwksUrl: params.jwksUrl, issuer: params.issuer };
}
