import { build } from "esbuild";
import { expect, it } from "vitest";

it("bundles for the browser with nothing from Node", async () => {
  const result = await build({
    entryPoints: [new URL("../src/index.ts", import.meta.url).pathname],
    bundle: true,
    write: false,
    format: "esm",
    platform: "browser",
    external: ["@a2akit/types", "jose"],
    metafile: true,
    logLevel: "silent",
  });
  const code = result.outputFiles[0]?.text ?? "";
  const imports = Object.values(result.metafile.outputs).flatMap((o) =>
    o.imports.map((i) => i.path),
  );
  expect([...new Set(imports)].sort()).toEqual(["@a2akit/types", "jose"]);
  for (const name of ["Buffer", "process.", "require(", "console."]) {
    expect(code.includes(name), name).toBe(false);
  }
});
