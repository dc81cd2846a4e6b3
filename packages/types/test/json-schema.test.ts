import { readFileSync } from "node:fs";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { z } from "zod";
import * as types from "../src/index.js";
import {
  AgentCard,
  ListTasksRequest,
  ListTasksResponse,
  Message,
  messageInfo,
  Part,
  parse,
  SendMessageRequest,
  StreamResponse,
  Task,
  TaskPushNotificationConfig,
  TaskStatus,
  toJson,
} from "../src/index.js";
import * as arb from "./support/arbitraries.js";

// Agreement with the published JSON Schema (draft 2020-12) of A2A v1.0.1. Both validators must
// accept every generated valid object and reject every wrong-typed one. Where the two are
// meant to differ, the difference is written down and tested at the end of this file.

const document = JSON.parse(
  readFileSync(new URL("./fixtures/a2a.refs-resolved.json", import.meta.url), "utf8"),
) as { $defs: Record<string, { properties?: Record<string, unknown> }> };

const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema(document, "a2a");

function ajvAccepts(definition: string, value: unknown): boolean {
  const validate = ajv.getSchema(`a2a#/$defs/${definition}`);
  if (!validate) throw new Error(`no definition ${definition}`);
  return validate(value) as boolean;
}

const ours = (schema: z.ZodType, value: unknown): boolean => parse(schema, value).success;
const write = (schema: z.ZodType, value: unknown): unknown => toJson(schema, value as never);

const RUNS = { seed: 20251028, numRuns: 60 };

const cases: [string, z.ZodType, fc.Arbitrary<unknown>][] = [
  ["Part", Part, arb.part],
  ["Message", Message, arb.message],
  ["Task", Task, arb.task],
  ["AgentCard", AgentCard, arb.agentCard],
  ["StreamResponse", StreamResponse, arb.streamResponse],
  ["SendMessageRequest", SendMessageRequest, arb.sendMessageRequest],
  ["ListTasksRequest", ListTasksRequest, arb.listTasksRequest],
  ["ListTasksResponse", ListTasksResponse, arb.listTasksResponse],
  ["TaskPushNotificationConfig", TaskPushNotificationConfig, arb.pushConfig],
];

describe("agreement with the JSON Schema on valid objects", () => {
  for (const [name, schema, arbitrary] of cases) {
    it(`${name}: ajv and zod accept it, and ajv accepts what toJson writes`, () => {
      fc.assert(
        fc.property(arbitrary, (value) => {
          expect(ajvAccepts(name, value)).toBe(true);
          const r = parse(schema, value);
          if (!r.success) throw new Error(JSON.stringify(r.issues));
          const written = write(schema, r.data);
          expect(ajvAccepts(name, written)).toBe(true);
          // Writing is stable: what we write reads back to the same thing.
          const again = parse(schema, written);
          expect(again.success && write(schema, again.data)).toEqual(written);
        }),
        RUNS,
      );
    });
  }

  it("knows the same fields as the JSON Schema, message by message", () => {
    const exported = types as unknown as Record<string, z.ZodType | undefined>;
    for (const [name, definition] of Object.entries(document.$defs)) {
      if (!definition.properties) continue;
      const schema = exported[name];
      expect(schema, `${name} is exported`).toBeDefined();
      const info = schema && messageInfo(schema);
      expect(Object.keys(info?.fields ?? {}).sort(), name).toEqual(
        Object.keys(definition.properties).sort(),
      );
    }
  });
});

const message = { messageId: "m1", role: "ROLE_USER", parts: [{ text: "hi" }] };
const task = { id: "t1", status: { state: "TASK_STATE_WORKING" } };

const INVALID: [string, string, z.ZodType, unknown][] = [
  ["parts is a string", "Message", Message, { ...message, parts: "x" }],
  ["role is a boolean", "Message", Message, { ...message, role: true }],
  ["role is an unknown name", "Message", Message, { ...message, role: "user" }],
  ["metadata is a string", "Message", Message, { ...message, metadata: "x" }],
  ["metadata is an array", "Message", Message, { ...message, metadata: [] }],
  ["extensions is a string", "Message", Message, { ...message, extensions: "urn:x" }],
  ["a part's text is a number", "Part", Part, { text: 42 }],
  ["raw is not base64", "Part", Part, { raw: "!!" }],
  ["mediaType is a number", "Part", Part, { text: "a", mediaType: 1 }],
  ["state is the short form", "Task", Task, { ...task, status: { state: "WORKING" } }],
  ["state is a v0.3 name", "Task", Task, { ...task, status: { state: "completed" } }],
  ["id is a number", "Task", Task, { ...task, id: 5 }],
  ["history is an object", "Task", Task, { ...task, history: {} }],
  ["timestamp is not a date", "TaskStatus", TaskStatus, { state: 1, timestamp: "yesterday" }],
  [
    "timestamp is February 30",
    "TaskStatus",
    TaskStatus,
    { state: 1, timestamp: "2025-02-30T00:00:00Z" },
  ],
  ["pageSize is a word", "ListTasksRequest", ListTasksRequest, { pageSize: "ten" }],
  ["historyLength is a fraction", "ListTasksRequest", ListTasksRequest, { historyLength: 1.5 }],
  [
    "includeArtifacts is a string",
    "ListTasksRequest",
    ListTasksRequest,
    { includeArtifacts: "true" },
  ],
  [
    "statusTimestampAfter is a number",
    "ListTasksRequest",
    ListTasksRequest,
    { statusTimestampAfter: 1 },
  ],
  [
    "tasks is an object",
    "ListTasksResponse",
    ListTasksResponse,
    { tasks: {}, nextPageToken: "", pageSize: 0, totalSize: 0 },
  ],
  ["statusUpdate is a string", "StreamResponse", StreamResponse, { statusUpdate: "x" }],
  ["message is an array", "SendMessageRequest", SendMessageRequest, { message: [message] }],
  [
    "historyLength is a word",
    "SendMessageRequest",
    SendMessageRequest,
    { message, configuration: { historyLength: "all" } },
  ],
  [
    "authentication is a string",
    "TaskPushNotificationConfig",
    TaskPushNotificationConfig,
    { url: "https://x", authentication: "Bearer t" },
  ],
  [
    "capabilities.streaming is a string",
    "AgentCard",
    AgentCard,
    {
      name: "a",
      description: "",
      supportedInterfaces: [
        { url: "https://a", protocolBinding: "JSONRPC", protocolVersion: "1.0" },
      ],
      version: "1",
      capabilities: { streaming: "yes" },
      defaultInputModes: [],
      defaultOutputModes: [],
      skills: [],
    },
  ],
];

describe("agreement with the JSON Schema on wrong types", () => {
  for (const [what, definition, schema, value] of INVALID) {
    it(`${definition}: ${what} is rejected by both`, () => {
      expect(ajvAccepts(definition, value)).toBe(false);
      expect(ours(schema, value)).toBe(false);
    });
  }
});

// The JSON Schema is generated from the proto and cannot say everything the spec says. Each
// case below shows one known difference: what ajv decides, and what we decide instead.
describe("known differences from the JSON Schema", () => {
  it("REQUIRED fields: the schema has no `required`; we reject a missing one", () => {
    const value = { role: "ROLE_USER", parts: [{ text: "hi" }] };
    expect(ajvAccepts("Message", value)).toBe(true);
    expect(parse(Message, value)).toMatchObject({
      success: false,
      issues: [{ path: "messageId", message: "is required" }],
    });
  });

  it("oneof: the schema allows two members or none; we require exactly one", () => {
    for (const value of [{ text: "a", url: "https://x" }, {}]) {
      expect(ajvAccepts("Part", value)).toBe(true);
      expect(ours(Part, value)).toBe(false);
    }
    const two = { task, message };
    expect(ajvAccepts("StreamResponse", two)).toBe(true);
    expect(ours(StreamResponse, two)).toBe(false);
  });

  it("non-empty arrays: the schema allows `parts: []`; we require a part", () => {
    const value = { ...message, parts: [] };
    expect(ajvAccepts("Message", value)).toBe(true);
    expect(ours(Message, value)).toBe(false);
  });

  it("unknown fields: the schema forbids them; ProtoJSON readers ignore them (§5.7)", () => {
    const value = { kind: "text", text: "hi" };
    expect(ajvAccepts("Part", value)).toBe(false);
    expect(parse(Part, value)).toEqual({ success: true, data: { text: "hi" } });
  });

  it("bytes: the schema allows only the standard alphabet; we also read URL-safe base64", () => {
    const value = { raw: "-_8" };
    expect(ajvAccepts("Part", value)).toBe(false);
    expect(parse(Part, value)).toEqual({ success: true, data: { raw: "+/8=" } });
  });

  it("timestamps: the schema allows any offset; the spec requires UTC (`Z`)", () => {
    const value = { state: "TASK_STATE_WORKING", timestamp: "2025-10-28T10:30:00+02:00" };
    expect(ajvAccepts("TaskStatus", value)).toBe(true);
    expect(ours(TaskStatus, value)).toBe(false);
  });

  it("enum numbers: the schema allows any int32; we allow only defined values", () => {
    const value = { state: 42 };
    expect(ajvAccepts("TaskStatus", value)).toBe(true);
    expect(ours(TaskStatus, value)).toBe(false);
  });

  it("ranges: the schema allows any int32; the spec bounds pageSize and historyLength", () => {
    for (const value of [{ pageSize: 150 }, { pageSize: 0 }, { historyLength: -5 }]) {
      expect(ajvAccepts("ListTasksRequest", value)).toBe(true);
      expect(ours(ListTasksRequest, value)).toBe(false);
    }
  });
});
