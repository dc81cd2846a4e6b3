import type { StreamResponse, Task } from "@a2akit/types";
import { describe, expect, it } from "vitest";
import { applyEvent, artifactText } from "../src/index.js";

function chunk(i: number): StreamResponse {
  return {
    artifactUpdate: {
      taskId: "t1",
      contextId: "c1",
      artifact: { artifactId: "a1", parts: [{ text: `${i},` }] },
      ...(i > 0 ? { append: true } : {}),
    },
  };
}

describe("applyEvent on a long appended stream", () => {
  it("keeps every earlier view as it was and ends with every part, in order", () => {
    const views: (Task | undefined)[] = [];
    let view: Task | undefined;
    for (let i = 0; i < 500; i++) {
      view = applyEvent(view, chunk(i));
      views.push(view);
    }
    const expected = (n: number) => Array.from({ length: n }, (_, i) => `${i},`).join("");
    expect(artifactText(view as Task)).toBe(expected(500));
    for (const i of [0, 63, 64, 65, 250, 498]) {
      expect(artifactText(views[i] as Task)).toBe(expected(i + 1));
    }
    // The final view is plain data to JSON and to a deep copy.
    expect(JSON.parse(JSON.stringify(view))).toStrictEqual(structuredClone(view));
  });
});
