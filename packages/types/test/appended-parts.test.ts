import { describe, expect, it } from "vitest";
import { type Artifact, appendParts, type Part, settleParts } from "../src/index.js";

const part = (i: number): Part => ({ text: `p${i}` });
const parts = (n: number): Part[] => Array.from({ length: n }, (_, i) => part(i));

describe("appendParts", () => {
  it("leaves the artifact it starts from, and the parts it is given, as they were", () => {
    const start: Artifact = { artifactId: "a", name: "out", parts: parts(100) };
    const added = [part(100)];
    const next = appendParts(start, added);
    expect(start.parts).toHaveLength(100);
    expect(added).toEqual([part(100)]);
    expect(next).toStrictEqual({ artifactId: "a", name: "out", parts: parts(101) });
  });

  it("gives each version its own parts however they are read, and in any order", () => {
    const versions: Artifact[] = [{ artifactId: "a", parts: [part(0)] }];
    for (let i = 1; i < 300; i++)
      versions.push(appendParts(versions[i - 1] as Artifact, [part(i)]));
    // A version read before later ones are made, and one appended to twice.
    expect(versions[150]?.parts).toEqual(parts(151));
    const branch = appendParts(versions[298] as Artifact, [{ text: "other" }]);
    for (const i of [299, 0, 64, 200, 150, 298]) {
      expect(versions[i]?.parts).toEqual(parts(i + 1));
    }
    expect(branch.parts).toEqual([...parts(299), { text: "other" }]);
    expect(JSON.parse(JSON.stringify(versions[299]))).toEqual({
      artifactId: "a",
      parts: parts(300),
    });
  });

  it("settleParts leaves plain arrays behind", () => {
    let artifact: Artifact = { artifactId: "a", parts: [] };
    for (let i = 0; i < 100; i++) artifact = appendParts(artifact, [part(i)]);
    expect(Object.getOwnPropertyDescriptor(artifact, "parts")?.get).toBeTypeOf("function");
    settleParts([artifact]);
    expect(Object.getOwnPropertyDescriptor(artifact, "parts")?.value).toEqual(parts(100));
  });
});
