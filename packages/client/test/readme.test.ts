import { mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { format } from "node:util";
import { createA2AFetchHandler, createRequestHandler, defineAgent } from "@a2akit/server-core";
import { transform } from "esbuild";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type FetchServer, startFetchServer } from "./support/fetch-server.js";

// Every ```ts block of the README is type-checked, then run against a live agent. A comment
// `// → a → b` after a console.log names what that line prints, in order; the block must print
// exactly the promised lines.

const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
const blocks = [...readme.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((m) => ({
  line: readme.slice(0, m.index).split("\n").length,
  code: m[1] ?? "",
}));
const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
// Examples import @a2akit/types from the same build the client source uses, so `instanceof`
// checks in them see the same classes the client throws.
const specifiers: Record<string, string> = {
  "@a2akit/client": here("../src/index.ts"),
  "@a2akit/types": realpathSync(here("../node_modules/@a2akit/types/dist/index.js")),
};
const dir = mkdtempSync(join(tmpdir(), "a2akit-client-readme-"));

let server: FetchServer;
beforeAll(async () => {
  server = await startFetchServer();
  const url = `${server.url}/agent`;
  const handler = createRequestHandler({
    agentCard: {
      name: "Concierge",
      description: "Books tables and counts",
      version: "1.0.0",
      supportedInterfaces: [
        { url, protocolBinding: "JSONRPC", protocolVersion: "1.0" },
        { url, protocolBinding: "HTTP+JSON", protocolVersion: "1.0" },
      ],
      capabilities: { streaming: true },
      defaultInputModes: ["text/plain"],
      defaultOutputModes: ["text/plain"],
      skills: [{ id: "book", name: "Book", description: "Books tables", tags: [] }],
    },
    executor: defineAgent(async (ctx, task) => {
      if (ctx.task?.status.state === "TASK_STATE_INPUT_REQUIRED") {
        await task.artifact({ parts: [{ text: `Booked a table for ${ctx.userText}` }] });
        return;
      }
      if (ctx.userText === "Book a table") return task.inputRequired("For how many people?");
      if (ctx.userText === "Count to three") {
        for (const [i, word] of ["one", "two", "three"].entries()) {
          await task.artifact({ artifactId: "count", parts: [{ text: word }], append: i > 0 });
        }
        return;
      }
      await task.artifact({ parts: [{ text: `You said: ${ctx.userText}` }] });
    }),
  });
  server.serve(createA2AFetchHandler({ handler }).fetch);
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

function promised(code: string): string[] {
  return code.split("\n").flatMap((line) => {
    const m = /\/\/ → (.*)$/.exec(line);
    return m ? (m[1] ?? "").split(" → ") : [];
  });
}

function localized(code: string, toUrl: boolean): string {
  return code.replace(/from "(@a2akit\/[a-z-]+)"/g, (whole, name: string) => {
    const path = specifiers[name];
    if (!path) return whole;
    return `from ${JSON.stringify(toUrl ? pathToFileURL(path).href : path.replace(/\.ts$/, ".js"))}`;
  });
}

describe("README", () => {
  it("shows discovery, sending, streaming, listing and a conversation", () => {
    expect(blocks.length).toBeGreaterThanOrEqual(5);
    for (const b of blocks) expect(promised(b.code), `block at line ${b.line}`).not.toEqual([]);
    for (const call of [
      "A2AClient.fromUrl(",
      "client.sendMessage(",
      "client.sendStreamingMessage(",
      "client.listAllTasks(",
      "client.conversation()",
    ]) {
      expect(readme).toContain(call);
    }
  });

  it("type-checks every example", () => {
    const files = blocks.map((b) => {
      const file = join(dir, `check-${b.line}.ts`);
      writeFileSync(
        file,
        `declare const BASE_URL: string;\n${localized(b.code, false)}\nexport {};\n`,
      );
      return file;
    });
    const program = ts.createProgram(files, {
      strict: true,
      noEmit: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      lib: ["lib.es2022.d.ts", "lib.dom.d.ts", "lib.dom.asynciterable.d.ts"],
      types: [],
      skipLibCheck: true,
    });
    const problems = files
      .map((f) => program.getSourceFile(f))
      .flatMap((sf) => [
        ...program.getSyntacticDiagnostics(sf),
        ...program.getSemanticDiagnostics(sf),
      ])
      .map((d) => `${d.file?.fileName}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`);
    expect(problems).toEqual([]);
  }, 60_000);

  for (const block of blocks) {
    it(`runs the example at line ${block.line} and prints what it promises`, async () => {
      const { code } = await transform(localized(block.code, true), {
        loader: "ts",
        format: "esm",
        target: "es2022",
      });
      const file = join(dir, `run-${block.line}.mjs`);
      writeFileSync(file, code);
      const printed: string[] = [];
      const spy = vi.spyOn(console, "log").mockImplementation((...args: unknown[]) => {
        printed.push(format(...args));
      });
      (globalThis as { BASE_URL?: string }).BASE_URL = server.url;
      try {
        await import(/* @vite-ignore */ pathToFileURL(file).href);
      } finally {
        spy.mockRestore();
      }
      expect(printed).toEqual(promised(block.code));
    });
  }
});
