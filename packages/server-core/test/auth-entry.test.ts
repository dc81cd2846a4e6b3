import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";
import * as auth from "../src/auth/index.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

/** The bare modules an entry point imports, once bundled. */
async function bareImports(entry: string): Promise<string[]> {
  const result = await build({
    entryPoints: [join(root, entry)],
    bundle: true,
    write: false,
    metafile: true,
    format: "esm",
    platform: "neutral",
    // Keep every package import visible instead of inlining it.
    packages: "external",
    logLevel: "silent",
  });
  return Object.values(result.metafile.outputs).flatMap((o) => o.imports.map((i) => i.path));
}

describe("@a2akit/server-core/auth entry point", () => {
  it("exports the auth API", () => {
    expect(Object.keys(auth).sort()).toEqual([
      "DEFAULT_JWT_ALGORITHMS",
      "authFromCard",
      "authorizeSkill",
      "timingSafeEqual",
      "withSkillAuthorization",
    ]);
  });

  it("is the only entry that brings in jose", async () => {
    expect(await bareImports("src/auth/index.ts")).toContain("jose");
    expect(await bareImports("src/index.ts")).not.toContain("jose");
  });
});
