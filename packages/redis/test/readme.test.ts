import { spawn } from "node:child_process";
import { mkdirSync, readFileSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { afterAll, describe, expect, it } from "vitest";
import { connect, dropPrefix, REDIS_URL, testPrefix } from "./support/redis.js";

// Every ```ts block of the README is bundled against the package source (the .lua files inlined
// as the build does) and run in its own Node process on the test Redis, under a fresh prefix.
// A `// → text` comment states what the block prints.

const here = dirname(fileURLToPath(import.meta.url));
const readme = readFileSync(join(here, "..", "README.md"), "utf8");
const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1] as string);
const outDir = join(here, "..", "node_modules", ".cache", `a2akit-redis-readme-${process.pid}`);
const redis = connect();
const prefixes: string[] = [];

afterAll(async () => {
  rmSync(outDir, { recursive: true, force: true });
  for (const p of prefixes) await dropPrefix(redis, p);
  await redis.quit();
});

function run(file: string): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [file], {
      cwd: outDir,
      env: { ...process.env, REDIS_URL },
    });
    let out = "";
    child.stdout.on("data", (d) => {
      out += d;
    });
    child.stderr.on("data", (d) => {
      out += d;
    });
    child.on("exit", (code) => resolve({ code, out }));
  });
}

describe("README", () => {
  it("has examples", () => {
    expect(blocks.length).toBeGreaterThan(0);
  });

  blocks.forEach((block, i) => {
    it(`runs example ${i + 1} and prints what it promises`, async () => {
      const prefix = testPrefix("readme");
      prefixes.push(prefix);
      mkdirSync(outDir, { recursive: true });
      const source = block.replaceAll('"my-agent"', JSON.stringify(prefix));
      const outfile = join(outDir, `example-${i}.mjs`);
      await build({
        stdin: { contents: source, loader: "ts", resolveDir: here },
        outfile,
        bundle: true,
        platform: "node",
        format: "esm",
        target: "node20",
        packages: "external",
        alias: { "@a2akit/redis": join(here, "..", "src", "index.ts") },
        loader: { ".lua": "text" },
        logLevel: "silent",
      });
      const promised = [...block.matchAll(/\/\/ → (.*)$/gm)].map((m) => m[1]);
      const { code, out } = await run(outfile);
      expect(code, out).toBe(0);
      expect(out.trim().split("\n")).toEqual(promised);
    });
  });
});
