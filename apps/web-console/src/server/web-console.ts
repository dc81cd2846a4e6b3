import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { Hono } from "hono";

/** Options of {@link webConsole}. */
export interface WebConsoleOptions {
  /** The folder holding the built console (default: the one shipped with this package). */
  readonly dir?: string | URL;
}

interface Asset {
  readonly body: Uint8Array<ArrayBuffer>;
  readonly gzip: Uint8Array<ArrayBuffer> | undefined;
  readonly type: string;
  readonly etag: string;
}

/**
 * Security headers for the page. Scripts and styles come only from this origin; the console may
 * call any agent (`connect-src *`) and show images an agent links to or sends inline.
 */
const PAGE_HEADERS = {
  "Content-Security-Policy":
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src *; img-src * data: blob:; form-action 'none'; base-uri 'none'; frame-ancestors 'none'",
  "Referrer-Policy": "no-referrer",
  "X-Content-Type-Options": "nosniff",
};

/**
 * The console as a Hono app: the page at `/`, its script and stylesheet under `/console/`.
 * Only GET and HEAD of those three paths are answered, so mounted first in an agent's app it
 * leaves every other request (the card, JSON-RPC, REST) to the routes after it:
 *
 * ```ts
 * app.route("/", webConsole());
 * ```
 */
export function webConsole(options: WebConsoleOptions = {}): Hono {
  const dir = consoleDir(options.dir);
  const page = load(dir, "index.html", "text/html; charset=utf-8");
  const script = load(dir, "app.js", "text/javascript; charset=utf-8");
  const style = load(dir, "app.css", "text/css; charset=utf-8");
  const app = new Hono();
  // The page is revalidated on every load, so a new build shows up at once; it names the assets
  // with a hash of their content, so a versioned asset URL never changes and is cached for good.
  app.on(["GET", "HEAD"], "/", (c) => send(c.req.raw, page, "no-cache", PAGE_HEADERS));
  app.on(["GET", "HEAD"], "/console/app.js", (c) => sendAsset(c.req.raw, script));
  app.on(["GET", "HEAD"], "/console/app.css", (c) => sendAsset(c.req.raw, style));
  return app;
}

function sendAsset(request: Request, asset: Asset): Response {
  const version = new URL(request.url).searchParams.get("v");
  const cache =
    version === asset.etag.slice(1, 13) ? "public, max-age=31536000, immutable" : "no-cache";
  return send(request, asset, cache, { "X-Content-Type-Options": "nosniff" });
}

function send(
  request: Request,
  asset: Asset,
  cacheControl: string,
  extra: Record<string, string>,
): Response {
  const headers = new Headers({
    ...extra,
    "Content-Type": asset.type,
    "Cache-Control": cacheControl,
    ETag: asset.etag,
    Vary: "Accept-Encoding",
  });
  if (request.headers.get("If-None-Match")?.includes(asset.etag)) {
    return new Response(null, { status: 304, headers });
  }
  let body = asset.body;
  if (asset.gzip && /\bgzip\b/.test(request.headers.get("Accept-Encoding") ?? "")) {
    body = asset.gzip;
    headers.set("Content-Encoding", "gzip");
  }
  headers.set("Content-Length", String(body.byteLength));
  return new Response(request.method === "HEAD" ? null : body, { headers });
}

/** Reads one built file (and its gzip twin, when the build made one) into memory. */
function load(dir: URL, name: string, type: string): Asset {
  const body = new Uint8Array(readFileSync(new URL(name, dir)));
  const gz = new URL(`${name}.gz`, dir);
  const hash = createHash("sha256").update(body).digest("hex");
  return {
    body,
    gzip: existsSync(gz) ? new Uint8Array(readFileSync(gz)) : undefined,
    type,
    // Strong ETag; it starts with the 12 characters the page puts in the asset URL.
    etag: `"${hash.slice(0, 28)}"`,
  };
}

/**
 * Where the built console is: next to this module once built (dist/console), or in the
 * package's dist when this file runs from source (tests, tsx).
 */
function consoleDir(dir: string | URL | undefined): URL {
  if (dir !== undefined) {
    const url = typeof dir === "string" ? pathToFileURL(dir) : dir;
    // A folder URL needs its trailing slash, or relative names resolve next to it.
    return requireBuilt(url.href.endsWith("/") ? url : new URL(`${url.href}/`));
  }
  const built = new URL("./console/", import.meta.url);
  const fromSource = new URL("../../dist/console/", import.meta.url);
  return requireBuilt(existsSync(new URL("index.html", built)) ? built : fromSource);
}

function requireBuilt(dir: URL): URL {
  if (!existsSync(new URL("index.html", dir))) {
    throw new Error(
      `The web console is not built (no index.html in ${dir.pathname}); run: pnpm --filter @a2akit/web-console build`,
    );
  }
  return dir;
}
