import { describe, expect, it } from "vitest";
import { base64ToBytes, filePart, Part, parse, Timestamp } from "../src/index.js";

describe("timestamps outside google.protobuf.Timestamp's range", () => {
  it("refuse year 0000 and keep 0001-01-01 to 9999-12-31", () => {
    expect(parse(Timestamp, "0000-12-31T23:59:59Z").success).toBe(false);
    expect(parse(Timestamp, "0001-01-01T00:00:00Z").success).toBe(true);
    expect(parse(Timestamp, "9999-12-31T23:59:59.999999999Z").success).toBe(true);
  });
});

describe("filePart", () => {
  it("sends an ArrayBuffer's bytes inline, as it does a Uint8Array's", () => {
    const buffer = new TextEncoder().encode("%PDF").buffer;
    const part = filePart(buffer, { mediaType: "application/pdf" });
    expect(part).toEqual({ raw: "JVBERg==", mediaType: "application/pdf" });
    expect(parse(Part, part).success).toBe(true);
  });

  it("refuses what is neither bytes nor a URL, instead of sending its String() as a link", () => {
    expect(() => filePart({ path: "a.pdf" } as never)).toThrow(TypeError);
    expect(() => filePart({ path: "a.pdf" } as never)).toThrow(/bytes.*URL/);
    expect(() => filePart(undefined as never)).toThrow(TypeError);
  });
});

describe("base64ToBytes", () => {
  it("refuses text that is not base64 with a TypeError saying so", () => {
    for (const bad of ["a", "@@@@", "YQ=Q"]) {
      expect(() => base64ToBytes(bad), bad).toThrow(TypeError);
      expect(() => base64ToBytes(bad), bad).toThrow(/not valid base64/);
    }
    expect(base64ToBytes("")).toEqual(new Uint8Array(0));
  });
});
