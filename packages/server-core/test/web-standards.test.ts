import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

// server-core runs on Workers, Deno, Bun and browsers: its source names no Node built-in.
// (The Node-only push transport lives in @a2akit/node.)
const src = fileURLToPath(new URL("../src/", import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? sourceFiles(join(dir, e.name))
      : e.name.endsWith(".ts")
        ? [join(dir, e.name)]
        : [],
  );
}

describe("@a2akit/server-core on web standards", () => {
  it("imports no Node built-in module anywhere in its source", () => {
    const files = sourceFiles(src);
    expect(files.length).toBeGreaterThan(50);
    const offenders = files.flatMap((file) =>
      [...readFileSync(file, "utf8").matchAll(/(?:from|import)\s*\(?\s*"(node:[^"]+)"/g)].map(
        (m) => `${file.slice(src.length)}: ${m[1]}`,
      ),
    );
    expect(offenders).toEqual([]);
  });
});
