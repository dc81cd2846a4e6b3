import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const SRC = join(import.meta.dirname, "..", "src");
const files = readdirSync(SRC).filter((f) => f.endsWith(".ts"));
const source = (file: string) => readFileSync(join(SRC, file), "utf8");

describe("source rules", () => {
  it.each(files)("%s uses web standards only and never logs", (file) => {
    const text = source(file);
    expect(text).not.toMatch(/from "node:|require\(|\bBuffer\b|\bprocess\.|\bconsole\./);
  });

  it("keeps hono out of everything but the hono entry", () => {
    for (const file of files.filter((f) => f !== "hono.ts")) {
      expect(source(file), file).not.toMatch(/from "hono/);
    }
  });
});
