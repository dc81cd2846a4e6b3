import { describe, expect, it } from "vitest";
import * as here from "../src/errors.js";

// A second, separately loaded copy of the module: what an application gets when it loads
// @a2akit/types through require() while a library imports it, or when two versions are installed.
const second = "../src/errors.js?second-copy";
const other = (await import(/* @vite-ignore */ second)) as typeof here;

describe("errors from another copy of the package", () => {
  it("are distinct classes, as in a real duplicate install", () => {
    expect(other.TaskNotFoundError).not.toBe(here.TaskNotFoundError);
  });

  it("are still recognized by isA2AError, so a server answers them with their own status", () => {
    const error = other.TaskNotFoundError.forTask("t-1");
    expect(here.isA2AError(error)).toBe(true);
    if (here.isA2AError(error)) expect(error.toRestError().error.code).toBe(404);
  });

  it("do not make plain errors, or look-alikes, pass", () => {
    expect(here.isA2AError(new Error("x"))).toBe(false);
    expect(here.isA2AError({ code: "TASK_NOT_FOUND", jsonRpcCode: -32001 })).toBe(false);
    expect(here.isA2AError(null)).toBe(false);
  });
});
