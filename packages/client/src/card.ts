import { AGENT_CARD_PATH, AgentCard, PROTOCOL_VERSION, parse } from "@a2akit/types";
import { InvalidAgentCardError } from "./errors.js";
import { type CallOptions, type HttpConfig, request } from "./http.js";
import { httpError, isObject, parseJsonBody } from "./responses.js";
import { cardFromV03 } from "./v03/card.js";

/** A fetched card with what is needed to revalidate it later. */
export interface CachedCard {
  readonly card: AgentCard;
  /** Where the card was fetched from. */
  readonly url: string;
  readonly etag?: string;
  readonly lastModified?: string;
  /** Epoch ms until which `Cache-Control: max-age` lets the card be reused without asking. */
  readonly freshUntil?: number;
}

/**
 * The card URL for an agent base URL: a URL that already ends in `.json` is taken as it is;
 * otherwise the well-known path is appended to the base path (so agents mounted under a prefix
 * work too).
 */
export function agentCardUrl(baseUrl: string | URL): string {
  let url: URL;
  try {
    url = new URL(String(baseUrl));
  } catch (cause) {
    throw new TypeError(
      `${JSON.stringify(String(baseUrl))} is not an absolute URL; give the agent's base URL, e.g. https://agent.example.com`,
      { cause },
    );
  }
  if (url.pathname.endsWith(".json")) return url.href;
  url.pathname = `${url.pathname.replace(/\/+$/, "")}${AGENT_CARD_PATH}`;
  return url.href;
}

/**
 * Reads a card in either generation. A card listing `supportedInterfaces` is a v1.0 card (even
 * when it also carries v0.3 fields: a hybrid card); one without them but with a top-level `url`
 * is a v0.3 card, converted so its interfaces are stamped `0.3`.
 */
export function readAgentCard(raw: unknown, source = "the agent"): AgentCard {
  if (!isObject(raw)) {
    throw new InvalidAgentCardError(source, [{ path: "(root)", message: "must be a JSON object" }]);
  }
  const v1 = Array.isArray(raw.supportedInterfaces) && raw.supportedInterfaces.length > 0;
  if (!v1 && typeof raw.url === "string") return cardFromV03(raw, source);
  const result = parse(AgentCard, withEmptyLists(raw));
  if (!result.success) throw new InvalidAgentCardError(source, result.issues);
  return result.data;
}

/**
 * Proto3 serializers may leave out empty repeated fields (the official a2a-js SDK does for a
 * card without skills); the schema wants the keys, so absent lists are read as empty.
 */
function withEmptyLists(raw: Record<string, unknown>): Record<string, unknown> {
  const out = { ...raw };
  for (const key of ["skills", "defaultInputModes", "defaultOutputModes"]) {
    if (out[key] === undefined) out[key] = [];
  }
  return out;
}

/**
 * Fetches and validates a card. With `previous`, revalidates it: returns `previous` unchanged
 * while it is fresh, or when the server answers 304 to `If-None-Match`/`If-Modified-Since`.
 */
export async function fetchAgentCard(
  http: HttpConfig,
  url: string,
  call: CallOptions = {},
  previous?: CachedCard,
  now: () => number = Date.now,
): Promise<CachedCard> {
  if (previous?.freshUntil !== undefined && now() < previous.freshUntil) return previous;
  const headers: Record<string, string> = { Accept: "application/json" };
  if (previous?.etag) headers["If-None-Match"] = previous.etag;
  if (previous?.lastModified) headers["If-Modified-Since"] = previous.lastModified;
  const result = await request(
    http,
    {
      operation: "GetAgentCard",
      url,
      method: "GET",
      headers,
      idempotent: true,
      version: PROTOCOL_VERSION,
    },
    call,
  );
  const freshUntil = maxAge(result.headers.get("cache-control"), now());
  if (result.status === 304 && previous) {
    return { ...previous, ...(freshUntil === undefined ? {} : { freshUntil }) };
  }
  if (result.status < 200 || result.status >= 300) {
    throw httpError(result, `Fetching the agent card from ${url}`);
  }
  const body = parseJsonBody(
    result.text,
    `Agent card from ${url}`,
    result.status,
    result.headers.get("content-type"),
  );
  const card = readAgentCard(body, url);
  const etag = result.headers.get("etag") ?? undefined;
  const lastModified = result.headers.get("last-modified") ?? undefined;
  return {
    card,
    url,
    ...(etag ? { etag } : {}),
    ...(lastModified ? { lastModified } : {}),
    ...(freshUntil === undefined ? {} : { freshUntil }),
  };
}

function maxAge(cacheControl: string | null, now: number): number | undefined {
  if (!cacheControl) return undefined;
  if (/\b(no-cache|no-store)\b/i.test(cacheControl)) return undefined;
  const m = /\bmax-age=(\d+)/i.exec(cacheControl);
  return m ? now + Number(m[1]) * 1000 : undefined;
}
