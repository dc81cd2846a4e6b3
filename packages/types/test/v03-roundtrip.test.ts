import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import Ajv from "ajv";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  bytesToBase64,
  type Message,
  Message as MessageSchema,
  messageFromV03,
  messageToV03,
  type Part,
  Part as PartSchema,
  parse,
  partFromV03,
  partToV03,
  SendMessageRequest,
  type StreamResponse,
  StreamResponse as StreamResponseSchema,
  sendMessageParamsFromV03,
  sendMessageParamsToV03,
  streamResponseFromV03,
  streamResponseToV03,
  TASK_STATES,
  type Task,
  TaskPushNotificationConfig,
  Task as TaskSchema,
  taskFromV03,
  taskPushConfigFromV03,
  taskPushConfigToV03,
  taskToV03,
  toJson,
  type V03Message,
  V03Message as V03MessageSchema,
  V03MessageSendParams,
  type V03Part,
  V03StreamResult,
  type V03Task,
  V03TaskPushNotificationConfig,
  V03Task as V03TaskSchema,
} from "../src/index.js";

const a2aJson = JSON.parse(
  readFileSync(fileURLToPath(new URL("./fixtures/v03/a2a.json", import.meta.url)), "utf8"),
);
// a2a.json declares draft-07, the default dialect of `ajv`.
const ajv = new Ajv({ strict: false, allErrors: true });
ajv.addSchema(a2aJson, "a2a.json");

/** Validates a v0.3 value against a definition of the published v0.3 JSON Schema. */
function expectV03Valid(definition: string, value: unknown): void {
  const validate = ajv.getSchema(`a2a.json#/definitions/${definition}`);
  if (!validate) throw new Error(`no definition ${definition}`);
  const ok = validate(JSON.parse(JSON.stringify(value)));
  expect(ok, JSON.stringify(validate.errors)).toBe(true);
}

// --- v1.0 generators ----------------------------------------------------------------------------

const key = fc.stringMatching(/^[a-z][a-zA-Z0-9]{0,5}$/);
const id = fc.stringMatching(/^[a-z0-9-]{1,12}$/);
const json = fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.parse(JSON.stringify(v)) as unknown);
const metadata = fc.dictionary(key, json, { maxKeys: 3 });
const timestamp = fc
  .date({ min: new Date("2000-01-01"), max: new Date("2099-12-31"), noInvalidDate: true })
  .map((d) => d.toISOString());

function opt<T>(arb: fc.Arbitrary<T>) {
  return fc.option(arb, { nil: undefined });
}
/** Drops undefined keys so generated values look like parsed ones. */
function defined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

const v1Part: fc.Arbitrary<Part> = fc.oneof(
  fc.record({ text: fc.string(), metadata: opt(metadata) }).map(defined),
  fc
    .record({
      raw: fc.uint8Array({ maxLength: 16 }).map(bytesToBase64),
      filename: opt(fc.string({ minLength: 1 })),
      mediaType: opt(fc.constantFrom("image/png", "application/pdf")),
      metadata: opt(metadata),
    })
    .map(defined),
  fc
    .record({
      url: fc.webUrl(),
      filename: opt(fc.string({ minLength: 1 })),
      mediaType: opt(fc.constantFrom("image/png", "text/csv")),
      metadata: opt(metadata),
    })
    .map(defined),
  // Any JSON value, objects and non-objects alike.
  fc.record({ data: json, metadata: opt(metadata) }).map(defined),
);

const v1Message: fc.Arbitrary<Message> = fc
  .record({
    messageId: id,
    role: fc.constantFrom("ROLE_USER" as const, "ROLE_AGENT" as const),
    parts: fc.array(v1Part, { minLength: 1, maxLength: 3 }),
    contextId: opt(id),
    taskId: opt(id),
    metadata: opt(metadata),
    extensions: opt(fc.array(fc.webUrl(), { maxLength: 2 })),
    referenceTaskIds: opt(fc.array(id, { maxLength: 2 })),
  })
  .map(defined);

const v1Artifact = fc
  .record({
    artifactId: id,
    name: opt(fc.string()),
    description: opt(fc.string()),
    parts: fc.array(v1Part, { minLength: 1, maxLength: 2 }),
    metadata: opt(metadata),
    extensions: opt(fc.array(fc.webUrl(), { maxLength: 1 })),
  })
  .map(defined);

const v1Status = fc
  .record({
    state: fc.constantFrom(...TASK_STATES),
    message: opt(v1Message),
    timestamp: opt(timestamp),
  })
  .map(defined);

const v1Task: fc.Arbitrary<Task> = fc
  .record({
    id,
    contextId: opt(id),
    status: v1Status,
    artifacts: opt(fc.array(v1Artifact, { maxLength: 2 })),
    history: opt(fc.array(v1Message, { maxLength: 2 })),
    metadata: opt(metadata),
  })
  .map(defined);

const v1StreamResponse: fc.Arbitrary<StreamResponse> = fc.oneof(
  v1Task.map((task) => ({ task })),
  v1Message.map((message) => ({ message })),
  fc
    .record({ taskId: id, contextId: id, status: v1Status, metadata: opt(metadata) })
    .map((e) => ({ statusUpdate: defined(e) })),
  fc
    .record({
      taskId: id,
      contextId: id,
      artifact: v1Artifact,
      append: opt(fc.boolean()),
      lastChunk: opt(fc.boolean()),
      metadata: opt(metadata),
    })
    .map((e) => ({ artifactUpdate: defined(e) })),
);

// --- v0.3 generators ----------------------------------------------------------------------------

const v03Part: fc.Arbitrary<V03Part> = fc.oneof(
  fc
    .record({ kind: fc.constant("text" as const), text: fc.string(), metadata: opt(metadata) })
    .map(defined),
  fc
    .record({
      kind: fc.constant("file" as const),
      file: fc.oneof(
        fc
          .record({
            bytes: fc.uint8Array({ maxLength: 16 }).map(bytesToBase64),
            name: opt(fc.string()),
            mimeType: opt(fc.constant("image/png")),
          })
          .map(defined),
        fc
          .record({
            uri: fc.webUrl(),
            name: opt(fc.string()),
            mimeType: opt(fc.constant("text/csv")),
          })
          .map(defined),
      ),
      metadata: opt(metadata),
    })
    .map(defined),
  fc
    .record({ kind: fc.constant("data" as const), data: metadata, metadata: opt(metadata) })
    .map(defined),
);

const v03Message: fc.Arbitrary<V03Message> = fc
  .record({
    kind: fc.constant("message" as const),
    messageId: id,
    role: fc.constantFrom("user" as const, "agent" as const),
    parts: fc.array(v03Part, { minLength: 1, maxLength: 3 }),
    contextId: opt(id),
    taskId: opt(id),
    metadata: opt(metadata),
    extensions: opt(fc.array(fc.webUrl(), { maxLength: 2 })),
    referenceTaskIds: opt(fc.array(id, { maxLength: 2 })),
  })
  .map(defined);

const v03State = fc.constantFrom(
  "submitted" as const,
  "working" as const,
  "input-required" as const,
  "completed" as const,
  "canceled" as const,
  "failed" as const,
  "rejected" as const,
  "auth-required" as const,
  "unknown" as const,
);

const v03Status = fc
  .record({ state: v03State, message: opt(v03Message), timestamp: opt(timestamp) })
  .map(defined);

const v03Artifact = fc
  .record({
    artifactId: id,
    name: opt(fc.string()),
    description: opt(fc.string()),
    parts: fc.array(v03Part, { minLength: 1, maxLength: 2 }),
    metadata: opt(metadata),
    extensions: opt(fc.array(fc.webUrl(), { maxLength: 1 })),
  })
  .map(defined);

const v03Task: fc.Arbitrary<V03Task> = fc
  .record({
    kind: fc.constant("task" as const),
    id,
    contextId: id,
    status: v03Status,
    artifacts: opt(fc.array(v03Artifact, { maxLength: 2 })),
    history: opt(fc.array(v03Message, { maxLength: 2 })),
    metadata: opt(metadata),
  })
  .map(defined);

const v03StreamResult = fc.oneof(
  v03Task,
  v03Message,
  fc
    .record({
      kind: fc.constant("status-update" as const),
      taskId: id,
      contextId: id,
      status: v03Status,
      final: fc.boolean(),
      metadata: opt(metadata),
    })
    .map(defined),
  fc
    .record({
      kind: fc.constant("artifact-update" as const),
      taskId: id,
      contextId: id,
      artifact: v03Artifact,
      append: opt(fc.boolean()),
      lastChunk: opt(fc.boolean()),
      metadata: opt(metadata),
    })
    .map(defined),
);

const RUNS = { numRuns: 150 };

describe("v1.0 → v0.3 → v1.0 is lossless where v0.3 can say the same", () => {
  it("parts (text, bytes, url, any JSON data value)", () => {
    fc.assert(
      fc.property(v1Part, (part) => {
        const old = partToV03(part);
        expectV03Valid("Part", old);
        expect(toJson(PartSchema, partFromV03(old))).toEqual(toJson(PartSchema, part));
      }),
      RUNS,
    );
  });

  it("messages", () => {
    fc.assert(
      fc.property(v1Message, (message) => {
        const old = messageToV03(message);
        expectV03Valid("Message", old);
        expect(parse(V03MessageSchema, old)).toEqual({ success: true, data: old });
        expect(toJson(MessageSchema, messageFromV03(old))).toEqual(toJson(MessageSchema, message));
      }),
      RUNS,
    );
  });

  it("tasks, every state included", () => {
    fc.assert(
      fc.property(v1Task, (task) => {
        const old = taskToV03(task);
        expectV03Valid("Task", old);
        expect(parse(V03TaskSchema, old)).toEqual({ success: true, data: old });
        expect(toJson(TaskSchema, taskFromV03(old))).toEqual(toJson(TaskSchema, task));
      }),
      RUNS,
    );
  });

  it("stream items", () => {
    fc.assert(
      fc.property(v1StreamResponse, (item) => {
        const old = streamResponseToV03(item);
        expectV03Valid("SendStreamingMessageSuccessResponse", {
          jsonrpc: "2.0",
          id: 1,
          result: old,
        });
        const back = streamResponseFromV03(old);
        expect(toJson(StreamResponseSchema, back)).toEqual(toJson(StreamResponseSchema, item));
      }),
      RUNS,
    );
  });

  it("push configs", () => {
    const config = fc
      .record({
        id: opt(id),
        taskId: id,
        url: fc.webUrl(),
        token: opt(fc.string()),
        authentication: opt(
          fc
            .record({ scheme: fc.constantFrom("Bearer", "Basic"), credentials: opt(fc.string()) })
            .map(defined),
        ),
      })
      .map(defined);
    fc.assert(
      fc.property(config, (c) => {
        const old = taskPushConfigToV03(c);
        expectV03Valid("TaskPushNotificationConfig", old);
        expect(toJson(TaskPushNotificationConfig, taskPushConfigFromV03(old))).toEqual(
          toJson(TaskPushNotificationConfig, c),
        );
      }),
      RUNS,
    );
  });

  it("SendMessage requests (returnImmediately ↔ !blocking)", () => {
    const request = fc
      .record({
        message: v1Message,
        configuration: opt(
          fc
            .record({
              acceptedOutputModes: opt(fc.array(fc.constantFrom("text/plain", "image/png"))),
              historyLength: opt(fc.nat(50)),
              returnImmediately: opt(fc.boolean()),
              taskPushNotificationConfig: opt(
                fc.record({ url: fc.webUrl(), token: opt(fc.string()) }).map(defined),
              ),
            })
            .map(defined),
        ),
        metadata: opt(metadata),
      })
      .map(defined);
    fc.assert(
      fc.property(request, (r) => {
        const old = sendMessageParamsToV03(r);
        expectV03Valid("MessageSendParams", old);
        expect(toJson(SendMessageRequest, sendMessageParamsFromV03(old))).toEqual(
          toJson(SendMessageRequest, r),
        );
      }),
      RUNS,
    );
  });
});

describe("v0.3 → v1.0 → v0.3 is lossless where v1.0 can say the same", () => {
  it("parts", () => {
    fc.assert(
      fc.property(v03Part, (part) => {
        const v1 = partFromV03(part);
        expect(parse(PartSchema, v1).success).toBe(true);
        expect(partToV03(v1)).toEqual(part);
      }),
      RUNS,
    );
  });

  it("messages", () => {
    fc.assert(
      fc.property(v03Message, (m) => {
        const v1 = messageFromV03(m);
        expect(parse(MessageSchema, v1).success).toBe(true);
        expect(messageToV03(v1)).toEqual(m);
      }),
      RUNS,
    );
  });

  it("tasks, `unknown` state included", () => {
    fc.assert(
      fc.property(v03Task, (t) => {
        const v1 = taskFromV03(t);
        expect(parse(TaskSchema, v1).success).toBe(true);
        expect(taskToV03(v1)).toEqual(t);
      }),
      RUNS,
    );
  });

  it("stream results, `final` restored from the stream's end", () => {
    fc.assert(
      fc.property(v03StreamResult, (r) => {
        expect(parse(V03StreamResult, r)).toEqual({ success: true, data: r });
        const v1 = streamResponseFromV03(r);
        expect(parse(StreamResponseSchema, v1).success).toBe(true);
        const final = r.kind === "status-update" ? r.final : undefined;
        expect(streamResponseToV03(v1, { final })).toEqual(r);
      }),
      RUNS,
    );
  });

  it("push configs with one scheme", () => {
    const config = fc.record({
      taskId: id,
      pushNotificationConfig: fc
        .record({
          id: opt(id),
          url: fc.webUrl(),
          token: opt(fc.string()),
          authentication: opt(
            fc
              .record({
                schemes: fc.constantFrom("Bearer", "Basic").map((s) => [s]),
                credentials: opt(fc.string()),
              })
              .map(defined),
          ),
        })
        .map(defined),
    });
    fc.assert(
      fc.property(config, (c) => {
        expect(parse(V03TaskPushNotificationConfig, c)).toEqual({ success: true, data: c });
        expect(taskPushConfigToV03(taskPushConfigFromV03(c))).toEqual(c);
      }),
      RUNS,
    );
  });

  it("message/send params with an explicit `blocking`", () => {
    const params = fc
      .record({
        message: v03Message,
        configuration: opt(
          fc
            .record({
              acceptedOutputModes: opt(fc.array(fc.constant("text/plain"))),
              historyLength: opt(fc.nat(50)),
              blocking: fc.boolean(),
              pushNotificationConfig: opt(
                fc.record({ url: fc.webUrl(), id: opt(id) }).map(defined),
              ),
            })
            .map(defined),
        ),
        metadata: opt(metadata),
      })
      .map(defined);
    fc.assert(
      fc.property(params, (p) => {
        expect(parse(V03MessageSendParams, p)).toEqual({ success: true, data: p });
        const v1 = sendMessageParamsFromV03(p);
        expect(parse(SendMessageRequest, v1).success).toBe(true);
        expect(sendMessageParamsToV03(v1)).toEqual(p);
      }),
      RUNS,
    );
  });
});
