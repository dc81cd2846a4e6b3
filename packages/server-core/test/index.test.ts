import { describe, expect, it } from "vitest";
import * as entry from "../src/index.js";

describe("@a2akit/server-core entry point", () => {
  it("exports the engine's public API", () => {
    expect(typeof entry.createRequestHandler).toBe("function");
    expect(typeof entry.createMemoryStores).toBe("function");
    expect(typeof entry.defineAgent).toBe("function");
    expect(entry.ANONYMOUS).toEqual({ id: "", authenticated: false });
  });
});
