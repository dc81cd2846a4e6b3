import type { Message, Part, SendMessageConfiguration, SendMessageRequest } from "@a2akit/types";

/**
 * SendMessage params in the shape nearly every client sends, checked by hand: a message of text
 * or URL parts, perhaps a tenant and the plain configuration flags. The schema costs more than
 * the rest of a SendMessage's A2A work on this path; this returns what the schema would (the
 * same fields, in the schema's order, with fresh arrays and objects) or `undefined` for
 * anything else: any other field, a snake_case name, a number for an enum, metadata, bytes or
 * data parts, and every invalid value. Those go through the schema, which also reports errors.
 */
export function fastSendMessageParams(params: unknown): SendMessageRequest | undefined {
  if (!isPlainObject(params)) return undefined;
  let tenant: string | undefined;
  let message: Message | undefined;
  let configuration: SendMessageConfiguration | undefined;
  for (const key in params) {
    const value = params[key];
    if (key === "message") {
      message = fastMessage(value);
      if (!message) return undefined;
    } else if (key === "tenant") {
      if (typeof value !== "string") return undefined;
      tenant = value;
    } else if (key === "configuration") {
      configuration = fastConfiguration(value);
      if (!configuration) return undefined;
    } else {
      return undefined;
    }
  }
  if (!message) return undefined;
  const out = {} as SendMessageRequest;
  if (tenant !== undefined) out.tenant = tenant;
  out.message = message;
  if (configuration !== undefined) out.configuration = configuration;
  return out;
}

function fastMessage(value: unknown): Message | undefined {
  if (!isPlainObject(value)) return undefined;
  let messageId: string | undefined;
  let contextId: string | undefined;
  let taskId: string | undefined;
  let role: Message["role"] | undefined;
  let parts: Part[] | undefined;
  let extensions: string[] | undefined;
  let referenceTaskIds: string[] | undefined;
  for (const key in value) {
    const v = value[key];
    switch (key) {
      case "messageId":
        if (typeof v !== "string" || v === "") return undefined;
        messageId = v;
        break;
      case "contextId":
        if (typeof v !== "string") return undefined;
        contextId = v;
        break;
      case "taskId":
        if (typeof v !== "string") return undefined;
        taskId = v;
        break;
      case "role":
        if (v !== "ROLE_USER" && v !== "ROLE_AGENT" && v !== "ROLE_UNSPECIFIED") return undefined;
        role = v;
        break;
      case "parts":
        parts = fastParts(v);
        if (!parts) return undefined;
        break;
      case "extensions":
        extensions = strings(v);
        if (!extensions) return undefined;
        break;
      case "referenceTaskIds":
        referenceTaskIds = strings(v);
        if (!referenceTaskIds) return undefined;
        break;
      default:
        return undefined;
    }
  }
  if (messageId === undefined || role === undefined || parts === undefined) return undefined;
  // The schema's field order, so a message checked here looks like one the schema made.
  const out = { messageId } as Message;
  if (contextId !== undefined) out.contextId = contextId;
  if (taskId !== undefined) out.taskId = taskId;
  out.role = role;
  out.parts = parts;
  if (extensions !== undefined) out.extensions = extensions;
  if (referenceTaskIds !== undefined) out.referenceTaskIds = referenceTaskIds;
  return out;
}

function fastParts(value: unknown): Part[] | undefined {
  if (!Array.isArray(value) || value.length === 0) return undefined;
  const parts: Part[] = new Array(value.length);
  for (let i = 0; i < value.length; i++) {
    const part = fastPart(value[i]);
    if (!part) return undefined;
    parts[i] = part;
  }
  return parts;
}

function fastPart(value: unknown): Part | undefined {
  if (!isPlainObject(value)) return undefined;
  let text: string | undefined;
  let url: string | undefined;
  let filename: string | undefined;
  let mediaType: string | undefined;
  for (const key in value) {
    const v = value[key];
    if (typeof v !== "string") return undefined;
    if (key === "text") text = v;
    else if (key === "url") url = v;
    else if (key === "filename") filename = v;
    else if (key === "mediaType") mediaType = v;
    else return undefined;
  }
  // Exactly one member of the content oneof.
  if ((text === undefined) === (url === undefined)) return undefined;
  const out = {} as Part;
  if (text !== undefined) out.text = text;
  if (url !== undefined) out.url = url;
  if (filename !== undefined) out.filename = filename;
  if (mediaType !== undefined) out.mediaType = mediaType;
  return out;
}

function fastConfiguration(value: unknown): SendMessageConfiguration | undefined {
  if (!isPlainObject(value)) return undefined;
  let acceptedOutputModes: string[] | undefined;
  let returnImmediately: boolean | undefined;
  for (const key in value) {
    const v = value[key];
    if (key === "acceptedOutputModes") {
      acceptedOutputModes = strings(v);
      if (!acceptedOutputModes) return undefined;
    } else if (key === "returnImmediately") {
      if (typeof v !== "boolean") return undefined;
      returnImmediately = v;
    } else {
      return undefined;
    }
  }
  const out: SendMessageConfiguration = {};
  if (acceptedOutputModes !== undefined) out.acceptedOutputModes = acceptedOutputModes;
  if (returnImmediately !== undefined) out.returnImmediately = returnImmediately;
  return out;
}

function strings(value: unknown): string[] | undefined {
  if (!Array.isArray(value)) return undefined;
  for (const item of value) if (typeof item !== "string") return undefined;
  return value.slice();
}

/** An object straight from JSON.parse (or shaped like one): no array, no odd prototype. */
function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
