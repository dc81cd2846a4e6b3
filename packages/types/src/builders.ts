import { bytesToBase64 } from "./base64.js";
import type { Role } from "./v1/enums.js";
import type { Message } from "./v1/message.js";
import type { Part } from "./v1/part.js";

/** Extra fields any part may carry. */
export interface PartOptions {
  mediaType?: string;
  filename?: string;
  metadata?: Record<string, unknown>;
}

function withOptions(part: Part, options: PartOptions | undefined): Part {
  if (options?.mediaType !== undefined) part.mediaType = options.mediaType;
  if (options?.filename !== undefined) part.filename = options.filename;
  if (options?.metadata !== undefined) part.metadata = options.metadata;
  return part;
}

/** A text part. */
export function textPart(text: string, options?: PartOptions): Part {
  return withOptions({ text }, options);
}

/** A structured-data part (any JSON value); media type defaults to `application/json`. */
export function dataPart(data: unknown, options?: PartOptions): Part {
  return withOptions({ data }, { mediaType: "application/json", ...options });
}

/** A file part from bytes (sent inline as base64) or from a URL. */
export function filePart(
  file: Uint8Array | ArrayBuffer | URL | string,
  options?: PartOptions,
): Part {
  if (file instanceof Uint8Array) return withOptions({ raw: bytesToBase64(file) }, options);
  if (file instanceof ArrayBuffer) {
    return withOptions({ raw: bytesToBase64(new Uint8Array(file)) }, options);
  }
  if (typeof file === "string" || file instanceof URL) {
    return withOptions({ url: String(file) }, options);
  }
  // String() of anything else would go out as a link named "[object Object]".
  throw new TypeError(
    `filePart takes bytes (Uint8Array, ArrayBuffer) or a URL (URL, string), got ${file === null ? "null" : typeof file}`,
  );
}

/** A fresh id: a random (version 4) UUID, from the runtime's cryptographic random source. */
export function newId(): string {
  // crypto.randomUUID draws the same random bytes but builds the string from 20 pieces; an
  // agent makes two or more ids per message, so they are written out here in one go.
  if (poolAt + 16 > pool.length) {
    crypto.getRandomValues(pool);
    poolAt = 0;
  }
  let o = 0;
  for (let i = 0; i < 16; i++) {
    if (i === 4 || i === 6 || i === 8 || i === 10) idChars[o++] = 45; // "-"
    let b = pool[poolAt + i] as number;
    // The version (4) and the RFC 9562 variant bits.
    if (i === 6) b = (b & 0x0f) | 0x40;
    else if (i === 8) b = (b & 0x3f) | 0x80;
    idChars[o++] = HEX_CODES[b >> 4] as number;
    idChars[o++] = HEX_CODES[b & 15] as number;
  }
  poolAt += 16;
  return String.fromCharCode.apply(null, idChars);
}

const HEX_CODES = Array.from("0123456789abcdef", (c) => c.charCodeAt(0));
/** Random bytes for 256 ids, drawn at once; each byte is used for one id only. */
const pool = new Uint8Array(4096);
let poolAt = pool.length;
const idChars: number[] = new Array(36).fill(0);

/** What {@link createMessage} takes: parts (or plain text) and the optional message fields. */
export interface CreateMessageInit {
  role?: Role;
  /** Parts of the message; a string becomes one text part. */
  parts: Part[] | string;
  messageId?: string;
  contextId?: string;
  taskId?: string;
  metadata?: Record<string, unknown>;
  extensions?: string[];
  referenceTaskIds?: string[];
}

/** Builds a message with a generated `messageId`; the role defaults to `ROLE_USER`. */
export function createMessage(init: CreateMessageInit | string): Message {
  const i: CreateMessageInit = typeof init === "string" ? { parts: init } : init;
  const message: Message = {
    messageId: i.messageId ?? newId(),
    role: i.role ?? "ROLE_USER",
    parts: typeof i.parts === "string" ? [textPart(i.parts)] : i.parts,
  };
  if (i.contextId !== undefined) message.contextId = i.contextId;
  if (i.taskId !== undefined) message.taskId = i.taskId;
  if (i.metadata !== undefined) message.metadata = i.metadata;
  if (i.extensions !== undefined) message.extensions = i.extensions;
  if (i.referenceTaskIds !== undefined) message.referenceTaskIds = i.referenceTaskIds;
  return message;
}

/** An agent message (`ROLE_AGENT`). */
export function agentMessage(init: Omit<CreateMessageInit, "role"> | string): Message {
  const i = typeof init === "string" ? { parts: init } : init;
  return createMessage({ ...i, role: "ROLE_AGENT" });
}

/** The text of all text parts, joined with `separator` (default: no separator). */
export function textOf(
  parts: readonly Part[] | { parts: readonly Part[] },
  separator = "",
): string {
  const list = Array.isArray(parts) ? parts : (parts as { parts: readonly Part[] }).parts;
  return list
    .filter((p) => p.text !== undefined)
    .map((p) => p.text)
    .join(separator);
}
