import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { format } from "node:util";
import { transform } from "esbuild";
import ts from "typescript";
import { afterAll, describe, expect, it, vi } from "vitest";
import { codeBlocks } from "./support/markdown.js";

// Every ```ts block of the README is compiled and run against the package source. A line
// `console.log(...); // → text` states what the block prints; the printed lines must be exactly
// those, in order, so the examples cannot drift from the code.

const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
const blocks = codeBlocks(readme).filter((b) => b.lang === "ts");
const entry = pathToFileURL(fileURLToPath(new URL("../src/index.ts", import.meta.url))).href;
const dir = mkdtempSync(join(tmpdir(), "a2akit-readme-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The outputs a block promises, from its `// → ...` comments. */
function promised(code: string): string[] {
  return code.split("\n").flatMap((line) => {
    const m = /\/\/ → (.*)$/.exec(line);
    return m ? [m[1] ?? ""] : [];
  });
}

describe("README", () => {
  it("has TypeScript examples, each promising some output", () => {
    expect(blocks.length).toBeGreaterThanOrEqual(4);
    for (const block of blocks) expect(promised(block.text), `line ${block.line}`).not.toEqual([]);
  });

  it("lists every error class with the codes and statuses it really has", async () => {
    const types = (await import("../src/index.js")) as unknown as Record<string, unknown>;
    const rows = [
      ...readme.matchAll(/^\| `(\w+Error)` +\| `(\w+)` +\| (-?\d+) +\| (\d+) +\| (\w+) +\|$/gm),
    ];
    expect(rows.length).toBe(17);
    for (const [, name, code, rpc, http, grpc] of rows) {
      const Class = types[name as string] as new () => Record<string, unknown>;
      expect(Class, name).toBeTypeOf("function");
      const error = new Class();
      expect([error.code, error.jsonRpcCode, error.httpStatus, error.grpcStatus], name).toEqual([
        code,
        Number(rpc),
        Number(http),
        grpc,
      ]);
    }
  });

  it("points to the v0.3 notes", () => {
    expect(readme).toMatch(/## v0\.3 compatibility\n\nSee \[V03\.md\]\(V03\.md\)\.\n/);
  });

  it("type-checks every example under strict settings", () => {
    const source = fileURLToPath(new URL("../src/index.js", import.meta.url));
    const files = blocks.map((block) => {
      const file = join(dir, `check-${block.line}.ts`);
      writeFileSync(file, block.text.replace(/"@a2akit\/types"/g, JSON.stringify(source)));
      return file;
    });
    const program = ts.createProgram(files, {
      strict: true,
      noEmit: true,
      noUncheckedIndexedAccess: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      lib: ["lib.es2022.d.ts", "lib.dom.d.ts"],
      types: [],
      skipLibCheck: true,
    });
    // Only the examples are checked; the package source has its own typecheck.
    const problems = files
      .map((file) => program.getSourceFile(file))
      .flatMap((sf) => [
        ...program.getSyntacticDiagnostics(sf),
        ...program.getSemanticDiagnostics(sf),
      ])
      .map(
        (d) => `${d.file?.fileName ?? ""}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`,
      );
    expect(problems).toEqual([]);
  }, 60_000);

  for (const block of blocks) {
    it(`runs the example at line ${block.line} and prints what it says`, async () => {
      const source = block.text.replace(/from "@a2akit\/types"/g, `from ${JSON.stringify(entry)}`);
      expect(source).not.toMatch(/from "(?!file:)/);
      const { code } = await transform(source, { loader: "ts", format: "esm", target: "es2022" });
      const file = join(dir, `block-${block.line}.mjs`);
      writeFileSync(file, code);
      const printed: string[] = [];
      const spy = vi.spyOn(console, "log").mockImplementation((...args: unknown[]) => {
        printed.push(format(...args));
      });
      try {
        await import(/* @vite-ignore */ pathToFileURL(file).href);
      } finally {
        spy.mockRestore();
      }
      expect(printed).toEqual(promised(block.text));
    });
  }
});
