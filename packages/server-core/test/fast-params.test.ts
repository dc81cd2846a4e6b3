import { parse, SendMessageRequest } from "@a2akit/types";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fastSendMessageParams } from "../src/http/fast-params.js";

// Values a field might hold: right, wrong, and the near misses in between.
const anyValue = fc.oneof(
  fc.string({ maxLength: 6 }),
  fc.constant(""),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.constant([]),
  fc.constant({}),
  fc.array(fc.string({ maxLength: 4 }), { maxLength: 2 }),
);
const role = fc.oneof(
  fc.constantFrom("ROLE_USER", "ROLE_AGENT", "ROLE_UNSPECIFIED", "ROLE_NOPE", "user"),
  fc.integer({ min: -1, max: 3 }),
);
const part = fc.oneof(
  fc.record(
    {
      text: fc.string({ maxLength: 8 }),
      url: fc.webUrl(),
      filename: fc.string({ maxLength: 5 }),
      mediaType: fc.constantFrom("text/plain", "image/png", ""),
      metadata: fc.constant({ a: 1 }),
      raw: fc.constantFrom("aGk=", "aGk"),
      data: fc.constant({ k: [1] }),
      media_type: fc.constant("text/plain"),
    },
    { requiredKeys: [] },
  ),
  anyValue,
);
const message = fc.oneof(
  fc.record(
    {
      messageId: fc.oneof(fc.string({ maxLength: 6 }), anyValue),
      contextId: fc.oneof(fc.string({ maxLength: 6 }), anyValue),
      taskId: fc.oneof(fc.string({ maxLength: 6 }), anyValue),
      role,
      parts: fc.oneof(fc.array(part, { maxLength: 3 }), anyValue),
      extensions: fc.oneof(fc.array(fc.string({ maxLength: 4 }), { maxLength: 2 }), anyValue),
      referenceTaskIds: fc.array(fc.string({ maxLength: 4 }), { maxLength: 2 }),
      metadata: fc.constant({ trace: "x" }),
      message_id: fc.constant("snake"),
      extra: anyValue,
    },
    { requiredKeys: [] },
  ),
  anyValue,
);
const configuration = fc.oneof(
  fc.record(
    {
      acceptedOutputModes: fc.oneof(
        fc.array(fc.string({ maxLength: 4 }), { maxLength: 2 }),
        anyValue,
      ),
      returnImmediately: fc.oneof(fc.boolean(), anyValue),
      historyLength: fc.oneof(fc.integer({ min: -1, max: 5 }), fc.constant("2")),
    },
    { requiredKeys: [] },
  ),
  anyValue,
);
const params = fc.oneof(
  fc.record(
    {
      tenant: fc.oneof(fc.string({ maxLength: 4 }), anyValue),
      message,
      configuration,
      metadata: fc.constant({ a: "b" }),
      unknown: anyValue,
    },
    { requiredKeys: [] },
  ),
  anyValue,
);

/** The common shape: what most clients send, which the fast path must take. */
const common = fc.record(
  {
    tenant: fc.string({ maxLength: 4 }),
    message: fc.record(
      {
        messageId: fc.string({ minLength: 1, maxLength: 8 }),
        contextId: fc.string({ maxLength: 8 }),
        taskId: fc.string({ maxLength: 8 }),
        role: fc.constantFrom("ROLE_USER" as const, "ROLE_AGENT" as const),
        parts: fc.array(
          fc.oneof(
            fc.record({ text: fc.string() }),
            fc.record({ url: fc.webUrl(), mediaType: fc.constant("image/png") }),
          ),
          { minLength: 1, maxLength: 3 },
        ),
      },
      { requiredKeys: ["messageId", "role", "parts"] },
    ),
    configuration: fc.record(
      { acceptedOutputModes: fc.array(fc.string()), returnImmediately: fc.boolean() },
      { requiredKeys: [] },
    ),
  },
  { requiredKeys: ["message"] },
);

describe("fastSendMessageParams", () => {
  it("answers exactly what the schema does, field order included, or leaves the input to it", () => {
    fc.assert(
      fc.property(params, (input) => {
        const fast = fastSendMessageParams(input);
        if (fast === undefined) return;
        const slow = parse(SendMessageRequest, input);
        expect(slow.success).toBe(true);
        if (!slow.success) return;
        expect(fast).toEqual(slow.data);
        expect(JSON.stringify(fast)).toBe(JSON.stringify(slow.data));
      }),
      { numRuns: 5_000 },
    );
  });

  it("takes the shape most clients send", () => {
    fc.assert(
      fc.property(common, (input) => {
        const fast = fastSendMessageParams(input);
        expect(fast).toBeDefined();
        const slow = parse(SendMessageRequest, input);
        expect(slow.success && JSON.stringify(slow.data)).toBe(JSON.stringify(fast));
      }),
      { numRuns: 1_000 },
    );
  });

  it("never hands out the caller's arrays", () => {
    const parts = [{ text: "hi" }];
    const extensions = ["urn:x"];
    const input = { message: { messageId: "m", role: "ROLE_USER", parts, extensions } };
    const fast = fastSendMessageParams(input);
    expect(fast?.message.parts).not.toBe(parts);
    expect(fast?.message.parts[0]).not.toBe(parts[0]);
    expect(fast?.message.extensions).not.toBe(extensions);
  });

  it("leaves anything unusual to the schema", () => {
    const ok = { messageId: "m", role: "ROLE_USER", parts: [{ text: "hi" }] };
    const unusual: unknown[] = [
      { message: { ...ok, role: 1 } },
      { message: { ...ok, message_id: "m" } },
      { message: { ...ok, metadata: {} } },
      { message: { ...ok, parts: [{ text: "a", url: "https://x" }] } },
      { message: { ...ok, parts: [{ raw: "aGk=" }] } },
      { message: { ...ok, parts: [] } },
      { message: { ...ok, messageId: "" } },
      { message: ok, configuration: { historyLength: 2 } },
      { message: ok, metadata: {} },
      JSON.parse(
        '{"message":{"messageId":"m","role":"ROLE_USER","parts":[{"text":"hi"}],"__proto__":{}}}',
      ),
      Object.assign(Object.create({ inherited: true }), { message: ok }),
      [ok],
      null,
    ];
    for (const input of unusual) expect(fastSendMessageParams(input)).toBeUndefined();
  });
});
