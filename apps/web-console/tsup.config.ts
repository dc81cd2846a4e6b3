import { defineConfig } from "tsup";

// The server side only; scripts/build-console.mjs bundles the browser side into dist/console.
export default defineConfig({
  entry: ["src/server/index.ts"],
  format: ["esm"],
  dts: true,
  sourcemap: true,
  clean: true,
  target: "node20",
  platform: "node",
});
