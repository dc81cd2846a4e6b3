import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { z } from "zod";
import {
  A2AError,
  AgentCapabilities,
  AgentCard,
  AgentCardSignature,
  AgentInterface,
  Artifact,
  base64ToBytes,
  CancelTaskRequest,
  DeleteTaskPushNotificationConfigRequest,
  GetExtendedAgentCardRequest,
  GetTaskPushNotificationConfigRequest,
  GetTaskRequest,
  InvalidParamsError,
  InvalidRequestError,
  JsonRpcErrorResponse,
  JsonRpcRequest,
  ListTaskPushNotificationConfigsRequest,
  ListTasksRequest,
  ListTasksResponse,
  METHODS,
  Message,
  type MethodName,
  messageInfo,
  Part,
  parse,
  SecurityScheme,
  SendMessageRequest,
  SendMessageResponse,
  StreamResponse,
  SubscribeToTaskRequest,
  Task,
  TaskNotFoundError,
  TaskPushNotificationConfig,
  Timestamp,
  toJson,
  toJsonShared,
} from "../src/index.js";
import { loadSpecPayloads } from "./support/markdown.js";

// Every JSON payload printed in specification.md gets a verdict here. The test at the bottom
// fails when the document gains a payload nobody has judged, or loses one that was judged.

const payloads = loadSpecPayloads(
  fileURLToPath(new URL("./fixtures/specification.md", import.meta.url)),
);
const textOf = (id: string): string => {
  const p = payloads.find((x) => x.id === id);
  if (!p) throw new Error(`no payload ${id}`);
  return p.text;
};

type Kind =
  /** A complete, valid v1.0 message: parses, and `toJson` writes it back. */
  | "valid"
  /** A valid piece of a message (a card excerpt): each piece parses with its own schema. */
  | "fragment"
  /** Leaves out REQUIRED fields for brevity: rejected, naming exactly those fields. */
  | "abbreviated"
  /** Outdated per CHECKLIST §10 or shown as v0.3 contrast: we assert how it is treated. */
  | "stale"
  /** A placeholder with comments (`/* Task object *\/`), not JSON. */
  | "template"
  /** Illustrates a format, not an A2A message. */
  | "illustration";

interface Verdict {
  readonly kind: Kind;
  readonly why?: string;
  readonly check: (text: string) => void;
}

const REQUESTS: Record<MethodName, z.ZodType> = {
  SendMessage: SendMessageRequest,
  SendStreamingMessage: SendMessageRequest,
  GetTask: GetTaskRequest,
  ListTasks: ListTasksRequest,
  CancelTask: CancelTaskRequest,
  SubscribeToTask: SubscribeToTaskRequest,
  CreateTaskPushNotificationConfig: TaskPushNotificationConfig,
  GetTaskPushNotificationConfig: GetTaskPushNotificationConfigRequest,
  ListTaskPushNotificationConfigs: ListTaskPushNotificationConfigsRequest,
  DeleteTaskPushNotificationConfig: DeleteTaskPushNotificationConfigRequest,
  GetExtendedAgentCard: GetExtendedAgentCardRequest,
};

const write = (schema: z.ZodType, value: unknown): unknown => toJson(schema, value as never);

function parsed<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const r = parse(schema, input);
  if (!r.success) throw new Error(`expected success: ${JSON.stringify(r.issues)}`);
  return r.data;
}

/**
 * Parses `input` and expects `toJson` to give `expected` (by default, the input itself), and
 * `toJsonShared` the same.
 */
function roundTrip(schema: z.ZodType, input: unknown, expected: unknown = input): void {
  const value = parsed(schema, input);
  expect(write(schema, value)).toEqual(expected);
  expect(toJsonShared(schema, value as never)).toEqual(expected);
}

/** Expects `input` to be rejected with exactly these `path: message` issues. */
function rejects(schema: z.ZodType, input: unknown, issues: string[], pathPrefix = ""): void {
  const r = parse(schema, input, { pathPrefix });
  expect(r.success).toBe(false);
  if (r.success) return;
  expect(r.issues.map((i) => `${i.path}: ${i.message}`)).toEqual(issues);
}

function template(text: string): void {
  expect(text).toMatch(/\/\*[\s\S]*\*\//);
  expect(() => JSON.parse(text)).toThrow(SyntaxError);
}

const stripComments = (text: string): string => text.replace(/\/\*[\s\S]*?\*\//g, "");
const json = (text: string): Record<string, unknown> => JSON.parse(text);

/** A JSON-RPC request: the envelope, then `params` with the schema of its method. */
function rpcRequest(text: string): void {
  const envelope = parsed(JsonRpcRequest, json(text));
  expect(Object.keys(METHODS)).toContain(envelope.method);
  const schema = REQUESTS[envelope.method as MethodName];
  roundTrip(schema, envelope.params ?? {}, envelope.params ?? {});
}

/** Sorted-key JSON (RFC 8785 for the ASCII strings used here), as §8.4.1 canonicalizes. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

const withoutKey = (o: Record<string, unknown>, key: string): Record<string, unknown> => {
  const { [key]: _dropped, ...rest } = o;
  return rest;
};

const VERDICTS: Record<string, Verdict> = {
  "4.3.3. Push Notification Payload #1": {
    kind: "template",
    why: "lists all four StreamResponse members as placeholders",
    check: template,
  },
  "4.6.1. Extension Declaration #1": {
    kind: "stale",
    why: "trailing comma (not JSON) and no `version`; interface advertises 0.3",
    check: (text) => {
      expect(() => JSON.parse(text)).toThrow(SyntaxError);
      const card = json(text.replace(/,(\s*[}\]])/g, "$1"));
      rejects(AgentCard, card, ["version: is required"]);
      const capabilities = card.capabilities as { extensions: Record<string, unknown>[] };
      // `required: false` is the default of a plain proto3 bool, so it is not written back.
      roundTrip(AgentCapabilities, capabilities, {
        ...capabilities,
        extensions: capabilities.extensions.map((e) => withoutKey(e, "required")),
      });
    },
  },
  "4.6.1. Extension Declaration #2": {
    kind: "abbreviated",
    why: "the message has no messageId",
    check: (text) => rejects(SendMessageRequest, json(text), ["message.messageId: is required"]),
  },
  "4.6.2. Extensions Points #1": {
    kind: "abbreviated",
    why: "a Message without messageId",
    check: (text) => {
      rejects(Message, json(text), ["messageId: is required"]);
      roundTrip(Message, { messageId: "m1", ...json(text) });
    },
  },
  "4.6.2. Extensions Points #2": {
    kind: "valid",
    check: (text) => roundTrip(Artifact, json(text)),
  },
  "5.6.1. Timestamps #1": {
    kind: "illustration",
    why: "shows the timestamp format; createdAt/lastModified are not v1.0 Task fields",
    check: (text) => {
      for (const value of Object.values(json(text))) {
        expect(parse(Timestamp, value).success).toBe(true);
      }
      const taskFields = Object.keys(messageInfo(Task)?.fields ?? {});
      expect(taskFields).not.toContain("createdAt");
      expect(taskFields).not.toContain("lastModified");
    },
  },
  "5.8. Custom Binding Identification #1": {
    kind: "fragment",
    why: "the supportedInterfaces of a card",
    check: (text) => {
      for (const i of json(text).supportedInterfaces as unknown[]) roundTrip(AgentInterface, i);
    },
  },
  "6.1. Basic Task Execution #1": {
    kind: "valid",
    check: (text) => roundTrip(SendMessageRequest, json(text)),
  },
  "6.1. Basic Task Execution #2": {
    kind: "valid",
    check: (text) => roundTrip(SendMessageResponse, json(text)),
  },
  "6.2. Streaming Task Execution #1": {
    kind: "valid",
    check: (text) => roundTrip(SendMessageRequest, json(text)),
  },
  "6.2. Streaming Task Execution #2": {
    kind: "valid",
    check: (text) => roundTrip(StreamResponse, json(text)),
  },
  "6.2. Streaming Task Execution #3": {
    kind: "abbreviated",
    why: "the event has no contextId and its artifact no artifactId",
    check: (text) =>
      rejects(StreamResponse, json(text), [
        "artifactUpdate.contextId: is required",
        "artifactUpdate.artifact.artifactId: is required",
      ]),
  },
  "6.2. Streaming Task Execution #4": {
    kind: "abbreviated",
    why: "the event has no contextId",
    check: (text) => rejects(StreamResponse, json(text), ["statusUpdate.contextId: is required"]),
  },
  "6.3. Multi-Turn Interaction #1": {
    kind: "valid",
    check: (text) => roundTrip(SendMessageRequest, json(text)),
  },
  "6.3. Multi-Turn Interaction #2": {
    kind: "abbreviated",
    why: "the status message has no messageId",
    check: (text) =>
      rejects(SendMessageResponse, json(text), ["task.status.message.messageId: is required"]),
  },
  "6.3. Multi-Turn Interaction #3": {
    kind: "valid",
    check: (text) => roundTrip(SendMessageRequest, json(text)),
  },
  "6.4. Version Negotiation Error #1": {
    kind: "valid",
    why: "the body is fine; the example is about the A2A-Version header",
    check: (text) => roundTrip(SendMessageRequest, json(text)),
  },
  "6.4. Version Negotiation Error #2": {
    kind: "stale",
    why: "RFC 9457 problem+json; v1.0 errors use the §11.6 body (CHECKLIST §10 item 4)",
    check: (text) => {
      // A client that meets this body anyway reads a plain 400, without throwing.
      const error = A2AError.fromRestError(json(text), 400);
      expect(error).toBeInstanceOf(InvalidRequestError);
      expect(error.httpStatus).toBe(400);
    },
  },
  "Request: All tasks from a specific context #1": {
    kind: "valid",
    check: (text) => roundTrip(ListTasksResponse, json(text)),
  },
  "Request: All working tasks across all contexts #1": {
    kind: "valid",
    check: (text) => roundTrip(ListTasksResponse, json(text)),
  },
  "Pagination Example #1": {
    kind: "template",
    why: "the task list is a placeholder; without it the page is valid",
    check: (text) => {
      template(text);
      roundTrip(ListTasksResponse, json(stripComments(text)));
    },
  },
  "Validation Error Example #1": {
    kind: "stale",
    why: "RFC 9457 problem+json; v1.0 uses a Status body with a BadRequest detail (§10 item 4)",
    check: (text) => {
      expect(A2AError.fromRestError(json(text), 400)).toBeInstanceOf(InvalidRequestError);
      // The request of that example (the query string) is rejected on the same three fields.
      const r = parse(ListTasksRequest, {
        pageSize: "150",
        historyLength: "-5",
        status: "TASK_STATE_RUNNING",
      });
      expect(r.success).toBe(false);
      if (r.success) return;
      const error = InvalidParamsError.fromIssues(r.issues);
      const fields = error.fieldViolations.map((v) => v.field).sort();
      const problemFields = (json(text).errors as { field: string }[]).map((e) => e.field).sort();
      expect(fields).toEqual(problemFields);
      expect(error.toRestError().error).toMatchObject({ code: 400, status: "INVALID_ARGUMENT" });
    },
  },
  "6.6. Push Notification Setup and Usage #1": {
    kind: "valid",
    check: (text) => roundTrip(SendMessageRequest, json(text)),
  },
  "6.6. Push Notification Setup and Usage #2": {
    kind: "valid",
    check: (text) => roundTrip(SendMessageResponse, json(text)),
  },
  "6.6. Push Notification Setup and Usage #3": {
    kind: "valid",
    why: "a push notification body is a StreamResponse",
    check: (text) => roundTrip(StreamResponse, json(text)),
  },
  "6.7. File Exchange (Upload and Download) #1": {
    kind: "abbreviated",
    why: "a missing and a trailing comma, and the base64 is cut short with `...`",
    check: (text) => {
      expect(() => JSON.parse(text)).toThrow(SyntaxError);
      const repaired = text.replace(/\.\.\."\n/, '...",\n').replace(/,(\s*[}\]])/g, "$1");
      rejects(SendMessageRequest, json(repaired), ["message.parts[1].raw: must be base64"]);
    },
  },
  "6.7. File Exchange (Upload and Download) #2": {
    kind: "valid",
    check: (text) => roundTrip(SendMessageResponse, json(text)),
  },
  "6.8. Structured Data Exchange #1": {
    kind: "valid",
    why: "the part metadata (a JSON Schema with camelCase keys) is copied untouched",
    check: (text) => roundTrip(SendMessageRequest, json(text)),
  },
  "6.8. Structured Data Exchange #2": {
    kind: "valid",
    why: "timestamp with microseconds",
    check: (text) => roundTrip(SendMessageResponse, json(text)),
  },
  "6.9. Fetching Authenticated Extended Agent Card #1": {
    kind: "fragment",
    why: "the capabilities and securitySchemes of a card",
    check: (text) => {
      const card = json(text);
      roundTrip(AgentCapabilities, card.capabilities);
      for (const scheme of Object.values(card.securitySchemes as object)) {
        roundTrip(SecurityScheme, scheme);
      }
    },
  },
  "Step 3: Client fetches authenticated extended Agent Card #1": {
    kind: "template",
    why: "the skills are a placeholder",
    check: template,
  },
  "8.4.1. Canonicalization Requirements #1": {
    kind: "fragment",
    why: "a card excerpt; its ProtoJSON form, canonicalized, is the next block",
    check: (text) => {
      const card = json(text);
      const capabilities = parsed(AgentCapabilities, card.capabilities);
      const written = write(AgentCard, { ...card, capabilities });
      expect(canonical(written)).toBe(textOf("8.4.1. Canonicalization Requirements #2"));
    },
  },
  "8.4.1. Canonicalization Requirements #2": {
    kind: "fragment",
    why: "canonical form of the block before; that block's check compares the two",
    check: (text) => {
      const card = json(text);
      expect(canonical(card)).toBe(text);
      roundTrip(AgentCapabilities, card.capabilities);
    },
  },
  "8.4.2. Signature Format #1": {
    kind: "valid",
    check: (text) => roundTrip(AgentCardSignature, json(text)),
  },
  "8.4.2. Signature Format #2": {
    kind: "illustration",
    why: "the decoded JWS protected header of the signature above",
    check: (text) => {
      const signature = json(textOf("8.4.2. Signature Format #1"));
      const header = new TextDecoder().decode(base64ToBytes(String(signature.protected)));
      expect(JSON.parse(header)).toEqual(json(text));
    },
  },
  "8.5. Sample Agent Card #1": {
    kind: "stale",
    why: "uses `security`, renamed securityRequirements in v1.0 (CHECKLIST §10 item 3)",
    check: (text) => {
      const input = json(text);
      const card = parsed(AgentCard, input);
      // Unknown to v1.0, so dropped like any unknown field; it is not mapped over.
      expect(card).not.toHaveProperty("security");
      expect(card.securityRequirements).toBeUndefined();
      expect(write(AgentCard, card)).toEqual(withoutKey(input, "security"));
    },
  },
  "9.2. Service Parameter Transmission #1": {
    kind: "template",
    why: "params is a placeholder (the header block also shows a stale `A2A-Version: 0.3`)",
    check: template,
  },
  "9.3. Base Request Structure #1": {
    kind: "template",
    why: "params is a placeholder; `category/action` is the v0.3 method style (§10 item 10)",
    check: (text) => {
      template(text);
      const envelope = parsed(JsonRpcRequest, json(stripComments(text)));
      expect(Object.keys(METHODS)).not.toContain(envelope.method);
    },
  },
  "9.4.1. `SendMessage` #1": {
    kind: "template",
    why: "params is a placeholder",
    check: template,
  },
  "9.4.1. `SendMessage` #2": {
    kind: "template",
    why: "result is a placeholder, and the closing brace is missing",
    check: template,
  },
  "9.4.2. `SendStreamingMessage` #1": {
    kind: "template",
    why: "result is a placeholder",
    check: template,
  },
  "9.4.2. `SendStreamingMessage` #2": {
    kind: "template",
    why: "result is a placeholder",
    check: template,
  },
  "9.4.3. `GetTask` #1": { kind: "valid", check: rpcRequest },
  "9.4.4. `ListTasks` #1": { kind: "valid", check: rpcRequest },
  "9.4.5. `CancelTask` #1": { kind: "valid", check: rpcRequest },
  "9.4.6. `SubscribeToTask` #1": { kind: "valid", check: rpcRequest },
  "9.4.8. `GetExtendedAgentCard` #1": {
    kind: "valid",
    why: "no params: read as an empty GetExtendedAgentCardRequest",
    check: rpcRequest,
  },
  "9.5. Error Handling #1": {
    kind: "valid",
    why: "our InvalidParamsError writes an a2akit ErrorInfo before the BadRequest detail",
    check: (text) => {
      const response = parsed(JsonRpcErrorResponse, json(text));
      const error = A2AError.fromJsonRpcError(response.error);
      expect(error).toBeInstanceOf(InvalidParamsError);
      expect((error as InvalidParamsError).fieldViolations).toEqual([
        { field: "message.parts", description: "At least one part is required" },
      ]);
      expect(error.toJsonRpcError()).toEqual({
        ...response.error,
        data: [error.errorInfo(), ...(response.error.data as unknown[])],
      });
    },
  },
  "9.5. Error Handling #2": {
    kind: "valid",
    check: (text) => {
      const response = parsed(JsonRpcErrorResponse, json(text));
      const error = A2AError.fromJsonRpcError(response.error);
      expect(error).toBeInstanceOf(TaskNotFoundError);
      expect(error.metadata.taskId).toBe("nonexistent-task-id");
      expect(error.toJsonRpcError()).toEqual(response.error);
    },
  },
  "11.2. Service Parameter Transmission #1": {
    kind: "abbreviated",
    why: "the message has no messageId",
    check: (text) => rejects(SendMessageRequest, json(text), ["message.messageId: is required"]),
  },
  "11.4. Request/Response Format #1": {
    kind: "valid",
    check: (text) => roundTrip(SendMessageRequest, json(text)),
  },
  "11.4. Request/Response Format #2": {
    kind: "valid",
    check: (text) => roundTrip(SendMessageResponse, json(text)),
  },
  "11.6. Error Handling #1": {
    kind: "valid",
    check: (text) => {
      const error = A2AError.fromRestError(json(text), 404);
      expect(error).toBeInstanceOf(TaskNotFoundError);
      expect(error.toRestError()).toEqual(json(text));
    },
  },
  "11.7. Streaming #1": { kind: "template", why: "the request is a placeholder", check: template },
  "11.7. Streaming #2": { kind: "template", why: "the event is a placeholder", check: template },
  "11.7. Streaming #3": { kind: "template", why: "the event is a placeholder", check: template },
  "12.7. Agent Card Declaration #1": {
    kind: "abbreviated",
    why: "the interface has no protocolVersion (REQUIRED in the proto)",
    check: (text) => {
      const [first] = json(text).supportedInterfaces as unknown[];
      rejects(
        AgentInterface,
        first,
        ["supportedInterfaces[0].protocolVersion: is required"],
        "supportedInterfaces[0]",
      );
    },
  },
  "A.2.1 Breaking Change: Kind Discriminator Removed #1": {
    kind: "stale",
    why: "v0.3 part shown for contrast: `kind` is unknown in v1.0 and ignored",
    check: (text) => expect(parsed(Part, json(text))).toEqual({ text: "Hello, world!" }),
  },
  "A.2.1 Breaking Change: Kind Discriminator Removed #2": {
    kind: "stale",
    why: "v0.3 file part shown for contrast: no v1.0 content member, so rejected",
    check: (text) =>
      rejects(Part, json(text), ["(root): exactly one of text, raw, url, data must be set"]),
  },
  "A.2.1 Breaking Change: Kind Discriminator Removed #3": {
    kind: "valid",
    check: (text) => roundTrip(Part, json(text)),
  },
  "A.2.1 Breaking Change: Kind Discriminator Removed #4": {
    kind: "abbreviated",
    why: "the base64 is cut short with `...`",
    check: (text) => {
      const part = json(text);
      rejects(Part, part, ["raw: must be base64"]);
      // Without the ellipsis it is fine, and comes back padded.
      roundTrip(Part, { ...part, raw: "iVBORw0KGgo" }, { ...part, raw: "iVBORw0KGgo=" });
    },
  },
  "A.2.2 Breaking Change: Extended Agent Card Field Relocated #1": {
    kind: "stale",
    why: "v0.3 card excerpt: the top-level supportsExtendedAgentCard is not a v1.0 field",
    check: (text) => {
      expect(Object.keys(messageInfo(AgentCard)?.fields ?? {})).not.toContain(
        "supportsExtendedAgentCard",
      );
      roundTrip(AgentCapabilities, json(text).capabilities);
    },
  },
  "A.2.2 Breaking Change: Extended Agent Card Field Relocated #2": {
    kind: "fragment",
    why: "the v1.0 capabilities of a card",
    check: (text) => roundTrip(AgentCapabilities, json(text).capabilities),
  },
};

describe("JSON payloads of specification.md", () => {
  it("finds the payloads (json blocks, HTTP bodies, SSE data lines)", () => {
    expect(payloads.length).toBeGreaterThan(50);
  });

  it("has a verdict for every payload, and no verdict for a payload that is gone", () => {
    const ids = payloads.map((p) => p.id);
    expect(ids.filter((id) => !(id in VERDICTS))).toEqual([]);
    expect(Object.keys(VERDICTS).filter((id) => !ids.includes(id))).toEqual([]);
  });

  it("gives a reason for every verdict other than `valid`", () => {
    const unexplained = Object.entries(VERDICTS).filter(([, v]) => v.kind !== "valid" && !v.why);
    expect(unexplained.map(([id]) => id)).toEqual([]);
  });

  for (const payload of payloads) {
    const verdict = VERDICTS[payload.id];
    const label = `${payload.id} (line ${payload.line}, ${payload.source}): ${verdict?.kind ?? "NO VERDICT"}`;
    it(label, () => {
      expect(verdict, "add a verdict for this payload").toBeDefined();
      verdict?.check(payload.text);
    });
  }
});
