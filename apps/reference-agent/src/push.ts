import { nodePushOptions } from "@a2akit/node";
import {
  importPushSigningKey,
  PushKeyManager,
  PushSigner,
  pushJwtExtension,
} from "@a2akit/push-jwt";
import {
  createPushDeliveries,
  type Logger,
  type PushDeliveries,
  type PushOutbox,
} from "@a2akit/server-core";
import type { AgentCard } from "@a2akit/types";

/** How the agent sends push notifications. */
export interface AgentPushOptions {
  /** The agent's base URL: the tokens' issuer, and where its JWKS is published. */
  baseUrl: string;
  /** Webhook hosts that skip the SSRF address checks (`localhost:9000`), for development. */
  allowHosts?: readonly string[];
  /**
   * The private signing key as a JWK (JSON). Without it a key is generated at start, so
   * webhooks fetch the new JWKS after a restart; instances sharing a Redis need the same key,
   * or a webhook may verify a push from one instance against another one's keys.
   */
  signingKey?: string;
  /** Where deliveries wait (default: in memory). */
  outbox?: PushOutbox;
  logger: Logger;
}

/** The agent's push machinery: signed deliveries, the keys to publish, the card entry. */
export interface AgentPush {
  /** The dispatcher, for the request handler's `pushDeliveries`. */
  readonly deliveries: PushDeliveries;
  /** The signing keys, for `@a2akit/hono`'s `pushKeys` (serves `/.well-known/jwks.json`). */
  readonly keys: PushKeyManager;
  /** Tells clients where the JWKS is: for `capabilities.extensions`. */
  readonly extension: NonNullable<AgentCard["capabilities"]["extensions"]>[number];
}

/**
 * Every push POST carries a JWT (push-jwt) over its exact body; webhook URLs go through the
 * Node transport of the SSRF guard, which resolves host names and connects only to checked
 * public addresses.
 */
export async function createAgentPush(options: AgentPushOptions): Promise<AgentPush> {
  const keys = options.signingKey
    ? new PushKeyManager({ keys: [await importPushSigningKey(JSON.parse(options.signingKey))] })
    : await PushKeyManager.generate();
  const deliveries = createPushDeliveries({
    ...nodePushOptions({ allowHosts: options.allowHosts ?? [] }),
    signer: new PushSigner({ issuer: options.baseUrl, keys }),
    ...(options.outbox ? { outbox: options.outbox } : {}),
    logger: options.logger,
  });
  const extension = pushJwtExtension({
    jwksUrl: `${options.baseUrl}/.well-known/jwks.json`,
    issuer: options.baseUrl,
  });
  return { deliveries, keys, extension };
}

/** The card with the push-jwt extension entry added. */
export function withPushJwt(card: AgentCard, push: AgentPush): AgentCard {
  const extensions = [...(card.capabilities.extensions ?? []), push.extension];
  return { ...card, capabilities: { ...card.capabilities, extensions } };
}
