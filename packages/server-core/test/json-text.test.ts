import { describe, expect, it } from "vitest";
import { jsonResponse } from "../src/http/responses.js";
import { jsonText, stringifyOnce } from "../src/json-text.js";

describe("jsonText", () => {
  it("writes what JSON.stringify writes", () => {
    const values: unknown[] = [
      null,
      0,
      "text",
      [1, "two", null],
      {},
      { a: 1, b: undefined, c: () => 1, d: Symbol("s"), e: [undefined], f: { g: "h" } },
      { 'key "quoted"': "\u0000\ud800", n: Number.NaN },
      { when: new Date(0) },
      { toJSON: () => "custom" },
      new Map([["a", 1]]),
      Object.create({ inherited: 1 }),
    ];
    for (const value of values) expect(jsonText(value)).toBe(JSON.stringify(value));
  });

  it("takes the remembered text of a member instead of writing it again", () => {
    const task = { id: "t1", status: { state: "TASK_STATE_COMPLETED" } };
    const text = stringifyOnce(task);
    expect(text).toBe(JSON.stringify(task));
    const result = { task };
    expect(jsonText(result)).toBe(JSON.stringify(result));
    // The text, not the object, is what goes out: proof that it was taken, not rewritten.
    const remembered = { a: 1 };
    stringifyOnce(remembered);
    remembered.a = 2;
    expect(jsonText({ remembered })).toBe('{"remembered":{"a":1}}');
  });

  it("is what HTTP+JSON answers are written with", async () => {
    const task = { id: "t2", status: { state: "TASK_STATE_COMPLETED" } };
    stringifyOnce(task);
    task.id = "changed";
    const response = jsonResponse({ task }, 200, "application/a2a+json");
    expect(await response.text()).toBe(
      '{"task":{"id":"t2","status":{"state":"TASK_STATE_COMPLETED"}}}',
    );
  });
});
