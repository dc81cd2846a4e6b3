import type { AgentCard } from "@a2akit/types";
import type { BindingEnv } from "../http/binding.js";
import { CardServer } from "../http/card.js";
import type { A2ARequestKind } from "../http/options.js";
import { serializeV03Card } from "./card.js";
import type { ServedPaths } from "./interfaces.js";
import { serveV03JsonRpc } from "./jsonrpc.js";
import type { ResolvedV03Options } from "./options.js";

/** What the fetch handler needs to serve v0.3 next to v1.0. */
export interface V03Adapter {
  /** The pre-0.3 card path, served like the main card path. */
  readonly legacyCardPath: string | undefined;
  /**
   * Answers a request that asks for 0.3, or resolves `undefined` when v0.3 has nothing at that
   * path (the v1.0 binding then answers with VersionNotSupported). May consume the body.
   */
  serve(request: Request, url: URL, kind: A2ARequestKind): Promise<Response | undefined>;
}

/** Settings of {@link createV03Adapter}, taken from the fetch handler's resolved options. */
export interface V03AdapterConfig {
  readonly env: BindingEnv;
  readonly options: ResolvedV03Options;
  readonly jsonRpcPath: string | undefined;
  readonly cardMaxAgeSeconds: number;
  readonly getCard: () => AgentCard;
}

/** Builds the v0.3 side of the fetch handler; the card is checked now, as for v1.0. */
export function createV03Adapter(config: V03AdapterConfig): V03Adapter {
  // v0.3 is served over JSON-RPC; its HTTP+JSON routes (`/v1/...`) are not served yet.
  const served: ServedPaths = { jsonRpcPath: config.jsonRpcPath, restPath: undefined };
  const cards = new CardServer({
    getCard: config.getCard,
    maxAgeSeconds: config.cardMaxAgeSeconds,
    serialize: (card) => serializeV03Card(card, served),
  });
  return {
    legacyCardPath: config.options.legacyCardPath,
    async serve(request, _url, kind) {
      switch (kind) {
        case "card":
          // Other HTTP methods get the v1.0 binding's 405.
          if (request.method !== "GET" && request.method !== "HEAD") return undefined;
          return cards.respond(request);
        case "jsonrpc":
          return serveV03JsonRpc(config.env, request, served);
        case "rest":
          return undefined;
      }
    },
  };
}
