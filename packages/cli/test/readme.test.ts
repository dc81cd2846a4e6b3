import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { HELP, run } from "../src/index.js";
import { recordingIo } from "./support/io.js";

// The README is what users read first: its commands, flags and code must match the program.
const here = dirname(fileURLToPath(import.meta.url));
const readme = await readFile(join(here, "..", "README.md"), "utf8");

function block(after: string, lang: string): string {
  const start = readme.indexOf(after);
  const fence = "```";
  const match = new RegExp(`${fence}${lang}\\n([\\s\\S]*?)${fence}`).exec(readme.slice(start));
  if (start < 0 || !match?.[1]) throw new Error(`no ${lang} block after ${after}`);
  return match[1];
}

describe("the README", () => {
  it("lists the same commands as --help", () => {
    const usage = HELP.slice(
      HELP.indexOf("Usage:\n") + 7,
      HELP.indexOf("\n\n", HELP.indexOf("Usage:")),
    )
      .split("\n")
      .map((line) => line.trim());
    expect(block("## Commands", "text").trim().split("\n")).toEqual(usage);
  });

  it("names only flags the command line accepts", async () => {
    const flags = new Set([...readme.matchAll(/(?<![\w-])--[a-z][a-z-]*/g)].map((m) => m[0]));
    expect(flags.size).toBeGreaterThan(20);
    for (const flag of flags) {
      const io = recordingIo();
      await run(["card", flag, "x"], io);
      expect(io.stderr, flag).not.toContain("Unknown option");
    }
  });

  describe("the code example", () => {
    let server: Server;
    let url = "";
    beforeAll(async () => {
      server = createServer((req, res) => {
        if (req.url !== "/.well-known/agent-card.json") return void res.writeHead(404).end();
        res.setHeader("Content-Type", "application/json");
        res.end(
          JSON.stringify({
            name: "Readme",
            description: "The agent the README's example reads",
            version: "1.0.0",
            supportedInterfaces: [
              { url: `${url}/a2a`, protocolBinding: "JSONRPC", protocolVersion: "1.0" },
            ],
            capabilities: {},
            defaultInputModes: ["text/plain"],
            defaultOutputModes: ["text/plain"],
            skills: [],
          }),
        );
      });
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(() => new Promise((resolve) => server.close(resolve)));

    it("runs, printing the card as JSON", async () => {
      const dir = join(here, ".readme");
      await rm(dir, { recursive: true, force: true });
      await mkdir(dir, { recursive: true });
      const file = join(dir, "from-code.ts");
      const code = block("## From code", "ts")
        .replaceAll('"@a2akit/cli"', '"../../src/index.ts"')
        .replaceAll("http://localhost:4000", url);
      await writeFile(file, code);
      const written: string[] = [];
      const write = vi
        .spyOn(process.stdout, "write")
        .mockImplementation((chunk: string | Uint8Array) => written.push(String(chunk)) > 0);
      try {
        await import(pathToFileURL(file).href);
      } finally {
        write.mockRestore();
      }
      expect(process.exitCode ?? 0).toBe(0);
      expect(JSON.parse(written.join("")).name).toBe("Readme");
    });
  });
});
