import { describe, expect, it } from "vitest";
import {
  InvalidParamsError,
  partFromV03,
  partToV03,
  pushAuthenticationFromV03,
  roleToV03,
  sendMessageParamsFromV03,
  sendMessageParamsToV03,
  statusUpdateFromV03,
  streamResponseToV03,
  taskFromV03,
  taskStateFromV03,
  taskStateToV03,
  taskToV03,
  timestampFromV03,
  V03_WRAPPED_VALUE_KEY,
} from "../src/index.js";

const status = { state: "TASK_STATE_WORKING" as const };

describe("the documented losses of the v0.3 mapping", () => {
  it("wraps a non-object data value as {value} with a marker, and unwraps it on the way back", () => {
    for (const value of ["text", 42, true, null, [1, { a: 2 }]]) {
      const old = partToV03({ data: value, metadata: { keep: 1 } });
      expect(old).toEqual({
        kind: "data",
        data: { value },
        metadata: { keep: 1, [V03_WRAPPED_VALUE_KEY]: true },
      });
      expect(partFromV03(old)).toEqual({ data: value, metadata: { keep: 1 } });
    }
  });

  it("leaves an object {value} without the marker alone", () => {
    const part = { kind: "data" as const, data: { value: 1 } };
    expect(partFromV03(part)).toEqual({ data: { value: 1 } });
  });

  it("renames file fields and drops filename/mediaType on text and data parts", () => {
    expect(
      partToV03({ url: "https://x/y.png", filename: "y.png", mediaType: "image/png" }),
    ).toEqual({
      kind: "file",
      file: { uri: "https://x/y.png", name: "y.png", mimeType: "image/png" },
    });
    expect(partToV03({ text: "# hi", mediaType: "text/markdown", filename: "a.md" })).toEqual({
      kind: "text",
      text: "# hi",
    });
    expect(partToV03({ data: { a: 1 }, mediaType: "application/json" })).toEqual({
      kind: "data",
      data: { a: 1 },
    });
  });

  it("maps every state, and `unknown` to TASK_STATE_UNSPECIFIED and back", () => {
    expect(taskStateFromV03("input-required")).toBe("TASK_STATE_INPUT_REQUIRED");
    expect(taskStateFromV03("auth-required")).toBe("TASK_STATE_AUTH_REQUIRED");
    expect(taskStateFromV03("canceled")).toBe("TASK_STATE_CANCELED");
    expect(taskStateFromV03("unknown")).toBe("TASK_STATE_UNSPECIFIED");
    expect(taskStateToV03("TASK_STATE_UNSPECIFIED")).toBe("unknown");
    expect(taskStateToV03("TASK_STATE_AUTH_REQUIRED")).toBe("auth-required");
  });

  it("refuses ROLE_UNSPECIFIED, which v0.3 cannot say, naming the field", () => {
    expect(() => roleToV03("ROLE_UNSPECIFIED")).toThrow(InvalidParamsError);
    try {
      taskToV03({
        id: "t",
        status: {
          state: "TASK_STATE_WORKING",
          message: { messageId: "m", role: "ROLE_UNSPECIFIED", parts: [{ text: "x" }] },
        },
      });
      expect.unreachable();
    } catch (e) {
      expect((e as InvalidParamsError).fieldViolations).toEqual([
        { field: "task.status.message.role", description: expect.stringContaining("no v0.3 form") },
      ]);
    }
  });

  it("drops `final` on the way in; on the way out it comes from the caller or the state", () => {
    const old = {
      kind: "status-update" as const,
      taskId: "t",
      contextId: "c",
      status: { state: "working" as const },
      final: true,
    };
    expect(statusUpdateFromV03(old)).toEqual({ taskId: "t", contextId: "c", status });
    const item = (
      state: "TASK_STATE_WORKING" | "TASK_STATE_COMPLETED" | "TASK_STATE_INPUT_REQUIRED",
    ) => ({
      statusUpdate: { taskId: "t", contextId: "c", status: { state } },
    });
    expect(streamResponseToV03(item("TASK_STATE_WORKING"))).toMatchObject({ final: false });
    expect(streamResponseToV03(item("TASK_STATE_COMPLETED"))).toMatchObject({ final: true });
    expect(streamResponseToV03(item("TASK_STATE_INPUT_REQUIRED"))).toMatchObject({ final: true });
    expect(streamResponseToV03(item("TASK_STATE_WORKING"), { final: true })).toMatchObject({
      final: true,
    });
  });

  it("keeps only the first of several push auth schemes, and drops an empty list", () => {
    expect(pushAuthenticationFromV03({ schemes: ["Bearer", "Basic"], credentials: "c" })).toEqual({
      scheme: "Bearer",
      credentials: "c",
    });
    expect(pushAuthenticationFromV03({ schemes: [] })).toBeUndefined();
  });

  it("reads absent `blocking` as blocking, and always writes it when there is a configuration", () => {
    const message = { kind: "message" as const, messageId: "m", role: "user" as const, parts: [] };
    expect(sendMessageParamsFromV03({ message, configuration: {} }).configuration).toEqual({});
    expect(
      sendMessageParamsFromV03({ message, configuration: { blocking: false } }).configuration,
    ).toEqual({ returnImmediately: true });
    const v1 = { message: { messageId: "m", role: "ROLE_USER" as const, parts: [{ text: "x" }] } };
    expect(sendMessageParamsToV03({ ...v1, configuration: {} }).configuration).toEqual({
      blocking: true,
    });
    expect(sendMessageParamsToV03(v1).configuration).toBeUndefined();
    expect(sendMessageParamsToV03({ ...v1, tenant: "acme" })).not.toHaveProperty("tenant");
  });

  it("gives a v1.0 task without contextId the empty contextId v0.3 requires", () => {
    const old = taskToV03({ id: "t", status });
    expect(old.contextId).toBe("");
    expect(taskFromV03(old).contextId).toBe("");
  });

  it("normalizes v0.3 timestamps to UTC `Z`, and drops unreadable ones", () => {
    expect(timestampFromV03("2025-04-02T16:59:25.331844")).toBe("2025-04-02T16:59:25.331844Z");
    expect(timestampFromV03("2025-04-02T16:59:25+00:00")).toBe("2025-04-02T16:59:25Z");
    expect(timestampFromV03("2025-04-02T18:59:25.5+02:00")).toBe("2025-04-02T16:59:25.500Z");
    expect(timestampFromV03("2025-04-02T16:59:25.1234567891Z")).toBe(
      "2025-04-02T16:59:25.123456789Z",
    );
    expect(timestampFromV03("yesterday")).toBeUndefined();
    expect(timestampFromV03("2025-13-45T99:00:00")).toBeUndefined();
    const t = taskFromV03({
      kind: "task",
      id: "t",
      contextId: "c",
      status: { state: "working", timestamp: "not a time" },
    });
    expect(t.status).toEqual({ state: "TASK_STATE_WORKING" });
  });
});
