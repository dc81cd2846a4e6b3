// Bundles the browser console into dist/console: index.html, app.js, app.css. The HTML names
// each asset with a content hash in its query, so the server can let browsers cache assets for
// good while the page itself is revalidated on every load.
import { createHash } from "node:crypto";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";

const root = new URL("../", import.meta.url);
const out = new URL("dist/console/", root);
const hash = (text) => createHash("sha256").update(text).digest("hex").slice(0, 12);

/** Above this the bundle has grown by accident: fail the build rather than ship it. */
const JS_BUDGET_BYTES = 300 * 1024;

/**
 * @a2akit/types imports zod as `import { z } from "zod"`, which hands the bundler zod's whole
 * namespace object (every schema kind and every locale: over 400 KiB). Reading the same exports
 * as `import * as z` lets esbuild keep only the parts the schemas use. The budget check below
 * catches it if this rewrite ever stops matching.
 */
const zodNamespace = {
  name: "zod-namespace",
  setup(b) {
    b.onLoad(
      { filter: /[\\/](packages|@a2akit)[\\/]types[\\/]dist[\\/].*\.js$/ },
      async (args) => ({
        contents: (await readFile(args.path, "utf8")).replace(
          /import \{ z(?: as (\w+))? \} from "zod";/g,
          (_, alias) => `import * as ${alias ?? "z"} from "zod";`,
        ),
        loader: "js",
      }),
    );
  },
};

const shared = {
  bundle: true,
  minify: true,
  write: false,
  legalComments: "none",
  logLevel: "warning",
};
const [js, css] = await Promise.all([
  build({
    ...shared,
    entryPoints: [new URL("src/browser/main.ts", root).pathname],
    format: "esm",
    platform: "browser",
    plugins: [zodNamespace],
    target: ["chrome111", "firefox111", "safari16.4"],
  }),
  build({
    ...shared,
    entryPoints: [new URL("src/browser/app.css", root).pathname],
    target: ["chrome111", "firefox111", "safari16.4"],
  }),
]);
const appJs = js.outputFiles[0].text;
const appCss = css.outputFiles[0].text;
if (appJs.length > JS_BUDGET_BYTES) {
  throw new Error(
    `app.js is ${appJs.length} bytes, over the ${JS_BUDGET_BYTES} byte budget: see zodNamespace`,
  );
}
const html = (await readFile(new URL("src/browser/index.html", root), "utf8"))
  .replace("__JS_HASH__", hash(appJs))
  .replace("__CSS_HASH__", hash(appCss));

/**
 * Writes through a temporary file and a rename: a server starting while the console is rebuilt
 * (the tests rebuild it) reads the old file or the new one, never half of one.
 */
async function put(name, content) {
  const tmp = new URL(`${name}.${process.pid}.tmp`, out);
  await writeFile(tmp, content);
  await rename(tmp, new URL(name, out));
}

await mkdir(out, { recursive: true });
await Promise.all([
  put("app.js", appJs),
  put("app.css", appCss),
  // Compressed once here so the server never compresses per request.
  put("app.js.gz", gzipSync(appJs, { level: 9 })),
  put("app.css.gz", gzipSync(appCss, { level: 9 })),
]);
// The page last: once it names the new hashes, the assets it names are in place.
await put("index.html", html);
console.log(
  `web-console: app.js ${(appJs.length / 1024).toFixed(1)} KiB, app.css ${(appCss.length / 1024).toFixed(1)} KiB`,
);
