import { describe, expect, it } from "vitest";
import { SendMessageResponse, StreamResponse, Task, toJson, toJsonText } from "../src/index.js";

const same = (schema: Parameters<typeof toJson>[0], value: unknown) =>
  expect(toJsonText(schema, value as never)).toBe(JSON.stringify(toJson(schema, value as never)));

describe("toJsonText", () => {
  it("writes a task's JSON as JSON.stringify of toJson does, defaults and order included", () => {
    const task: Task = {
      id: "t1",
      contextId: "c1",
      status: { state: "TASK_STATE_COMPLETED", timestamp: "2025-01-01T00:00:00.000Z" },
      artifacts: [{ artifactId: "a", parts: [{ text: "hi" }, { data: { n: 1 } }] }],
      history: [
        { messageId: "m1", role: "ROLE_USER", parts: [{ text: "q" }], taskId: "t1" },
        { messageId: "m2", role: "ROLE_AGENT", parts: [], metadata: {} },
      ],
      metadata: { z: 1, a: [1, "x", null], nested: { deep: true } },
    };
    same(Task, task);
    same(SendMessageResponse, { task });
  });

  it("leaves out what JSON.stringify leaves out, and writes null where it does", () => {
    same(Task, {
      id: "t1",
      contextId: "",
      status: { state: "TASK_STATE_WORKING" },
      metadata: {
        gone: undefined,
        fn: () => 1,
        list: [undefined, () => 1, Number.NaN, Number.POSITIVE_INFINITY],
        when: new Date(0),
        10: "integer keys first",
      },
    });
  });

  it("writes each kind of stream event", () => {
    same(StreamResponse, {
      statusUpdate: { taskId: "t", contextId: "c", status: { state: "TASK_STATE_WORKING" } },
    });
    same(StreamResponse, {
      artifactUpdate: {
        taskId: "t",
        contextId: "c",
        append: true,
        lastChunk: false,
        artifact: {
          artifactId: "a",
          parts: [{ raw: "AAEC", mediaType: "application/octet-stream" }],
        },
      },
    });
    same(StreamResponse, {
      message: { messageId: "m", role: "ROLE_AGENT", parts: [{ text: "x" }] },
    });
  });
});
