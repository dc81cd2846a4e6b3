import { readText } from "./body.js";

/**
 * One HTTP request as the JSON-RPC binding reads it. A web `Request` is one (see
 * {@link webCall}); a server that has no Request objects (node:http, uWebSockets, a framework's
 * own request type) implements this instead and hands it to `A2AFetchHandler.serveCall`, which
 * answers the common calls without building a Request or a Response at all.
 */
export interface A2AHttpCall {
  /** The HTTP method, in upper case. */
  readonly method: string;
  /** The absolute request URL. */
  readonly url: string;
  /** One header's value, or null when absent. `name` is given in lower case. */
  header(name: string): string | null;
  /** Every header. Read only by executors and authenticators that ask for it, so build it lazily. */
  readonly headers: Headers;
  /** Aborts when the client goes away. Read only by calls that can outlive the client. */
  readonly signal: AbortSignal;
  /**
   * The body decoded as strict UTF-8 (a byte order mark is dropped). Past `limit` bytes it
   * rejects with `payloadTooLarge(limit)` (HTTP 413) and reads no further; bytes that are not
   * UTF-8 reject with a `ParseError`. Called at most once.
   */
  text(limit: number): Promise<string>;
  /**
   * The same request as a web Request, for the paths that take one: an `authenticate` hook, the
   * card, HTTP+JSON, v0.3 and instrumented calls. Once `text` has read the body, the Request
   * carries what was read.
   */
  toRequest(): Request;
}

/**
 * A complete answer to a call, with a text body. Headers are a plain record with lower-case
 * names: writing them costs no Headers object on servers that take records (node:http,
 * @hono/node-server).
 */
export interface A2ATextAnswer {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

/**
 * A streaming answer: Server-Sent Events for the server to write itself. `status` and `headers`
 * go out first, then `pipe` writes the frames. A server with web Responses can take
 * `toResponse()` instead.
 */
export interface A2AEventStreamAnswer {
  readonly status: number;
  readonly headers: Record<string, string>;
  /**
   * Writes every frame to `sink`, waiting on `drained` whenever `write` says the sink is full,
   * and calls `end` once: after the last frame, or when the stream is closed (server shutdown,
   * idle timeout). Resolves when it stops writing. Call at most once.
   */
  pipe(sink: A2AEventSink): Promise<void>;
  /** The client went away: stops the stream and lets go of the task (which keeps running). */
  cancel(): void;
  /** The stream as a web Response instead (then neither `pipe` nor `cancel` is called). */
  toResponse(): Response;
}

/** Where {@link A2AEventStreamAnswer.pipe} writes: a node:http response, for example. */
export interface A2AEventSink {
  /** Writes one frame (UTF-8 text); false when the sink is full and wants `drained` awaited. */
  write(frame: string): boolean;
  /** Resolves when a full sink takes writes again, or when it is gone. */
  drained(): Promise<void>;
  /** No more frames. */
  end(): void;
}

/** A web Request as an {@link A2AHttpCall}. */
class WebCall implements A2AHttpCall {
  constructor(private readonly request: Request) {}

  get method(): string {
    return this.request.method;
  }

  get url(): string {
    return this.request.url;
  }

  get headers(): Headers {
    return this.request.headers;
  }

  get signal(): AbortSignal {
    return this.request.signal;
  }

  header(name: string): string | null {
    return this.request.headers.get(name);
  }

  text(limit: number): Promise<string> {
    return readText(this.request, limit);
  }

  toRequest(): Request {
    return this.request;
  }
}

/** `request` as an {@link A2AHttpCall}. */
export function webCall(request: Request): A2AHttpCall {
  return new WebCall(request);
}

/** A Response carrying `answer`. */
export function answerResponse(answer: A2ATextAnswer | A2AEventStreamAnswer): Response {
  if ("pipe" in answer) return answer.toResponse();
  return new Response(answer.body, { status: answer.status, headers: answer.headers });
}
