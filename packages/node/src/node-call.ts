import type { IncomingMessage, ServerResponse } from "node:http";
import { Readable } from "node:stream";
import {
  type A2AHttpCall,
  checkDeclaredLength,
  decodeBody,
  payloadTooLarge,
} from "@a2akit/server-core";
import { ParseError } from "@a2akit/types";

/** A Host header that is a plain name or address with an optional port, safe to put in a URL. */
const PLAIN_HOST = /^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

/**
 * A node:http request as an {@link A2AHttpCall}. Headers are read from Node's own parsed
 * object; the web Headers, the abort signal and a whole Request are built only when something
 * asks for them.
 */
export class NodeCall implements A2AHttpCall {
  readonly url: string;
  #headers: Headers | undefined;
  #signal: AbortSignal | undefined;
  #request: Request | undefined;
  /** The body once `text` has read it, so a Request built afterwards still carries it. */
  #body: Uint8Array | undefined;

  constructor(
    private readonly req: IncomingMessage,
    private readonly res: ServerResponse,
  ) {
    this.url = absoluteUrl(req);
  }

  get method(): string {
    return this.req.method ?? "GET";
  }

  header(name: string): string | null {
    const value = this.req.headers[name];
    if (value === undefined) return null;
    return typeof value === "string" ? value : value.join(", ");
  }

  get headers(): Headers {
    this.#headers ??= headersOf(this.req);
    return this.#headers;
  }

  get signal(): AbortSignal {
    if (!this.#signal) {
      const controller = new AbortController();
      this.#signal = controller.signal;
      // "close" also follows a response that finished; only an unfinished one means the
      // client went away.
      this.res.once("close", () => {
        if (!this.res.writableFinished) controller.abort(new Error("The client went away"));
      });
    }
    return this.#signal;
  }

  text(limit: number): Promise<string> {
    const req = this.req;
    if (req.readableEnded) return Promise.resolve(this.alreadyRead(limit));
    checkDeclaredLength(req.headers["content-length"], limit);
    return new Promise<string>((resolve, reject) => {
      const chunks: Buffer[] = [];
      let size = 0;
      const done = () => {
        req.off("data", onData);
        req.off("end", onEnd);
        req.off("error", onError);
        req.off("close", onClose);
      };
      const onData = (chunk: Buffer) => {
        size += chunk.length;
        if (size > limit) {
          done();
          // Stop reading: the answer goes out with `Connection: close` (see write-answer.ts).
          req.pause();
          reject(payloadTooLarge(limit));
          return;
        }
        chunks.push(chunk);
      };
      const onEnd = () => {
        done();
        const bytes = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size);
        this.#body = bytes;
        try {
          resolve(decodeBody(bytes));
        } catch (error) {
          reject(error);
        }
      };
      const onError = (error: Error) => {
        done();
        reject(new ParseError(`The request body could not be read: ${error.message}`));
      };
      const onClose = () => {
        done();
        reject(new ParseError("The client closed the connection before the request body ended"));
      };
      req.on("data", onData);
      req.on("end", onEnd);
      req.on("error", onError);
      req.on("close", onClose);
    });
  }

  /**
   * The body when something in front (a body-parsing middleware) consumed the stream already:
   * what it left on `req.body`, as text.
   */
  private alreadyRead(limit: number): string {
    const body = (this.req as { body?: unknown }).body;
    let text: string;
    if (body === undefined || body === null) text = "";
    else if (typeof body === "string") text = body;
    else if (body instanceof Uint8Array) text = decodeBody(body);
    else text = JSON.stringify(body);
    const bytes = Buffer.from(text);
    if (bytes.length > limit) throw payloadTooLarge(limit);
    this.#body = bytes;
    return text;
  }

  toRequest(): Request {
    this.#request ??= this.buildRequest();
    return this.#request;
  }

  private buildRequest(): Request {
    const method = this.method;
    const init: RequestInit & { duplex?: "half" } = {
      method,
      headers: this.headers,
      signal: this.signal,
    };
    if (method !== "GET" && method !== "HEAD") {
      if (this.#body) init.body = this.#body as Uint8Array<ArrayBuffer>;
      else if (!this.req.readableEnded) {
        init.body = Readable.toWeb(this.req) as ReadableStream<Uint8Array>;
        init.duplex = "half";
      }
    }
    return new Request(this.url, init);
  }
}

/** The request's absolute URL; a missing or malformed Host header reads as `localhost`. */
function absoluteUrl(req: IncomingMessage): string {
  const encrypted = (req.socket as { encrypted?: boolean } | null)?.encrypted === true;
  const host = req.headers.host;
  const origin = `${encrypted ? "https" : "http"}://${host && PLAIN_HOST.test(host) ? host : "localhost"}`;
  // Express and Connect cut a mount path off `req.url`; the card's URLs name the whole path.
  const target = (req as { originalUrl?: string }).originalUrl ?? req.url ?? "/";
  if (target.startsWith("/")) return origin + target;
  // The absolute form (`POST http://host/path`, sent to proxies) is kept when it parses;
  // anything else (`OPTIONS *`) is taken as the root.
  try {
    return new URL(target).href;
  } catch {
    return `${origin}/`;
  }
}

/** Node's raw header list as web Headers; a value Headers refuses is left out. */
function headersOf(req: IncomingMessage): Headers {
  const headers = new Headers();
  const raw = req.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    try {
      headers.append(raw[i] as string, raw[i + 1] as string);
    } catch {
      // Node's parser is more lenient than Headers about a few characters in values.
    }
  }
  return headers;
}
