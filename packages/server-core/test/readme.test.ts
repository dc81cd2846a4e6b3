import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { transform } from "esbuild";
import { describe, expect, it } from "vitest";

// Every ```ts block of the README is compiled with esbuild and run, so the examples cannot rot.
const here = dirname(fileURLToPath(import.meta.url));
const outDir = join(here, ".readme");
const readme = await readFile(join(here, "..", "README.md"), "utf8");
const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1] ?? "");

function localImports(code: string): string {
  return code
    .replaceAll('"@a2akit/server-core/testing"', '"../../src/testing/index.ts"')
    .replaceAll('"@a2akit/server-core/auth"', '"../../src/auth/index.ts"')
    .replaceAll('"@a2akit/server-core/otel"', '"../../src/otel/index.ts"')
    .replaceAll('"@a2akit/server-core"', '"../../src/index.ts"');
}

await rm(outDir, { recursive: true, force: true });
await mkdir(outDir, { recursive: true });
const modules = await Promise.all(
  blocks.map(async (code, i) => {
    const { code: js } = await transform(localImports(code), { loader: "ts", format: "esm" });
    const file = join(outDir, `block-${i}.mjs`);
    await writeFile(file, js);
    return { file, registersTests: code.includes('from "vitest"') };
  }),
);

// Blocks that define test suites must run while tests are being collected.
for (const m of modules) if (m.registersTests) await import(pathToFileURL(m.file).href);

describe("README examples", () => {
  it("has examples", () => {
    expect(blocks.length).toBeGreaterThanOrEqual(4);
  });

  modules.forEach((m, i) => {
    if (m.registersTests) return;
    it(`runs block ${i + 1}`, async () => {
      await expect(import(pathToFileURL(m.file).href)).resolves.toBeDefined();
    });
  });
});
