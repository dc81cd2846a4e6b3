import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { format } from "node:util";
import { transform } from "esbuild";
import ts from "typescript";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
// The README parser the types package tests the specification with.
import { codeBlocks } from "../../types/test/support/markdown.js";
import { JWKS_PATH, PushKeyManager, PushSigner } from "../src/index.js";
import { listen, type TestServer } from "./support/http.js";

// Every ```ts block of the README is type-checked, compiled and run against the package source.
// A `// → text` comment states what the block prints, in order. A block that exports a Fetch
// handler (or a Hono app) is the receiver: it gets a real signed notification from an agent whose
// JWKS is served on 127.0.0.1, and a replay of it.

const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
const blocks = codeBlocks(readme).filter((b) => b.lang === "ts");
const src = (file: string) => fileURLToPath(new URL(`../src/${file}`, import.meta.url));
// Inside the package, so bare imports such as "hono" resolve as they would for a user; not under
// node_modules, which the test runner would hand to Node without compiling the source.
const dir = fileURLToPath(new URL("./.readme-examples/", import.meta.url));
mkdirSync(dir, { recursive: true });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ISSUER = "https://agent.example";
const WEBHOOK = "https://client.example/a2a/webhook";
const README_JWKS = `${ISSUER}${JWKS_PATH}`;
let servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

function promised(code: string): string[] {
  return code.split("\n").flatMap((line) => {
    const m = /\/\/ → (.*)$/.exec(line);
    return m ? [m[1] ?? ""] : [];
  });
}

function localImports(code: string, toUrl: boolean): string {
  const target = (file: string) =>
    JSON.stringify(toUrl ? pathToFileURL(src(file)).href : src(file));
  return code
    .replace(/from "@a2akit\/push-jwt\/hono"/g, `from ${target("hono.ts")}`)
    .replace(/from "@a2akit\/push-jwt"/g, `from ${target("index.ts")}`);
}

describe("README", () => {
  it("shows the sender, both receivers and the extension, each promising output", () => {
    expect(blocks.length).toBe(4);
    for (const block of blocks) expect(promised(block.text), `line ${block.line}`).not.toEqual([]);
  });

  it("type-checks every example under strict settings", () => {
    const files = blocks.map((block) => {
      const file = join(dir, `check-${block.line}.ts`);
      writeFileSync(file, localImports(block.text, false));
      return file;
    });
    const program = ts.createProgram(files, {
      strict: true,
      noEmit: true,
      noUncheckedIndexedAccess: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      allowImportingTsExtensions: true,
      lib: ["lib.es2022.d.ts", "lib.dom.d.ts"],
      types: [],
      skipLibCheck: true,
    });
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
      // The agent the receiver examples trust: its JWKS on a real socket.
      const signer = new PushSigner({ issuer: ISSUER, keys: await PushKeyManager.generate() });
      const agent = await listen((request) => signer.jwksResponse(request));
      servers.push(agent);
      const receiver = /^export default /m.test(block.text);
      let source = localImports(block.text, true);
      if (receiver) source = source.replaceAll(README_JWKS, `${agent.url}${JWKS_PATH}`);
      expect(source).not.toMatch(/from "(?!file:|hono")/);
      const { code } = await transform(source, { loader: "ts", format: "esm", target: "es2022" });
      const file = join(dir, `block-${block.line}.mjs`);
      writeFileSync(file, code);

      const printed: string[] = [];
      const spy = vi.spyOn(console, "log").mockImplementation((...args: unknown[]) => {
        printed.push(format(...args));
      });
      try {
        const mod = (await import(/* @vite-ignore */ pathToFileURL(file).href)) as {
          default?: { fetch(request: Request): Response | Promise<Response> };
        };
        expect(Boolean(mod.default?.fetch)).toBe(receiver);
        if (receiver) {
          const push = await signer.sign({
            url: WEBHOOK,
            event: {
              statusUpdate: {
                taskId: "task-1",
                contextId: "ctx-1",
                status: { state: "TASK_STATE_COMPLETED" },
              },
            },
            notificationToken: "token-from-the-push-config",
          });
          const send = () =>
            mod.default?.fetch(
              new Request(WEBHOOK, { method: "POST", headers: push.headers, body: push.body }),
            );
          expect((await send())?.status).toBe(204);
          const replay = await send();
          expect(replay?.status).toBe(401);
          expect(JSON.stringify(await replay?.json())).toContain("ERR_PUSH_REPLAYED");
        }
      } finally {
        spy.mockRestore();
      }
      expect(printed).toEqual(promised(block.text));
    });
  }
});
