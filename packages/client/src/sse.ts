import { SseEventTooLargeError } from "./errors.js";

/** One server-sent event: its type (`message` unless the server named one) and its data. */
export interface SseEvent {
  readonly event: string;
  readonly data: string;
}

/** The default cap on one event's size: 4 MiB, as the official SDKs use. */
export const DEFAULT_MAX_EVENT_BYTES = 4 * 1024 * 1024;

/**
 * An incremental text/event-stream parser. It keeps at most one event in memory and throws
 * {@link SseEventTooLargeError} as soon as that event (or one unterminated line) passes the cap,
 * so a hostile server cannot make the client buffer without bound.
 */
export class SseParser {
  private buffer = "";
  private scanned = 0;
  private skipLeadingLf = false;
  private dataLines: string[] = [];
  private eventType = "";
  private eventBytes = 0;

  constructor(private readonly maxEventBytes = DEFAULT_MAX_EVENT_BYTES) {}

  /**
   * Set once the size cap was passed. Events completed before that point are still returned by
   * {@link push}; the caller delivers them, then throws this.
   */
  error: SseEventTooLargeError | undefined;

  /** Feeds decoded text; returns the events it completed. */
  push(text: string): SseEvent[] {
    const out: SseEvent[] = [];
    if (this.error) return out;
    try {
      this.consume(text, out);
    } catch (error) {
      if (!(error instanceof SseEventTooLargeError)) throw error;
      this.error = error;
      this.buffer = "";
      this.scanned = 0;
      this.dataLines = [];
    }
    return out;
  }

  private consume(text: string, out: SseEvent[]): void {
    this.buffer += text;
    let start = 0;
    // Resume scanning where the previous chunk stopped: a long line is never rescanned.
    for (let i = this.scanned; i < this.buffer.length; i++) {
      const c = this.buffer.charCodeAt(i);
      if (c === 10 && this.skipLeadingLf && i === start) {
        // The LF of a CRLF split across two chunks.
        this.skipLeadingLf = false;
        start = i + 1;
        continue;
      }
      this.skipLeadingLf = false;
      if (c !== 10 && c !== 13) continue;
      const line = this.buffer.slice(start, i);
      if (c === 13) {
        if (i + 1 < this.buffer.length) {
          if (this.buffer.charCodeAt(i + 1) === 10) i++;
        } else {
          this.skipLeadingLf = true;
        }
      }
      start = i + 1;
      const event = this.line(line);
      if (event) out.push(event);
    }
    this.buffer = this.buffer.slice(start);
    this.scanned = this.buffer.length;
    const cheap = this.buffer.length * 3 + this.eventBytes <= this.maxEventBytes;
    if (!cheap && utf8Length(this.buffer) + this.eventBytes > this.maxEventBytes) {
      throw new SseEventTooLargeError(this.maxEventBytes);
    }
  }

  /** Signals the end of input; an event without its closing blank line is dropped, per the spec. */
  end(): void {
    this.buffer = "";
    this.scanned = 0;
    this.dataLines = [];
    this.eventType = "";
    this.eventBytes = 0;
  }

  private line(line: string): SseEvent | undefined {
    if (line === "") return this.dispatch();
    if (line.charCodeAt(0) === 58) return undefined; // ":" comment / keep-alive
    const colon = line.indexOf(":");
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? "" : line.slice(colon + 1);
    if (value.charCodeAt(0) === 32) value = value.slice(1);
    if (field === "data") {
      this.eventBytes += utf8Length(value) + 1;
      if (this.eventBytes > this.maxEventBytes) throw new SseEventTooLargeError(this.maxEventBytes);
      this.dataLines.push(value);
    } else if (field === "event") {
      this.eventType = value;
    }
    // `id` and `retry` carry nothing for A2A: resuming goes through SubscribeToTask.
    return undefined;
  }

  private dispatch(): SseEvent | undefined {
    const lines = this.dataLines;
    const type = this.eventType;
    this.dataLines = [];
    this.eventType = "";
    this.eventBytes = 0;
    if (lines.length === 0) return undefined;
    return { event: type || "message", data: lines.join("\n") };
  }
}

/**
 * Reads server-sent events from a response body. Stopping early (`break`, `return`, a throw)
 * cancels the body, which closes the connection.
 */
export async function* readSse(
  body: ReadableStream<Uint8Array>,
  maxEventBytes = DEFAULT_MAX_EVENT_BYTES,
): AsyncGenerator<SseEvent> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const parser = new SseParser(maxEventBytes);
  let done = false;
  try {
    for (;;) {
      const chunk = await reader.read();
      if (chunk.done) {
        done = true;
        yield* parser.push(decoder.decode());
        if (parser.error) throw parser.error;
        parser.end();
        return;
      }
      yield* parser.push(decoder.decode(chunk.value, { stream: true }));
      if (parser.error) throw parser.error;
    }
  } finally {
    if (!done) await reader.cancel().catch(() => {});
    reader.releaseLock();
  }
}

function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}
