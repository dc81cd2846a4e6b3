import type { Task } from "@a2akit/types";
import { describe, expect, it } from "vitest";
import { isoTime, isoTimestamp, msOfLastIso } from "../src/iso-time.js";
import { packTask, unpackTask } from "../src/stores/memory/task-packing.js";

const ID = "694f2646-70f6-443c-a3a5-539e35e178ca";
const CONTEXT = "c538adb5-d82d-4410-b0d0-34cf326dbb27";
const TIME = "2026-11-23T19:01:56.297Z";

/** A finished task shaped like the ones the request handler writes. */
function handlerTask(id = ID, contextId: string | undefined = CONTEXT): Task {
  return {
    id,
    ...(contextId === undefined ? {} : { contextId }),
    status: { state: "TASK_STATE_COMPLETED", timestamp: TIME },
    history: [
      {
        messageId: "m-1",
        role: "ROLE_USER",
        parts: [{ text: "hello" }],
        taskId: id,
        ...(contextId === undefined ? {} : { contextId }),
      },
    ],
    artifacts: [{ artifactId: "echo", parts: [{ text: "You said: hello" }] }],
  };
}

/** Packs and unpacks as the store does, and checks the JSON comes back byte for byte. */
function roundTrip(task: Task): string {
  const ms = task.status.timestamp === undefined ? 0 : Date.parse(task.status.timestamp) || 0;
  const packed = packTask(task, ms);
  const back = unpackTask(packed, task.id, task.contextId, task.status.state, ms);
  expect(JSON.stringify(back)).toBe(JSON.stringify(task));
  return packed;
}

describe("packing finished tasks", () => {
  it("gives back the exact task, without its ids or opening in the string", () => {
    const task = handlerTask();
    const packed = roundTrip(task);
    expect(packed).not.toContain(ID);
    expect(packed).not.toContain(CONTEXT);
    expect(packed).not.toContain(TIME);
    expect(packed.length).toBeLessThan(JSON.stringify(task).length / 2 + 40);
  });

  it("keeps a status message, a missing or unusual timestamp, and other key orders", () => {
    const base = handlerTask();
    const message = {
      messageId: "m-2",
      role: "ROLE_AGENT" as const,
      parts: [{ text: `failed on ${ID}` }],
    };
    const tasks: Task[] = [
      { ...base, status: { state: "TASK_STATE_FAILED", message, timestamp: TIME } },
      { ...base, status: { state: "TASK_STATE_CANCELED" } },
      // Date.parse reads these, but toISOString would write them differently.
      { ...base, status: { state: "TASK_STATE_COMPLETED", timestamp: "2026-02-30T00:00:00.000Z" } },
      { ...base, status: { state: "TASK_STATE_COMPLETED", timestamp: "2026-11-23T24:00:00.000Z" } },
      { ...base, status: { state: "TASK_STATE_COMPLETED", timestamp: "2026-11-23T19:01:56Z" } },
      {
        ...base,
        status: { state: "TASK_STATE_COMPLETED", timestamp: "+002026-11-23T19:01:56.297Z" },
      },
      { ...base, status: { state: "TASK_STATE_COMPLETED", timestamp: "not a time" } },
      { status: base.status, id: ID, contextId: CONTEXT, artifacts: base.artifacts },
      { contextId: CONTEXT, id: ID, status: base.status },
      { ...base, metadata: { note: `${ID}/${CONTEXT}`, nested: { list: [ID, CONTEXT, 1] } } },
    ];
    for (const task of tasks) roundTrip(task);
  });

  it("copes with ids JSON escapes, control characters, empty or shared ids, and no context", () => {
    const ids = ['quo"te', "back\\slash", "line\nbreak", "\u0001", "\u0002\u0003\u0004", "", "e"];
    for (const id of ids) {
      for (const contextId of [CONTEXT, id, "", undefined, "\u0001x", "ctx"]) {
        roundTrip(handlerTask(id, contextId));
      }
    }
    // One id inside the other, and ids that look like the marks' neighbours.
    roundTrip(handlerTask("abc", "abcabc"));
    roundTrip(handlerTask("abcabc", "abc"));
    roundTrip(handlerTask('","contextId":"', '","status":{"state":"'));
  });

  it("returns a fresh copy each time", () => {
    const task = handlerTask();
    const ms = Date.parse(TIME);
    const packed = packTask(task, ms);
    const a = unpackTask(packed, ID, CONTEXT, "TASK_STATE_COMPLETED", ms);
    a.history?.push({ messageId: "x", role: "ROLE_USER", parts: [] });
    const b = unpackTask(packed, ID, CONTEXT, "TASK_STATE_COMPLETED", ms);
    expect(b.history).toHaveLength(1);
  });
});

describe("isoTime", () => {
  it("writes what toISOString writes, for years 0 to 9999", () => {
    const samples = [
      0,
      -1,
      1,
      Date.UTC(2024, 1, 29, 23, 59, 59, 999),
      Date.UTC(2000, 1, 29),
      Date.UTC(1900, 2, 1),
      Date.UTC(2100, 1, 28, 12),
      -62_167_219_200_000, // 0000-01-01T00:00:00.000Z
      253_402_300_799_999, // 9999-12-31T23:59:59.999Z
    ];
    for (let i = 0; i < 2_000; i++) {
      samples.push(Math.floor(-62_167_219_200_000 + (i / 2_000) * 315_569_519_999_999) + i);
    }
    for (const ms of samples) expect(isoTime(ms)).toBe(new Date(ms).toISOString());
  });

  it("declines what toISOString would write another way, or not at all", () => {
    for (const ms of [-62_167_219_200_001, 253_402_300_800_000, 0.5, Number.NaN, 2 ** 60]) {
      expect(isoTime(ms)).toBeUndefined();
    }
  });

  it("answers a repeated millisecond from its last answer, and any other one afresh", () => {
    const a = Date.UTC(2025, 0, 1, 0, 0, 0, 1);
    for (const ms of [a, a, a + 1, a, -1, -1, a]) {
      expect(isoTime(ms)).toBe(new Date(ms).toISOString());
    }
  });
});

describe("isoTimestamp", () => {
  it("is toISOString for every time, in or out of isoTime's years", () => {
    for (const ms of [0, Date.UTC(2025, 5, 1), 253_402_300_800_000, -62_167_219_200_001]) {
      expect(isoTimestamp(ms)).toBe(new Date(ms).toISOString());
    }
  });
});

describe("msOfLastIso", () => {
  it("reads back the last string isoTime wrote, and nothing else", () => {
    const a = Date.UTC(2025, 0, 1, 0, 0, 0, 1);
    const iso = isoTimestamp(a);
    expect(msOfLastIso(iso)).toBe(a);
    // Equal text, made apart from isoTime, reads back too: it is the same instant.
    expect(msOfLastIso(new Date(a).toISOString())).toBe(a);
    expect(msOfLastIso(isoTimestamp(a + 1))).toBe(a + 1);
    expect(msOfLastIso(iso)).toBeUndefined();
    expect(msOfLastIso("")).toBeUndefined();
  });
});
