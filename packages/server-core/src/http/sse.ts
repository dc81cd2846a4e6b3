import { type A2AError, isA2AError } from "@a2akit/types";
import type { OperationObserver, OperationOutcome } from "../telemetry/instrumentation.js";
import type { A2AEventSink, A2AEventStreamAnswer } from "./call.js";
import { idsOf } from "./observe.js";

/** How one binding frames its stream. */
export interface SseFraming {
  /** The `data:` JSON of one stream item. */
  event(item: unknown): unknown;
  /** The `data:` JSON of the final `event: error`. */
  error(error: A2AError): unknown;
  /** Turns anything thrown while iterating into an A2AError. */
  toError(error: unknown): A2AError;
}

/** Options of {@link sseResponse}. */
export interface SseOptions {
  readonly framing: SseFraming;
  /** Interval of `: ping` comments on an idle stream; 0 turns them off. */
  readonly keepAliveMs: number;
  /** Aborts when the client goes away or the server shuts down. */
  readonly signal: AbortSignal;
  readonly headers: Headers;
  /**
   * Ends the stream cleanly when no event was sent for this long, in ms (0 or absent = never).
   * Keep-alive pings do not count as events.
   */
  readonly idleTimeoutMs?: number;
  /** Told when the stream opens, of each event, and how the stream ended. */
  readonly observer?: OperationObserver;
  /** Runs once when the stream ends, however it ends (releases a stream slot). */
  readonly onEnd?: () => void;
}

const encoder = new TextEncoder();
const PING_TEXT = ": ping\n\n";
const PING = encoder.encode(PING_TEXT);

/**
 * Streams an async iterable as Server-Sent Events, as a web Response. Items are pulled one at a
 * time, so a slow client slows the reader instead of growing a buffer. When the client leaves,
 * the iterator's `return()` detaches this reader; the task itself keeps running.
 */
export function sseResponse(items: AsyncIterable<unknown>, options: SseOptions): Response {
  return new SseStream(items, options).toResponse();
}

/** One frame pulled from the stream; `done` when it is the last. */
interface Pulled {
  frame: string;
  done: boolean;
}

/**
 * A stream of Server-Sent Events before it is written: as a web Response (`toResponse`), or
 * straight to a server's own response object (`pipe`), which spares a node:http server the web
 * stream in between and the encoding of every frame to bytes before writing it.
 */
export class SseStream implements A2AEventStreamAnswer {
  readonly status = 200;
  readonly headers: Record<string, string>;
  private readonly iterator: AsyncIterator<unknown>;
  private readonly idleTimeoutMs: number;
  private finished = false;
  private sentSinceTick = false;
  private events = 0;
  private timer: ReturnType<typeof setInterval> | undefined;
  private idleTimer: ReturnType<typeof setTimeout> | undefined;
  private onAbort: (() => void) | undefined;
  private endIdle: (() => void) | undefined;

  constructor(
    items: AsyncIterable<unknown>,
    private readonly options: SseOptions,
  ) {
    this.iterator = items[Symbol.asyncIterator]();
    this.idleTimeoutMs = options.idleTimeoutMs ?? 0;
    const headers: Record<string, string> = {};
    options.headers.forEach((value, name) => {
      headers[name] = value;
    });
    headers["content-type"] = "text/event-stream";
    headers["cache-control"] = "no-cache";
    headers["x-accel-buffering"] = "no";
    this.headers = headers;
  }

  toResponse(): Response {
    const body = new ReadableStream<Uint8Array>({
      start: (controller) => {
        this.start(
          () => controller.enqueue(PING),
          () => {
            try {
              controller.close();
            } catch {
              // Already closed or errored by the runtime.
            }
          },
        );
      },
      pull: async (controller) => {
        const pulled = await this.pull();
        if (!pulled) return;
        if (pulled.frame !== "") controller.enqueue(encoder.encode(pulled.frame));
        if (pulled.done) controller.close();
      },
      cancel: () => this.cancel(),
    });
    return new Response(body, { status: 200, headers: this.headers });
  }

  async pipe(sink: A2AEventSink): Promise<void> {
    let ended = false;
    const end = () => {
      if (ended) return;
      ended = true;
      sink.end();
    };
    this.start(() => {
      if (!ended) sink.write(PING_TEXT);
    }, end);
    while (!ended) {
      const pulled = await this.pull();
      // Undefined: the stream was closed while this pull waited (and `end` already ran).
      if (!pulled || ended) return;
      if (pulled.frame !== "" && !sink.write(pulled.frame)) await sink.drained();
      if (pulled.done) end();
    }
  }

  cancel(): void {
    this.finish(true, "client_closed");
  }

  /** Arms the keep-alive and idle timers and the abort listener. `close` ends the output. */
  private start(ping: () => void, close: () => void): void {
    const { keepAliveMs, signal, observer } = this.options;
    if (keepAliveMs > 0) {
      this.timer = setInterval(() => {
        if (this.finished) return;
        if (!this.sentSinceTick) ping();
        this.sentSinceTick = false;
      }, keepAliveMs);
    }
    const closeWith = (outcome: OperationOutcome) => {
      this.finish(true, outcome);
      close();
    };
    // A server shutdown aborts with an A2AError; a client leaving, with the runtime's reason.
    this.onAbort = () => closeWith(isA2AError(signal.reason) ? "shutdown" : "client_closed");
    this.endIdle = () => closeWith("idle_timeout");
    observer?.streamOpened();
    this.armIdle();
    if (signal.aborted) this.onAbort();
    else signal.addEventListener("abort", this.onAbort, { once: true });
  }

  /** The next frame, or undefined when the stream finished while waiting for it. */
  private async pull(): Promise<Pulled | undefined> {
    if (this.finished) return undefined;
    const { framing, observer } = this.options;
    let frame: string;
    let done = false;
    let failure: A2AError | undefined;
    try {
      const next = await this.iterator.next();
      if (this.finished) return undefined;
      if (next.done) done = true;
      frame = next.done ? "" : `data: ${JSON.stringify(framing.event(next.value))}\n\n`;
      if (!next.done && observer) {
        if (this.events === 0) observer.annotate(idsOf(next.value));
        observer.streamEvent();
      }
      if (!next.done) this.events++;
    } catch (e) {
      if (this.finished) return undefined;
      failure = framing.toError(e);
      frame = `event: error\ndata: ${JSON.stringify(framing.error(failure))}\n\n`;
      done = true;
    }
    this.sentSinceTick = true;
    if (!done) this.armIdle();
    // After a failure (which may be ours, while framing), make sure the reader detaches.
    else this.finish(failure !== undefined, failure ? "error" : "ok", failure);
    return { frame, done };
  }

  private armIdle(): void {
    if (this.idleTimeoutMs <= 0 || !this.endIdle) return;
    if (this.idleTimer !== undefined) clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(this.endIdle, this.idleTimeoutMs);
  }

  private finish(detach: boolean, outcome: OperationOutcome, error?: A2AError): void {
    if (this.finished) return;
    this.finished = true;
    const { signal, observer } = this.options;
    if (this.timer !== undefined) clearInterval(this.timer);
    if (this.idleTimer !== undefined) clearTimeout(this.idleTimer);
    if (this.onAbort) signal.removeEventListener("abort", this.onAbort);
    this.options.onEnd?.();
    observer?.end({ outcome, httpStatus: 200, ...(error ? { error } : {}) });
    if (detach) {
      const iterator = this.iterator;
      // Not awaited: an iterator blocked on its next event may settle `return()` only later.
      Promise.resolve()
        .then(() => iterator.return?.())
        .catch(() => {});
    }
  }
}
