import type { A2AError } from "@a2akit/types";

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
}

const encoder = new TextEncoder();
const PING = encoder.encode(": ping\n\n");

/**
 * Streams an async iterable as Server-Sent Events. Items are pulled one at a time, so a slow
 * client slows the reader instead of growing a buffer. When the client leaves, the iterator's
 * `return()` detaches this reader; the task itself keeps running.
 */
export function sseResponse(items: AsyncIterable<unknown>, options: SseOptions): Response {
  const { framing, keepAliveMs, signal } = options;
  const iterator = items[Symbol.asyncIterator]();
  let finished = false;
  let sentSinceTick = false;
  let timer: ReturnType<typeof setInterval> | undefined;
  let onAbort: (() => void) | undefined;

  const finish = (detach: boolean) => {
    if (finished) return;
    finished = true;
    if (timer !== undefined) clearInterval(timer);
    if (onAbort) signal.removeEventListener("abort", onAbort);
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
      onAbort = () => {
        finish(true);
        try {
          controller.close();
        } catch {
          // Already closed or errored by the runtime.
        }
      };
      if (signal.aborted) onAbort();
      else signal.addEventListener("abort", onAbort, { once: true });
    },
    async pull(controller) {
      if (finished) return;
      let frame: string;
      let done = false;
      let failed = false;
      try {
        const next = await iterator.next();
        if (finished) return;
        if (next.done) done = true;
        frame = next.done ? "" : `data: ${JSON.stringify(framing.event(next.value))}\n\n`;
      } catch (e) {
        if (finished) return;
        frame = `event: error\ndata: ${JSON.stringify(framing.error(framing.toError(e)))}\n\n`;
        done = true;
        failed = true;
      }
      if (frame !== "") controller.enqueue(encoder.encode(frame));
      sentSinceTick = true;
      if (done) {
        // After a failure (which may be ours, while framing), make sure the reader detaches.
        finish(failed);
        controller.close();
      }
    },
    cancel() {
      finish(true);
    },
  });

  const headers = new Headers(options.headers);
  headers.set("Content-Type", "text/event-stream");
  headers.set("Cache-Control", "no-cache");
  headers.set("X-Accel-Buffering", "no");
  return new Response(body, { status: 200, headers });
}
