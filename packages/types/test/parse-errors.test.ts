import { describe, expect, it } from "vitest";
import {
  InvalidParamsError,
  Message,
  parse,
  parseOrThrow,
  SendMessageRequest,
  Task,
} from "../src/index.js";

// A caller fixing a bad request needs to know exactly which field is wrong, named from the root
// of what they sent.

const message = { messageId: "m1", role: "ROLE_USER", parts: [{ text: "hi" }] };

describe("issue paths", () => {
  it("name a bad part from the request root", () => {
    const r = parse(SendMessageRequest, { message: { ...message, parts: [{ mediaType: "x" }] } });
    expect(r).toEqual({
      success: false,
      issues: [
        {
          path: "message.parts[0]",
          message: "exactly one of text, raw, url, data must be set",
        },
      ],
    });
  });

  it("say which members clash when a part has two", () => {
    const r = parse(Message, { ...message, parts: [{ text: "a" }, { text: "a", url: "b" }] });
    expect(r).toEqual({
      success: false,
      issues: [
        {
          path: "parts[1]",
          message: "exactly one of text, raw, url, data must be set (got text, url)",
        },
      ],
    });
  });

  it("list every problem at once, each with its own path", () => {
    const r = parse(SendMessageRequest, {
      message: { role: "ROLE_ROBOT", parts: [] },
      configuration: {
        historyLength: -1,
        taskPushNotificationConfig: { url: "", authentication: { scheme: 7 } },
      },
      metadata: "not an object",
    });
    expect(r.success).toBe(false);
    if (r.success) return;
    expect(r.issues.map((i) => i.path).sort()).toEqual(
      [
        "message.messageId",
        "message.role",
        "message.parts",
        "configuration.historyLength",
        "configuration.taskPushNotificationConfig.url",
        "configuration.taskPushNotificationConfig.authentication.scheme",
        "metadata",
      ].sort(),
    );
    expect(r.issues).toContainEqual({ path: "message.messageId", message: "is required" });
    expect(r.issues).toContainEqual({
      path: "message.parts",
      message: "must contain at least one part",
    });
  });

  it("go through arrays and nested messages", () => {
    const r = parse(Task, {
      id: "t",
      status: { state: "TASK_STATE_WORKING" },
      history: [message, { ...message, parts: [{ raw: "%%" }] }],
    });
    expect(r).toMatchObject({
      success: false,
      issues: [{ path: "history[1].parts[0].raw", message: "must be base64" }],
    });
  });

  it("say (root) when the value itself is wrong", () => {
    expect(parse(Task, "a task")).toMatchObject({ success: false, issues: [{ path: "(root)" }] });
  });

  it("can start with a prefix, such as `params`", () => {
    const r = parse(
      SendMessageRequest,
      { message: { ...message, parts: [{}] } },
      {
        pathPrefix: "params",
      },
    );
    expect(r).toMatchObject({ success: false, issues: [{ path: "params.message.parts[0]" }] });
  });
});

describe("parseOrThrow", () => {
  it("returns the data when valid", () => {
    expect(parseOrThrow(Message, message)).toEqual(message);
  });

  it("throws an InvalidParamsError whose field violations carry the paths", () => {
    let caught: unknown;
    try {
      parseOrThrow(
        SendMessageRequest,
        { message: { ...message, parts: [{}] } },
        { what: "request" },
      );
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(InvalidParamsError);
    const e = caught as InvalidParamsError;
    expect(e.message).toBe(
      "Invalid request: message.parts[0]: exactly one of text, raw, url, data must be set",
    );
    expect(e.fieldViolations).toEqual([
      {
        field: "message.parts[0]",
        description: "exactly one of text, raw, url, data must be set",
      },
    ]);
    expect(e.toJsonRpcError().code).toBe(-32602);
  });
});
