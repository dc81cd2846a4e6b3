import { fileURLToPath } from "node:url";
import { build } from "esbuild";

/** Bundles one browser entry (a test harness) into a classic script for page.addScriptTag. */
export async function bundleForBrowser(entry: URL): Promise<string> {
  const result = await build({
    entryPoints: [fileURLToPath(entry)],
    bundle: true,
    write: false,
    format: "iife",
    platform: "browser",
    target: ["chrome111"],
    logLevel: "warning",
  });
  const [file] = result.outputFiles;
  if (!file) throw new Error(`esbuild produced nothing for ${entry.pathname}`);
  return file.text;
}
