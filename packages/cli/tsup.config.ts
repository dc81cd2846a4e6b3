import { defineConfig } from "tsup";

export default defineConfig([
  // The library entry (`run`), for embedding the CLI or driving it in tests.
  {
    entry: ["src/index.ts"],
    format: ["esm", "cjs"],
    dts: true,
    sourcemap: true,
    clean: true,
    target: "node20",
    platform: "node",
  },
  // The `a2a` executable.
  {
    entry: ["src/main.ts"],
    format: ["esm"],
    dts: false,
    sourcemap: true,
    clean: false,
    target: "node20",
    platform: "node",
    banner: { js: "#!/usr/bin/env node" },
  },
]);
