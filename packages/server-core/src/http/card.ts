import { AgentCard, InvalidParamsError, parse, toJson } from "@a2akit/types";
import { A2A_JSON_HEADERS } from "./responses.js";

/**
 * Validates a card with the AgentCard schema and returns its serialized form. Throws an
 * InvalidParamsError naming every bad field (`supportedInterfaces: must list at least one
 * interface`), so a broken card stops the server at start-up instead of confusing clients.
 */
export function serializeCard(card: AgentCard): string {
  const result = parse(AgentCard, card);
  if (!result.success) throw InvalidParamsError.fromIssues(result.issues, "agent card");
  return JSON.stringify(toJson(AgentCard, result.data));
}

/** Options for serving the public card. */
export interface CardServerOptions {
  readonly getCard: () => AgentCard;
  readonly maxAgeSeconds: number;
  /** The JSON body for a card (default: the v1.0 ProtoJSON of the validated card). */
  readonly serialize?: (card: AgentCard) => string;
}

interface Snapshot {
  readonly card: AgentCard;
  readonly body: string;
  readonly etag: Promise<string>;
  readonly lastModified: string;
}

/** Serves the public card with validators, so clients and CDNs can cache it cheaply. */
export class CardServer {
  private snapshot: Snapshot;

  constructor(private readonly options: CardServerOptions) {
    this.snapshot = this.take(options.getCard());
  }

  /** Answers a GET/HEAD for the card, with a 304 when the client's copy is current. */
  async respond(request: Request): Promise<Response> {
    const card = this.options.getCard();
    // A handler may return a new card object (e.g. after a skill update): re-validate it and
    // give it a new ETag and Last-Modified.
    if (card !== this.snapshot.card) this.snapshot = this.take(card);
    const { body, lastModified } = this.snapshot;
    const etag = await this.snapshot.etag;
    const headers = new Headers({
      ETag: etag,
      "Last-Modified": lastModified,
      "Cache-Control": `public, max-age=${this.options.maxAgeSeconds}`,
      Vary: "A2A-Version",
    });
    if (isFresh(request, etag, lastModified)) return new Response(null, { status: 304, headers });
    headers.set("Content-Type", A2A_JSON_HEADERS["Content-Type"]);
    return new Response(request.method === "HEAD" ? null : body, { status: 200, headers });
  }

  private take(card: AgentCard): Snapshot {
    const body = (this.options.serialize ?? serializeCard)(card);
    // HTTP dates have second precision; dropping the milliseconds keeps If-Modified-Since exact.
    const now = new Date(Math.floor(Date.now() / 1000) * 1000);
    return { card, body, etag: strongEtag(body), lastModified: now.toUTCString() };
  }
}

async function strongEtag(body: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(body));
  const hex = Array.from(new Uint8Array(digest).slice(0, 16), (b) =>
    b.toString(16).padStart(2, "0"),
  ).join("");
  return `"${hex}"`;
}

function isFresh(request: Request, etag: string, lastModified: string): boolean {
  const inm = request.headers.get("if-none-match");
  if (inm !== null) {
    // Weak comparison (RFC 9110 §13.1.2): W/"x" matches "x".
    return inm
      .split(",")
      .map((t) => t.trim().replace(/^W\//, ""))
      .some((t) => t === "*" || t === etag);
  }
  const ims = request.headers.get("if-modified-since");
  if (ims !== null) {
    const since = Date.parse(ims);
    return !Number.isNaN(since) && Date.parse(lastModified) <= since;
  }
  return false;
}
