import {
  A2A_MEDIA_TYPE,
  ContentTypeNotSupportedError,
  InvalidRequestError,
  ParseError,
} from "@a2akit/types";
import type { A2AHttpCall } from "./call.js";
import { payloadTooLarge } from "./errors.js";

/** Limits applied to every request body before it is parsed. */
export interface BodyLimits {
  readonly maxBodyBytes: number;
  readonly maxJsonDepth: number;
}

const JSON_TYPES = new Set(["application/json", A2A_MEDIA_TYPE]);

/**
 * Rejects a body whose declared media type is not JSON. A missing Content-Type is accepted:
 * some clients omit it, and the body is parsed as JSON either way.
 */
export function checkContentType(header: string | null): void {
  if (header === null || header === "application/json") return;
  const type = header.split(";", 1)[0]!.trim().toLowerCase();
  if (type === "" || JSON_TYPES.has(type)) return;
  throw new ContentTypeNotSupportedError(
    `Content-Type ${type} is not supported; send ${A2A_MEDIA_TYPE} or application/json`,
    { metadata: { contentType: type } },
  );
}

const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });

/**
 * Reads the body as UTF-8 text, stopping as soon as it passes the limit. A declared
 * Content-Length over the limit is refused before reading.
 */
export async function readText(request: Request, limit: number): Promise<string> {
  const declared = request.headers.get("content-length");
  checkDeclaredLength(declared, limit);
  let bytes: Uint8Array;
  if (declared !== null && /^\d+$/.test(declared)) {
    // The transport frames the body by the declared length (HTTP/1.1 and HTTP/2 both refuse a
    // body that runs past it), so it fits: read it in one call. That is also the cheap path on
    // adapters that build a body stream only when asked for one, such as @hono/node-server.
    // The size is checked again in case the Request was built in-process with a wrong header.
    bytes = new Uint8Array(await request.arrayBuffer());
    if (bytes.byteLength > limit) throw payloadTooLarge(limit);
  } else {
    // No (usable) Content-Length, e.g. a chunked upload: count while reading, never trust.
    bytes = await readCapped(request, limit);
  }
  return decodeBody(bytes);
}

/**
 * A request body's bytes as text: strict UTF-8, a leading byte order mark dropped. Bytes that are
 * not UTF-8 are a ParseError naming the problem, never replacement characters.
 */
export function decodeBody(bytes: Uint8Array): string {
  try {
    return utf8.decode(bytes);
  } catch {
    throw new ParseError("Request body is not valid UTF-8");
  }
}

/**
 * Refuses a body whose declared `Content-Length` is over `limit` (PayloadTooLarge), before any
 * of it is read.
 */
export function checkDeclaredLength(declared: string | null | undefined, limit: number): void {
  if (declared != null && Number(declared) > limit) throw payloadTooLarge(limit);
}

async function readCapped(request: Request, limit: number): Promise<Uint8Array> {
  if (request.body === null) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      reader.cancel().catch(() => {});
      throw payloadTooLarge(limit);
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/**
 * True when arrays/objects nest deeper than `max`. Scanning the text first keeps hostile
 * nesting away from JSON.parse, the schemas and every recursive walk after them.
 */
export function nestsDeeperThan(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > max) return true;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return false;
}

/**
 * True when `text` holds more than `max` opening brackets, counted with indexOf: JSON cannot
 * nest deeper than it has openers, so most bodies need no character-by-character scan.
 */
function opensMoreThan(text: string, max: number): boolean {
  let n = 0;
  for (let i = text.indexOf("{"); i >= 0; i = text.indexOf("{", i + 1)) if (++n > max) return true;
  for (let i = text.indexOf("["); i >= 0; i = text.indexOf("[", i + 1)) if (++n > max) return true;
  return false;
}

/** Parses JSON text within the depth limit; an empty body is `undefined`. */
export function parseJsonText(text: string, maxDepth: number): unknown {
  if (text.trim() === "") return undefined;
  if (opensMoreThan(text, maxDepth) && nestsDeeperThan(text, maxDepth)) {
    throw new InvalidRequestError(`JSON nesting exceeds the maximum depth of ${maxDepth}`, {
      metadata: { maxDepth: String(maxDepth) },
    });
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new ParseError(`Request body is not valid JSON: ${(e as Error).message}`);
  }
}

/** Checks the media type, reads the capped body and parses it; an empty body is `undefined`. */
export async function readJson(call: A2AHttpCall, limits: BodyLimits): Promise<unknown> {
  checkContentType(call.header("content-type"));
  return parseJsonText(await call.text(limits.maxBodyBytes), limits.maxJsonDepth);
}
