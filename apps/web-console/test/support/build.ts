import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

/** Bundles the console into dist/console so the tests serve what users get. */
export default function setup(): void {
  const script = fileURLToPath(new URL("../../scripts/build-console.mjs", import.meta.url));
  execFileSync(process.execPath, [script], { stdio: "inherit" });
}
