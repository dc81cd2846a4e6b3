import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { filePart } from "@a2akit/types";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { saveFileParts } from "../src/files.js";

// `--save DIR` writes files whose names the agent chose: it must never write outside DIR, touch
// a file already there, or make a hidden file (an agent naming its artifact `.bashrc` while the
// user saves into their home directory).
let dir = "";
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "a2a-save-"));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const bytes = (text: string) => new TextEncoder().encode(text);

describe("saving an agent's files", () => {
  it("keeps a file already in the directory and saves beside it", async () => {
    await writeFile(join(dir, "report.txt"), "mine");
    const saved = await saveFileParts(
      [filePart(bytes("agent's"), { filename: "report.txt" })],
      dir,
    );
    expect(await readFile(join(dir, "report.txt"), "utf8")).toBe("mine");
    const [path] = [...saved.values()];
    expect(path).toBe(join(dir, "report-1.txt"));
    expect(await readFile(path as string, "utf8")).toBe("agent's");
  });

  it("saves two files of the same name under two names", async () => {
    await saveFileParts(
      [
        filePart(bytes("a"), { filename: "out.csv" }),
        filePart(bytes("b"), { filename: "out.csv" }),
      ],
      dir,
    );
    expect((await readdir(dir)).sort()).toEqual(["out-1.csv", "out.csv"]);
  });

  it("rewrites its own file when a later update replaces the artifact", async () => {
    const written = { artifactId: "a1", files: new Map<string, string>() };
    await saveFileParts([filePart(bytes("draft"), { filename: "r.md" })], dir, written);
    await saveFileParts([filePart(bytes("final"), { filename: "r.md" })], dir, written);
    expect(await readdir(dir)).toEqual(["r.md"]);
    expect(await readFile(join(dir, "r.md"), "utf8")).toBe("final");
    // Another artifact with a file of the same name still gets a name of its own.
    await saveFileParts([filePart(bytes("other"), { filename: "r.md" })], dir, {
      ...written,
      artifactId: "a2",
    });
    expect((await readdir(dir)).sort()).toEqual(["r-1.md", "r.md"]);
  });

  it.each([".bashrc", "..", ".", "../../etc/passwd", "/tmp/x", "", "a\u0000b.txt", "..\\..\\x"])(
    "saves %j inside the directory under a plain name",
    async (filename) => {
      const saved = await saveFileParts([filePart(bytes("x"), { filename })], dir);
      const [path] = [...saved.values()];
      const name = (path as string).slice(dir.length + 1);
      expect(path?.startsWith(`${dir}/`)).toBe(true);
      expect(name).not.toMatch(/^\.|\//);
      expect(await readFile(path as string, "utf8")).toBe("x");
    },
  );
});
