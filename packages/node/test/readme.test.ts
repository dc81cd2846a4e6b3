import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

// The README's example runs against the package source, so it cannot rot.
const readme = await readFile(new URL("../README.md", import.meta.url), "utf8");
const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1] ?? "");
const dir = fileURLToPath(new URL("./.readme-examples/", import.meta.url));
afterAll(() => rm(dir, { recursive: true, force: true }));

describe("README", () => {
  it("runs its example: deliveries over the node transport", async () => {
    expect(blocks).toHaveLength(1);
    await mkdir(dir, { recursive: true });
    const src = pathToFileURL(fileURLToPath(new URL("../src/index.ts", import.meta.url))).href;
    const file = `${dir}example.ts`;
    const code = (blocks[0] ?? "").replace('from "@a2akit/node"', `from ${JSON.stringify(src)}`);
    await writeFile(file, `${code}\nexport { deliveries };\n`);
    const { deliveries } = (await import(pathToFileURL(file).href)) as {
      deliveries: { stats(): unknown[]; close(): Promise<void> };
    };
    expect(deliveries.stats()).toEqual([]);
    await deliveries.close();
  });
});
