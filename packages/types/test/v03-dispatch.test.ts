import { describe, expect, it } from "vitest";
import {
  type A2AError,
  ExtendedAgentCardNotConfiguredError,
  ExtensionSupportRequiredError,
  errorFromV03,
  errorToV03,
  InvalidAgentResponseError,
  InvalidParamsError,
  METHODS,
  MethodNotFoundError,
  methodFromV03,
  methodToV03,
  requestFromV03,
  requestToV03,
  resultFromV03,
  resultToV03,
  TaskNotFoundError,
  UnsupportedOperationError,
  V03_ERROR_CODES,
  V03_METHODS,
  VersionNotSupportedError,
} from "../src/index.js";

const message = {
  kind: "message",
  messageId: "m1",
  role: "user",
  parts: [{ kind: "text", text: "hi" }],
};

describe("method names", () => {
  it("map both ways for every v0.3 method, and ListTasks has none", () => {
    for (const [v1, v03] of Object.entries(V03_METHODS)) {
      expect(methodFromV03(v03)).toBe(v1);
      expect(methodToV03(v1 as keyof typeof METHODS)).toBe(v03);
    }
    expect(Object.keys(V03_METHODS)).toHaveLength(Object.keys(METHODS).length - 1);
    expect(methodToV03("ListTasks")).toBeUndefined();
    expect(methodFromV03("SendMessage")).toBeUndefined();
  });
});

describe("requestFromV03 (server side)", () => {
  it("translates message/send into a validated SendMessageRequest", () => {
    expect(
      requestFromV03("message/send", {
        message,
        configuration: { blocking: false, historyLength: 2 },
      }),
    ).toEqual({
      method: "SendMessage",
      params: {
        message: { messageId: "m1", role: "ROLE_USER", parts: [{ text: "hi" }] },
        configuration: { returnImmediately: true, historyLength: 2 },
      },
    });
  });

  it("translates the task and push config methods", () => {
    expect(requestFromV03("tasks/get", { id: "t", historyLength: 3 })).toEqual({
      method: "GetTask",
      params: { id: "t", historyLength: 3 },
    });
    expect(requestFromV03("tasks/cancel", { id: "t", metadata: { why: "x" } })).toEqual({
      method: "CancelTask",
      params: { id: "t", metadata: { why: "x" } },
    });
    expect(requestFromV03("tasks/resubscribe", { id: "t" })).toEqual({
      method: "SubscribeToTask",
      params: { id: "t" },
    });
    expect(
      requestFromV03("tasks/pushNotificationConfig/set", {
        taskId: "t",
        pushNotificationConfig: {
          url: "https://hook",
          token: "tok",
          authentication: { schemes: ["Bearer"] },
        },
      }),
    ).toEqual({
      method: "CreateTaskPushNotificationConfig",
      params: {
        taskId: "t",
        url: "https://hook",
        token: "tok",
        authentication: { scheme: "Bearer" },
      },
    });
    // Without a config id, v0.3 means the task's default config, whose id is the task id.
    expect(requestFromV03("tasks/pushNotificationConfig/get", { id: "t" })).toEqual({
      method: "GetTaskPushNotificationConfig",
      params: { taskId: "t", id: "t" },
    });
    expect(
      requestFromV03("tasks/pushNotificationConfig/get", {
        id: "t",
        pushNotificationConfigId: "c",
      }),
    ).toEqual({ method: "GetTaskPushNotificationConfig", params: { taskId: "t", id: "c" } });
    expect(requestFromV03("tasks/pushNotificationConfig/list", { id: "t" })).toEqual({
      method: "ListTaskPushNotificationConfigs",
      params: { taskId: "t" },
    });
    expect(
      requestFromV03("tasks/pushNotificationConfig/delete", {
        id: "t",
        pushNotificationConfigId: "c",
      }),
    ).toEqual({ method: "DeleteTaskPushNotificationConfig", params: { taskId: "t", id: "c" } });
    expect(requestFromV03("agent/getAuthenticatedExtendedCard", undefined)).toEqual({
      method: "GetExtendedAgentCard",
      params: {},
    });
  });

  it("names every bad field, in v0.3 and then in v1.0 terms", () => {
    try {
      requestFromV03("message/send", {
        message: { ...message, role: "bot", parts: [{ kind: "x" }] },
      });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(InvalidParamsError);
      const fields = (e as InvalidParamsError).fieldViolations.map((v) => v.field);
      expect(fields).toContain("params.message.role");
      expect(fields).toContain("params.message.parts[0].kind");
    }
    // Valid v0.3, but v1.0 requires at least one part.
    expect(() => requestFromV03("message/send", { message: { ...message, parts: [] } })).toThrow(
      /params\.message\.parts: must contain at least one part/,
    );
    expect(() => requestFromV03("tasks/get", { id: "t", historyLength: -1 })).toThrow(
      /params\.historyLength: must not be negative/,
    );
  });

  it("refuses an unknown method, and a v1.0 name, as MethodNotFound", () => {
    expect(() => requestFromV03("tasks/list", {})).toThrow(MethodNotFoundError);
    expect(() => requestFromV03("GetTask", { id: "t" })).toThrow(MethodNotFoundError);
  });
});

describe("requestToV03 (client side)", () => {
  it("writes v0.3 params", () => {
    expect(
      requestToV03("SendMessage", {
        message: { messageId: "m1", role: "ROLE_USER", parts: [{ text: "hi" }] },
        configuration: { returnImmediately: true },
      }),
    ).toEqual({
      method: "message/send",
      params: { message, configuration: { blocking: false } },
    });
    expect(requestToV03("GetTaskPushNotificationConfig", { taskId: "t", id: "c" })).toEqual({
      method: "tasks/pushNotificationConfig/get",
      params: { id: "t", pushNotificationConfigId: "c" },
    });
    expect(requestToV03("GetExtendedAgentCard", {})).toEqual({
      method: "agent/getAuthenticatedExtendedCard",
      params: undefined,
    });
  });

  it("refuses ListTasks, which v0.3 JSON-RPC lacks", () => {
    expect(() => requestToV03("ListTasks", {})).toThrow(UnsupportedOperationError);
  });
});

describe("results", () => {
  const task = { id: "t", contextId: "c", status: { state: "TASK_STATE_COMPLETED" as const } };
  const oldTask = { kind: "task", id: "t", contextId: "c", status: { state: "completed" } };

  it("are bare in v0.3: a task or message, a config array, null for delete", () => {
    expect(resultToV03("SendMessage", { task })).toEqual(oldTask);
    expect(resultToV03("GetTask", task)).toEqual(oldTask);
    expect(resultToV03("SubscribeToTask", { task })).toEqual(oldTask);
    expect(
      resultToV03("ListTaskPushNotificationConfigs", {
        configs: [{ taskId: "t", id: "c", url: "https://h" }],
        nextPageToken: "",
      }),
    ).toEqual([{ taskId: "t", pushNotificationConfig: { id: "c", url: "https://h" } }]);
    expect(resultToV03("DeleteTaskPushNotificationConfig", {})).toBeNull();
    expect(() => resultToV03("ListTasks", {})).toThrow(UnsupportedOperationError);
  });

  it("are read back into validated v1.0 values", () => {
    expect(resultFromV03("SendMessage", oldTask)).toEqual({ task });
    expect(resultFromV03("SendStreamingMessage", { ...oldTask, kind: undefined })).toEqual({
      task,
    });
    expect(
      resultFromV03("ListTaskPushNotificationConfigs", [
        { taskId: "t", pushNotificationConfig: { id: "c", url: "https://h" } },
      ]),
    ).toEqual({ configs: [{ taskId: "t", id: "c", url: "https://h" }] });
    expect(resultFromV03("DeleteTaskPushNotificationConfig", null)).toEqual({});
  });

  it("that are malformed throw InvalidAgentResponseError naming the field", () => {
    expect(() => resultFromV03("GetTask", { ...oldTask, status: { state: "done" } })).toThrow(
      InvalidAgentResponseError,
    );
    expect(() => resultFromV03("GetTask", { ...oldTask, status: { state: "done" } })).toThrow(
      /result\.status\.state/,
    );
  });
});

describe("errors", () => {
  it("keep their codes; -32007 is the extended card error", () => {
    expect(errorToV03(TaskNotFoundError.forTask("t")).code).toBe(V03_ERROR_CODES.TaskNotFound);
    const e = errorFromV03({ code: -32007, message: "no card" });
    expect(e).toBeInstanceOf(ExtendedAgentCardNotConfiguredError);
    expect(e.message).toBe("no card");
  });

  it("send -32008 and -32009, which v0.3 lacks, as -32600 and still rebuild the class", () => {
    for (const err of [new ExtensionSupportRequiredError(), new VersionNotSupportedError()]) {
      const old = errorToV03(err);
      expect(old.code).toBe(V03_ERROR_CODES.InvalidRequest);
      expect(errorFromV03(old)).toBeInstanceOf(err.constructor as typeof A2AError);
    }
  });

  it("keep free-form v0.3 data through a round trip", () => {
    const old = { code: -32001, message: "gone", data: { taskId: "t", hint: [1, 2] } };
    const e = errorFromV03(old);
    expect(e).toBeInstanceOf(TaskNotFoundError);
    expect(errorToV03(e)).toEqual(old);
  });

  it("rebuild an unknown code as a generic A2AError that keeps the code", () => {
    const e = errorFromV03({ code: -31999, message: "odd" });
    expect(e.code).toBe("UNKNOWN");
    expect(errorToV03(e)).toMatchObject({ code: -31999, message: "odd" });
  });
});
