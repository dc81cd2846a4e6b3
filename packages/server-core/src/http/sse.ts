import { type A2AError, isA2AError } from "@a2akit/types";
import type { OperationObserver, OperationOutcome } from "../telemetry/instrumentation.js";
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
const PING = encoder.encode(": ping\n\n");

/**
 * Streams an async iterable as Server-Sent Events. Items are pulled one at a time, so a slow
 * client slows the reader instead of growing a buffer. When the client leaves, the iterator's
 * `return()` detaches this reader; the task itself keeps running.
 */
export function sseResponse(items: AsyncIterable<unknown>, options: SseOptions): Response {
  const { framing, keepAliveMs, signal, observer } = options;
  const idleTimeoutMs = options.idleTimeoutMs ?? 0;
  const iterator = items[Symbol.asyncIterator]();
  let finished = false;
  let sentSinceTick = false;
  let events = 0;
  let timer: ReturnType<typeof setInterval> | undefined;
  let idleTimer: ReturnType<typeof setTimeout> | undefined;
  let onAbort: (() => void) | undefined;
  let endIdle: (() => void) | undefined;

  const armIdle = () => {
    if (idleTimeoutMs <= 0 || !endIdle) return;
    if (idleTimer !== undefined) clearTimeout(idleTimer);
    idleTimer = setTimeout(endIdle, idleTimeoutMs);
  };

  const finish = (detach: boolean, outcome: OperationOutcome, error?: A2AError) => {
    if (finished) return;
    finished = true;
    if (timer !== undefined) clearInterval(timer);
    if (idleTimer !== undefined) clearTimeout(idleTimer);
    if (onAbort) signal.removeEventListener("abort", onAbort);
    options.onEnd?.();
    observer?.end({ outcome, httpStatus: 200, ...(error ? { error } : {}) });
    if (detach) {
      // Not awaited: an iterator blocked on its next event may settle `return()` only later.
      Promise.resolve()
        .then(() => iterator.return?.())
        .catch(() => {});
    }
  };

  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      if (keepAliveMs > 0) {
        timer = setInterval(() => {
          if (finished) return;
          if (!sentSinceTick) controller.enqueue(PING);
          sentSinceTick = false;
        }, keepAliveMs);
      }
      const close = (outcome: OperationOutcome) => {
        finish(true, outcome);
        try {
          controller.close();
        } catch {
          // Already closed or errored by the runtime.
        }
      };
      // A server shutdown aborts with an A2AError; a client leaving, with the runtime's reason.
      onAbort = () => close(isA2AError(signal.reason) ? "shutdown" : "client_closed");
      endIdle = () => close("idle_timeout");
      observer?.streamOpened();
      armIdle();
      if (signal.aborted) onAbort();
      else signal.addEventListener("abort", onAbort, { once: true });
    },
    async pull(controller) {
      if (finished) return;
      let frame: string;
      let done = false;
      let failure: A2AError | undefined;
      try {
        const next = await iterator.next();
        if (finished) return;
        if (next.done) done = true;
        frame = next.done ? "" : `data: ${JSON.stringify(framing.event(next.value))}\n\n`;
        if (!next.done && observer) {
          if (events === 0) observer.annotate(idsOf(next.value));
          observer.streamEvent();
        }
        if (!next.done) events++;
      } catch (e) {
        if (finished) return;
        failure = framing.toError(e);
        frame = `event: error\ndata: ${JSON.stringify(framing.error(failure))}\n\n`;
        done = true;
      }
      if (frame !== "") controller.enqueue(encoder.encode(frame));
      sentSinceTick = true;
      if (!done) armIdle();
      if (done) {
        // After a failure (which may be ours, while framing), make sure the reader detaches.
        finish(failure !== undefined, failure ? "error" : "ok", failure);
        controller.close();
      }
    },
    cancel() {
      finish(true, "client_closed");
    },
  });

  const headers = new Headers(options.headers);
  headers.set("Content-Type", "text/event-stream");
  headers.set("Cache-Control", "no-cache");
  headers.set("X-Accel-Buffering", "no");
  return new Response(body, { status: 200, headers });
}
