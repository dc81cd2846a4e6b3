import { createHash } from "node:crypto";
import { base64ToBytes, type Part } from "@a2akit/types";
import type { AgentConfig } from "../config.js";
import type { Skill } from "./types.js";

/** What inspect reports for one file. */
export interface FileReport {
  name: string;
  mediaType: string;
  size: number;
  sha256: string;
  lines: number;
  words: number;
}

/** A file the skill will not read; the message says why, for the user. */
class Refusal extends Error {}

/**
 * Reports size, media type, SHA-256 and line/word counts of each file part: inline bytes, or a
 * URL under INSPECT_URL_ALLOWLIST (fetched without redirects, up to INSPECT_MAX_BYTES). Any
 * other URL is refused, and the task is rejected with the reason.
 */
export const inspect: Skill = async (ctx, task, env) => {
  const files = ctx.message.parts.filter((p) => p.raw !== undefined || p.url !== undefined);
  if (files.length === 0) {
    await task.inputRequired(
      "Attach one or more files: inline bytes, or URLs under the agent's INSPECT_URL_ALLOWLIST.",
    );
    return;
  }
  await task.working(`Inspecting ${files.length} file(s)`);
  const reports: FileReport[] = [];
  for (const [i, part] of files.entries()) {
    try {
      reports.push(await inspectPart(part, i, env.config, ctx.signal));
    } catch (error) {
      if (error instanceof Refusal) {
        await task.reject(error.message);
        return;
      }
      throw error;
    }
  }
  const text = reports
    .map(
      (r) =>
        `${r.name}: ${r.size} bytes, ${r.mediaType}, ${r.lines} lines, ${r.words} words, sha256 ${r.sha256}`,
    )
    .join("\n");
  await task.artifact({
    name: "inspection",
    parts: [{ data: { files: reports }, mediaType: "application/json" }, { text }],
  });
  await task.complete(`Inspected ${reports.length} file(s).`);
};

async function inspectPart(
  part: Part,
  index: number,
  config: AgentConfig,
  signal: AbortSignal,
): Promise<FileReport> {
  const fallbackName = part.filename ?? `file-${index + 1}`;
  if (part.raw !== undefined) {
    const bytes = base64ToBytes(part.raw);
    if (bytes.byteLength > config.inspectMaxBytes) {
      throw new Refusal(`${fallbackName} is larger than ${config.inspectMaxBytes} bytes.`);
    }
    return describe(fallbackName, part.mediaType ?? "application/octet-stream", bytes);
  }
  const url = String(part.url);
  if (!allowed(url, config.inspectAllowlist)) {
    throw new Refusal(
      config.inspectAllowlist.length === 0
        ? `Refusing to fetch ${url}: this agent fetches no URLs (INSPECT_URL_ALLOWLIST is empty). Send the bytes instead.`
        : `Refusing to fetch ${url}: it is not under INSPECT_URL_ALLOWLIST (${config.inspectAllowlist.join(", ")}).`,
    );
  }
  const { bytes, mediaType } = await fetchCapped(url, config.inspectMaxBytes, signal);
  const name = part.filename ?? (new URL(url).pathname.split("/").pop() || fallbackName);
  return describe(name, part.mediaType ?? mediaType ?? "application/octet-stream", bytes);
}

/** True when `url` is one of the prefixes or below one (a prefix ends at a path boundary). */
export function allowed(url: string, prefixes: readonly string[]): boolean {
  let href: string;
  try {
    href = new URL(url).href;
  } catch {
    return false;
  }
  return prefixes.some((p) => {
    const prefix = new URL(p).href;
    return href === prefix || href.startsWith(prefix.endsWith("/") ? prefix : `${prefix}/`);
  });
}

async function fetchCapped(
  url: string,
  maxBytes: number,
  signal: AbortSignal,
): Promise<{ bytes: Uint8Array; mediaType: string | undefined }> {
  let res: Response;
  try {
    // Redirects could leave the allowlist, so they are refused rather than followed.
    res = await fetch(url, { redirect: "error", signal });
  } catch {
    throw new Refusal(`Could not fetch ${url} (unreachable, or it redirected).`);
  }
  if (!res.ok || !res.body) {
    await res.body?.cancel();
    throw new Refusal(`Fetching ${url} answered HTTP ${res.status}.`);
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = res.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => {});
      throw new Refusal(`${url} is larger than ${maxBytes} bytes.`);
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.byteLength;
  }
  const mediaType = res.headers.get("content-type")?.split(";")[0]?.trim() || undefined;
  return { bytes, mediaType };
}

/** Size, digest and text counts of some bytes. */
export function describe(name: string, mediaType: string, bytes: Uint8Array): FileReport {
  const text = new TextDecoder().decode(bytes);
  const newlines = text.split("\n").length - 1;
  const lines = text.length === 0 ? 0 : newlines + (text.endsWith("\n") ? 0 : 1);
  return {
    name,
    mediaType,
    size: bytes.byteLength,
    sha256: createHash("sha256").update(bytes).digest("hex"),
    lines,
    words: text.split(/\s+/).filter((w) => w.length > 0).length,
  };
}
