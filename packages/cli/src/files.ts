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
 * names. The agent picks those names, so each is reduced to a plain base name (no directories,
 * no leading dots: nothing outside `dir`, no hidden files), and a file already there is never
 * replaced: the new one gets a numbered name beside it. Returns where each went.
 *
 * `written` remembers the files this run wrote, by artifact id and name: a later update that
 * replaces the artifact (`artifactId`) rewrites its own file instead of adding a numbered one.
 */
export async function saveFileParts(
  parts: readonly Part[],
  dir: string,
  written?: { artifactId: string; files: Map<string, string> },
): Promise<Map<Part, string>> {
  const saved = new Map<Part, string>();
  let n = 0;
  for (const part of parts) {
    if (part.raw === undefined) continue;
    n++;
    await mkdir(dir, { recursive: true });
    const name = safeName(part.filename, n);
    const bytes = base64ToBytes(part.raw);
    const key = written && `${written.artifactId}\u0000${name}`;
    const own = key === undefined ? undefined : written?.files.get(key);
    if (own !== undefined) {
      await writeFile(own, bytes);
      saved.set(part, own);
      continue;
    }
    const path = await writeNew(dir, name, bytes);
    if (key !== undefined) written?.files.set(key, path);
    saved.set(part, path);
  }
  return saved;
}

/** A plain file name from an agent's `filename`, or `file-N` when nothing usable is left. */
function safeName(filename: string | undefined, n: number): string {
  // Control characters (NUL among them) cannot be in a path; leading dots would hide the file.
  const plain = [...basename((filename ?? "").replaceAll("\\", "/"))]
    .map((c) => (c.charCodeAt(0) < 0x20 ? "_" : c))
    .join("");
  const name = plain.replace(/^\.+/, "");
  return name || `file-${n}`;
}

/** Writes `bytes` to `dir/name`, or `dir/name-1.ext`, ... : the first that does not exist yet. */
async function writeNew(dir: string, name: string, bytes: Uint8Array): Promise<string> {
  const ext = extname(name);
  const stem = name.slice(0, name.length - ext.length);
  for (let i = 0; ; i++) {
    const path = join(dir, i === 0 ? name : `${stem}-${i}${ext}`);
    try {
      // "wx" fails when the file exists, atomically: nothing already there is replaced.
      await writeFile(path, bytes, { flag: "wx" });
      return path;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
  }
}
