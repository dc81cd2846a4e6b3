import { builtinModules } from "node:module";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";

const entry = fileURLToPath(new URL("./fixtures/worker.ts", import.meta.url));

/** Bundles one module for a neutral runtime; returns its code and every Node built-in it pulled in. */
async function bundleForWorkers(entryPoint: string): Promise<{ code: string; imported: string[] }> {
  const imported: string[] = [];
  const builtins = new Set(builtinModules);
  const result = await build({
    entryPoints: [entryPoint],
    bundle: true,
    write: false,
    format: "esm",
    platform: "neutral",
    mainFields: ["module", "main"],
    conditions: ["worker", "browser", "import"],
    logLevel: "silent",
    plugins: [
      {
        name: "no-node",
        setup(b) {
          b.onResolve({ filter: /.*/ }, (args) => {
            const bare = args.path.replace(/^node:/, "").split("/")[0] ?? "";
            if (args.path.startsWith("node:") || builtins.has(bare)) {
              imported.push(`${args.path} (from ${args.importer})`);
              return { path: args.path, external: true };
            }
            return undefined;
          });
        },
      },
    ],
  });
  expect(result.errors).toEqual([]);
  return { code: result.outputFiles[0]?.text ?? "", imported };
}

describe("worker bundle", () => {
  it("bundles server-core + hono for a neutral runtime without any Node built-in", async () => {
    const { code, imported } = await bundleForWorkers(entry);
    expect(imported).toEqual([]);
    expect(code).not.toMatch(/\bBuffer\.|process\.env|require\(["']node:/);
    expect(code).toContain("agent-card.json");
  });

  it("bundles server-core's auth and otel entries without any Node built-in", async () => {
    const extras = fileURLToPath(new URL("./fixtures/worker-extras.ts", import.meta.url));
    const { code, imported } = await bundleForWorkers(extras);
    expect(imported).toEqual([]);
    expect(code).not.toMatch(/\bBuffer\.|require\(["']node:/);
    expect(code).toContain("authFromCard");
  });
});
