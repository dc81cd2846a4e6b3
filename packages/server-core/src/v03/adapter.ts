import type { AgentCard } from "@a2akit/types";
import type { BindingEnv } from "../http/binding.js";
import { CardServer } from "../http/card.js";
import { asA2AError, methodNotAllowed } from "../http/errors.js";
import type { A2ARequestKind } from "../http/options.js";
import { serializeV03Card } from "./card.js";
import type { ServedPaths } from "./interfaces.js";
import { serveV03JsonRpc } from "./jsonrpc.js";
import type { ResolvedV03Options } from "./options.js";
import { serveV03Rest, v03RestError } from "./rest.js";
import { matchV03RestRoute, type V03RestMatch } from "./rest-routes.js";

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
  /** The v1.0 REST base; the v0.3 routes hang off it as `{restPath}/v1/...`. */
  readonly restPath: string | undefined;
  readonly cardMaxAgeSeconds: number;
  readonly getCard: () => AgentCard;
}

/** Builds the v0.3 side of the fetch handler; the card is checked now, as for v1.0. */
export function createV03Adapter(config: V03AdapterConfig): V03Adapter {
  const served: ServedPaths = { jsonRpcPath: config.jsonRpcPath, restPath: config.restPath };
  const match = (pathname: string, method: string): V03RestMatch => {
    const segments = restSegments(config.restPath, pathname);
    return segments ? matchV03RestRoute(segments, method) : undefined;
  };
  const cards = new CardServer({
    getCard: config.getCard,
    maxAgeSeconds: config.cardMaxAgeSeconds,
    serialize: (card) => serializeV03Card(card, served),
  });
  return {
    legacyCardPath: config.options.legacyCardPath,
    async serve(request, url, kind) {
      switch (kind) {
        case "card":
          // Other HTTP methods get the v1.0 binding's 405.
          if (request.method !== "GET" && request.method !== "HEAD") return undefined;
          return cards.respond(request);
        case "jsonrpc":
          return serveV03JsonRpc(config.env, request, served);
        case "rest": {
          let found: V03RestMatch;
          try {
            found = match(url.pathname, request.method);
          } catch (e) {
            return v03RestError(
              asA2AError(e, config.env.logger, "rest v0.3"),
              config.env.wwwAuthenticate,
            );
          }
          if (!found) return undefined;
          if (found.kind === "wrong-method") {
            const error = methodNotAllowed(request.method, found.allow);
            return v03RestError(error, config.env.wwwAuthenticate);
          }
          return serveV03Rest(config.env, request, url, found.route, served);
        }
      }
    },
  };
}

/** True for a path of the v0.3 HTTP+JSON binding below `restPath` (such as `{restPath}/v1/card`). */
export function isV03RestPath(restPath: string | undefined, pathname: string): boolean {
  const segments = restSegments(restPath, pathname);
  if (segments === undefined) return false;
  try {
    return matchV03RestRoute(segments, "GET") !== undefined;
  } catch {
    return true; // a v0.3 route with a badly encoded id: its error says so
  }
}

/** The path segments below the REST base, or `undefined` outside it (or with REST off). */
function restSegments(base: string | undefined, pathname: string): string[] | undefined {
  if (base === undefined) return undefined;
  if (base === "/") return pathname.slice(1).split("/");
  return pathname.startsWith(`${base}/`) ? pathname.slice(base.length + 1).split("/") : undefined;
}
