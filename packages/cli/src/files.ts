import { mkdir, readFile, writeFile } from "node:fs/promises";
import { basename, extname, join } from "node:path";
import { base64ToBytes, filePart, type Part } from "@a2akit/types";
import { UsageError } from "./exit.js";

const MEDIA_TYPES: Record<string, string> = {
  ".txt": "text/plain",
  ".md": "text/markdown",
  ".csv": "text/csv",
  ".json": "application/json",
  ".html": "text/html",
  ".xml": "application/xml",
  ".pdf": "application/pdf",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".svg": "image/svg+xml",
};

/** The media type for a file name, from its extension (octet-stream when unknown). */
export function mediaTypeOf(name: string): string {
  return MEDIA_TYPES[extname(name).toLowerCase()] ?? "application/octet-stream";
}

/**
 * A file part for `--file`: an http(s) URL is sent as a URL part; anything else is read from
 * disk and sent inline, with its name and media type.
 */
export async function filePartFrom(pathOrUrl: string): Promise<Part> {
  if (/^https?:\/\//i.test(pathOrUrl)) {
    const name = basename(new URL(pathOrUrl).pathname) || undefined;
    return filePart(new URL(pathOrUrl), {
      ...(name ? { filename: name, mediaType: mediaTypeOf(name) } : {}),
    });
  }
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(pathOrUrl));
  } catch (error) {
    throw new UsageError(
      `--file ${pathOrUrl}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
  const name = basename(pathOrUrl);
  return filePart(bytes, { filename: name, mediaType: mediaTypeOf(name) });
}

/**
 * Writes the inline file parts among `parts` into `dir` (created if needed) under their file
 * names, reduced to a base name so an agent cannot write elsewhere. Returns where each went.
 */
export async function saveFileParts(
  parts: readonly Part[],
  dir: string,
): Promise<Map<Part, string>> {
  const saved = new Map<Part, string>();
  let n = 0;
  for (const part of parts) {
    if (part.raw === undefined) continue;
    n++;
    const name = basename(part.filename ?? "") || `file-${n}`;
    await mkdir(dir, { recursive: true });
    const path = join(dir, name);
    await writeFile(path, base64ToBytes(part.raw));
    saved.set(part, path);
  }
  return saved;
}
