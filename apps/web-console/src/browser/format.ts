import type { Part, TaskState } from "@a2akit/types";

/** How a part is shown: pure data, so it can be tested without a DOM. */
export type PartView =
  | { kind: "text"; text: string }
  | { kind: "data"; json: string }
  | {
      kind: "file";
      /** Where the download link points; absent when the URL is not safe to link to. */
      href?: string;
      /** An image to preview inline; absent unless the part is a raster image at a safe URL. */
      preview?: string;
      /** The URL as the agent sent it, shown as text when it is not linked. */
      url?: string;
      filename: string;
      mediaType: string;
    };

/**
 * Raster image types shown inline. SVG is left out on purpose: it is a document that can carry
 * script, and this console shows content from agents it does not trust.
 */
const PREVIEW_TYPES = /^image\/(png|jpeg|gif|webp|avif|bmp)$/i;
/** A data: URL of a raster image, base64 encoded: the only data: URLs taken from an agent. */
const DATA_IMAGE = /^data:(image\/(?:png|jpeg|gif|webp|avif|bmp));base64,[A-Za-z0-9+/]*={0,2}$/i;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * The URL when a link to it is safe in this page: http(s) only. Every other scheme is refused
 * (`javascript:` runs script in the console's origin; `data:` and `blob:` documents can imitate
 * the console), except a base64 raster image as a data: URL, which is inert.
 */
export function safeLinkUrl(url: string): string | undefined {
  if (DATA_IMAGE.test(url)) return url;
  try {
    const parsed = new URL(url);
    return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}

/** Decides how to show one part of a message or artifact. */
export function viewPart(part: Part): PartView {
  if (part.text !== undefined) return { kind: "text", text: part.text };
  if (part.data !== undefined) return { kind: "data", json: formatJson(part.data) };
  const mediaType = part.mediaType || "application/octet-stream";
  if (part.raw !== undefined) {
    const raw = part.raw.replace(/\s+/g, "");
    const filename = part.filename || "download";
    if (!BASE64.test(raw)) return { kind: "file", filename, mediaType };
    // Bytes we encode ourselves: a raster image keeps its type (so it can be previewed), anything
    // else is labelled as opaque bytes, so opening the link downloads it instead of rendering it.
    const image = PREVIEW_TYPES.test(mediaType);
    const href = `data:${image ? mediaType.toLowerCase() : "application/octet-stream"};base64,${raw}`;
    return { kind: "file", href, ...(image ? { preview: href } : {}), filename, mediaType };
  }
  const url = part.url ?? "";
  const href = safeLinkUrl(url);
  const dataType = DATA_IMAGE.exec(url)?.[1];
  const image = PREVIEW_TYPES.test(dataType ?? mediaType);
  return {
    kind: "file",
    ...(href ? { href } : {}),
    ...(href && image ? { preview: href } : {}),
    url,
    filename: part.filename || (dataType ? "image" : lastPathSegment(url)) || "file",
    mediaType: part.mediaType || dataType || mediaType,
  };
}

/**
 * The views of a list of parts. With `joinText`, consecutive text parts become one: a streamed
 * artifact arrives as appended chunks, each its own part, that read as one text.
 */
export function viewParts(parts: readonly Part[], joinText = false): PartView[] {
  const out: PartView[] = [];
  for (const part of parts) {
    const view = viewPart(part);
    const last = out[out.length - 1];
    if (joinText && view.kind === "text" && last?.kind === "text") last.text += view.text;
    else out.push(view);
  }
  return out;
}

function lastPathSegment(url: string): string {
  try {
    return decodeURIComponent(new URL(url).pathname.split("/").pop() ?? "");
  } catch {
    return "";
  }
}

/** JSON indented for reading. */
export function formatJson(value: unknown): string {
  return JSON.stringify(value, null, 2) ?? String(value);
}

/** `TASK_STATE_INPUT_REQUIRED` → `input required`. */
export function stateLabel(state: TaskState | string): string {
  return state
    .replace(/^TASK_STATE_/, "")
    .toLowerCase()
    .replace(/_/g, " ");
}

/** A CSS class per state family, so the badge colours need no table in the code. */
export function stateTone(state: TaskState | string): "ok" | "bad" | "wait" | "busy" {
  switch (state) {
    case "TASK_STATE_COMPLETED":
      return "ok";
    case "TASK_STATE_FAILED":
    case "TASK_STATE_REJECTED":
    case "TASK_STATE_CANCELED":
      return "bad";
    case "TASK_STATE_INPUT_REQUIRED":
    case "TASK_STATE_AUTH_REQUIRED":
      return "wait";
    default:
      return "busy";
  }
}

/** The first characters of an id: enough to tell tasks apart in a list. */
export function shortId(id: string): string {
  return id.length > 8 ? `${id.slice(0, 8)}…` : id;
}

/** A timestamp as local time, or an empty string when there is none or it does not parse. */
export function formatTime(timestamp: string | undefined): string {
  if (!timestamp) return "";
  const date = new Date(timestamp);
  return Number.isNaN(date.getTime()) ? timestamp : date.toLocaleString();
}
