import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  BINDINGS,
  type ConformanceServer,
  expectError,
  startConformanceServer,
  userMessage,
} from "./support/conformance.js";

/**
 * CHECKLIST §3: every A2A error of the table, produced by the real engine, on both bindings:
 * JSON-RPC code, HTTP status, REST `status`, ErrorInfo reason/domain/metadata, details with
 * `@type`, and the REST body's media type.
 */

let main: ConformanceServer;
let bare: ConformanceServer;

beforeAll(async () => {
  main = await startConformanceServer({
    card: {
      capabilities: {
        streaming: true,
        pushNotifications: true,
        extendedAgentCard: true,
        extensions: [{ uri: "urn:ext:must", description: "required", required: true }],
      },
    },
  });
  // No optional capability, and an extended card declared but not configured.
  bare = await startConformanceServer({
    card: { capabilities: { extendedAgentCard: true } },
    handler: { extendedAgentCard: undefined },
  });
});
afterAll(async () => {
  await main.close();
  await bare.close();
});

describe.each(BINDINGS)("§3 errors over %s", (binding) => {
  const wire = () => main.wire(binding).with({ "A2A-Extensions": "urn:ext:must" });
  const plain = () => bare.wire(binding);

  it("TaskNotFoundError names the task in ErrorInfo.metadata", async () => {
    const e = expectError(
      binding,
      await wire().call("GetTask", { id: "no-such" }),
      "TASK_NOT_FOUND",
    );
    expect(e.metadata).toEqual({ taskId: "no-such" });
    expect(e.details[0]).toEqual({
      "@type": "type.googleapis.com/google.rpc.ErrorInfo",
      reason: "TASK_NOT_FOUND",
      domain: "a2a-protocol.org",
      metadata: { taskId: "no-such" },
    });
  });

  it("TaskNotCancelableError for a completed task", async () => {
    const { task } = await wire().ok("SendMessage", userMessage("done"));
    const r = await wire().call("CancelTask", { id: task.id });
    expectError(binding, r, "TASK_NOT_CANCELABLE");
  });

  it("PushNotificationNotSupportedError when the card does not declare push", async () => {
    const { task } = await plain().ok("SendMessage", userMessage("x"));
    const r = await plain().call("CreateTaskPushNotificationConfig", {
      taskId: task.id,
      url: "https://hooks.example/a",
    });
    expectError(binding, r, "PUSH_NOTIFICATION_NOT_SUPPORTED");
  });

  it("UnsupportedOperationError for a message to a terminal task", async () => {
    const { task } = await wire().ok("SendMessage", userMessage("done"));
    const r = await wire().call("SendMessage", userMessage("more", { taskId: task.id }));
    expectError(binding, r, "UNSUPPORTED_OPERATION");
  });

  it("ContentTypeNotSupportedError for a part media type the agent does not take", async () => {
    const r = await wire().call("SendMessage", {
      message: {
        messageId: crypto.randomUUID(),
        role: "ROLE_USER",
        parts: [{ raw: "iVBORw0KGgo=", mediaType: "image/png" }],
      },
    });
    expectError(binding, r, "CONTENT_TYPE_NOT_SUPPORTED");
  });

  it("InvalidAgentResponseError when the agent emits an artifact without parts", async () => {
    const r = await wire().call("SendMessage", userMessage("empty-artifact"));
    expectError(binding, r, "INVALID_AGENT_RESPONSE");
  });

  it("ExtendedAgentCardNotConfiguredError when declared but not configured", async () => {
    const r = await plain().with({ Authorization: "Bearer alice" }).call("GetExtendedAgentCard");
    expectError(binding, r, "EXTENDED_AGENT_CARD_NOT_CONFIGURED");
  });

  it("ExtensionSupportRequiredError when a required extension is not requested", async () => {
    const r = await main.wire(binding).call("ListTasks");
    const e = expectError(binding, r, "EXTENSION_SUPPORT_REQUIRED");
    expect(e.metadata).toEqual({ extensions: "urn:ext:must" });
  });

  it("VersionNotSupportedError lists the supported versions", async () => {
    const r = await wire().with({ "A2A-Version": "2.0" }).call("ListTasks");
    const e = expectError(binding, r, "VERSION_NOT_SUPPORTED");
    expect(e.message).toContain("supported versions: 1.0");
    expect(e.metadata).toMatchObject({ requestedVersion: "2.0" });
  });

  it("invalid params carry a BadRequest with one field violation per bad field", async () => {
    const r = await wire().call("SendMessage", {
      message: { role: "ROLE_USER", parts: [] },
    });
    const e = expectError(binding, r, "INVALID_PARAMS");
    const bad = e.details.find(
      (d) => d["@type"] === "type.googleapis.com/google.rpc.BadRequest",
    ) as { fieldViolations: { field: string; description: string }[] };
    expect(bad.fieldViolations.map((v) => v.field)).toEqual(
      expect.arrayContaining(["message.messageId", "message.parts"]),
    );
    for (const v of bad.fieldViolations) expect(v.description).not.toBe("");
  });

  it("the server keeps serving after every error", async () => {
    const { task } = await wire().ok("SendMessage", userMessage("still here"));
    expect(task.status.state).toBe("TASK_STATE_COMPLETED");
  });
});

describe("§3 JSON-RPC-only errors and envelope", () => {
  const post = (body: string, headers: Record<string, string> = {}) =>
    fetch(`${main.url}/rpc`, {
      method: "POST",
      headers: {
        "A2A-Version": "1.0",
        "Content-Type": "application/json",
        "A2A-Extensions": "urn:ext:must",
        ...headers,
      },
      body,
    });

  it("parse error -32700, invalid request -32600, method not found -32601, in the envelope", async () => {
    const cases: [string, number, unknown][] = [
      ["{", -32700, null],
      ['{"jsonrpc":"2.0","id":"q","method":7}', -32600, "q"],
      ['{"jsonrpc":"2.0","id":3,"method":"NoSuchMethod","params":{}}', -32601, 3],
    ];
    for (const [body, code, id] of cases) {
      const json = await (await post(body)).json();
      expect(Object.keys(json).sort()).toEqual(["error", "id", "jsonrpc"]);
      expect(json).toMatchObject({ jsonrpc: "2.0", id, error: { code } });
      expect(Array.isArray(json.error.data) || json.error.data === undefined).toBe(true);
    }
  });
});

describe("§3 REST-only errors", () => {
  it("an unknown route is 404 NOT_FOUND with a Status body", async () => {
    const res = await fetch(`${main.url}/rest/no/such/route`, {
      headers: { "A2A-Version": "1.0", "A2A-Extensions": "urn:ext:must" },
    });
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toBe("application/a2a+json");
    expect((await res.json()).error).toMatchObject({ code: 404, status: "NOT_FOUND" });
  });

  it("a body that is not JSON is 400 INVALID_ARGUMENT", async () => {
    const res = await fetch(`${main.url}/rest/message:send`, {
      method: "POST",
      headers: {
        "A2A-Version": "1.0",
        "Content-Type": "application/a2a+json",
        "A2A-Extensions": "urn:ext:must",
      },
      body: "{",
    });
    expect(res.status).toBe(400);
    expect((await res.json()).error).toMatchObject({ code: 400, status: "INVALID_ARGUMENT" });
  });
});
