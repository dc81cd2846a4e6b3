import { describe, expect, it } from "vitest";
import {
  agentMessage,
  base64ToBytes,
  bytesToBase64,
  canTransition,
  createMessage,
  dataPart,
  filePart,
  INTERRUPTED_STATES,
  isFinalForNow,
  isInterrupted,
  isTerminal,
  Message,
  newId,
  Part,
  parse,
  STATE_TRANSITIONS,
  TASK_STATES,
  type TaskState,
  TERMINAL_STATES,
  textOf,
  textPart,
} from "../src/index.js";

/** Deterministic pseudo-random bytes (a linear congruential generator). */
function bytes(length: number, seed = 1): Uint8Array {
  const out = new Uint8Array(length);
  let x = seed;
  for (let i = 0; i < length; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

describe("message builders", () => {
  it("createMessage makes a valid user message with a fresh id each time", () => {
    const ids = new Set(Array.from({ length: 1000 }, () => createMessage("hi").messageId));
    expect(ids.size).toBe(1000);
    const m = createMessage("hello");
    expect(m).toEqual({ messageId: m.messageId, role: "ROLE_USER", parts: [{ text: "hello" }] });
    expect(parse(Message, m)).toEqual({ success: true, data: m });
  });

  it("createMessage keeps the optional fields it is given, and only those", () => {
    const m = createMessage({
      parts: [textPart("a"), dataPart({ k: 1 })],
      messageId: "m1",
      contextId: "c1",
      taskId: "t1",
      referenceTaskIds: ["t0"],
      extensions: ["https://ext.example/v1"],
      metadata: { k: "v" },
    });
    expect(m).toEqual({
      messageId: "m1",
      role: "ROLE_USER",
      contextId: "c1",
      taskId: "t1",
      referenceTaskIds: ["t0"],
      extensions: ["https://ext.example/v1"],
      metadata: { k: "v" },
      parts: [{ text: "a" }, { data: { k: 1 }, mediaType: "application/json" }],
    });
    expect(Object.keys(createMessage({ parts: "x" })).sort()).toEqual([
      "messageId",
      "parts",
      "role",
    ]);
  });

  it("agentMessage sets ROLE_AGENT", () => {
    expect(agentMessage("done").role).toBe("ROLE_AGENT");
    expect(agentMessage({ parts: "done", taskId: "t" })).toMatchObject({
      role: "ROLE_AGENT",
      taskId: "t",
    });
  });

  it("newId returns distinct version 4 UUIDs, across refills of its random pool", () => {
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    const ids = Array.from({ length: 1_000 }, () => newId());
    for (const id of ids) expect(id).toMatch(uuid);
    expect(new Set(ids).size).toBe(ids.length);
    // Every hex digit shows up in the random positions (a stuck table or byte would not).
    const digits = new Set(ids.join("").replace(/-/g, ""));
    expect(digits.size).toBe(16);
  });
});

describe("part builders", () => {
  it("filePart sends bytes as standard base64 that decodes to the same bytes", () => {
    for (const size of [0, 1, 2, 3, 1000, 64 * 1024, 200 * 1024 + 7]) {
      const data = bytes(size, size + 1);
      const part = filePart(data, { mediaType: "application/octet-stream", filename: "f.bin" });
      expect(part.raw).toBe(Buffer.from(data).toString("base64"));
      const decoded = base64ToBytes(part.raw ?? "");
      expect(decoded.length).toBe(size);
      expect(Buffer.compare(decoded, data)).toBe(0);
      expect(parse(Part, part)).toEqual({ success: true, data: part });
    }
  });

  it("filePart takes a URL or a string as a link", () => {
    expect(filePart(new URL("https://x.example/a.pdf"), { mediaType: "application/pdf" })).toEqual({
      url: "https://x.example/a.pdf",
      mediaType: "application/pdf",
    });
    expect(filePart("https://x.example/b")).toEqual({ url: "https://x.example/b" });
  });

  it("dataPart defaults the media type to application/json, and lets it be changed", () => {
    expect(dataPart([1, 2])).toEqual({ data: [1, 2], mediaType: "application/json" });
    expect(dataPart(null, { mediaType: "application/geo+json" })).toEqual({
      data: null,
      mediaType: "application/geo+json",
    });
  });

  it("textOf joins the text parts and skips the others", () => {
    const parts = [textPart("a"), dataPart({}), textPart("b"), filePart("https://x")];
    expect(textOf(parts)).toBe("ab");
    expect(textOf(parts, "\n")).toBe("a\nb");
    expect(textOf(createMessage({ parts }))).toBe("ab");
    expect(textOf([])).toBe("");
  });
});

describe("base64", () => {
  it("reads URL-safe and unpadded input", () => {
    const data = bytes(100);
    const standard = bytesToBase64(data);
    const urlSafe = standard.replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
    expect(base64ToBytes(urlSafe)).toEqual(data);
  });
});

describe("task states", () => {
  const terminal: TaskState[] = [
    "TASK_STATE_COMPLETED",
    "TASK_STATE_FAILED",
    "TASK_STATE_CANCELED",
    "TASK_STATE_REJECTED",
  ];
  const interrupted: TaskState[] = ["TASK_STATE_INPUT_REQUIRED", "TASK_STATE_AUTH_REQUIRED"];

  it("classify every state", () => {
    for (const state of TASK_STATES) {
      expect(isTerminal(state), state).toBe(terminal.includes(state));
      expect(isInterrupted(state), state).toBe(interrupted.includes(state));
      expect(isFinalForNow(state), state).toBe(
        terminal.includes(state) || interrupted.includes(state),
      );
    }
    expect([...TERMINAL_STATES].sort()).toEqual([...terminal].sort());
    expect([...INTERRUPTED_STATES].sort()).toEqual([...interrupted].sort());
  });

  it("let a terminal state go nowhere, not even to itself", () => {
    for (const from of terminal) {
      expect(STATE_TRANSITIONS[from]).toEqual([]);
      for (const to of TASK_STATES) expect(canTransition(from, to), `${from} → ${to}`).toBe(false);
    }
  });

  it("let every active or interrupted state end in any terminal state", () => {
    for (const from of TASK_STATES) {
      if (isTerminal(from) || from === "TASK_STATE_UNSPECIFIED") continue;
      for (const to of terminal) expect(canTransition(from, to), `${from} → ${to}`).toBe(true);
    }
  });

  it("follow the life of a task", () => {
    expect(canTransition("TASK_STATE_SUBMITTED", "TASK_STATE_WORKING")).toBe(true);
    expect(canTransition("TASK_STATE_WORKING", "TASK_STATE_WORKING")).toBe(true);
    expect(canTransition("TASK_STATE_WORKING", "TASK_STATE_INPUT_REQUIRED")).toBe(true);
    expect(canTransition("TASK_STATE_INPUT_REQUIRED", "TASK_STATE_WORKING")).toBe(true);
    expect(canTransition("TASK_STATE_AUTH_REQUIRED", "TASK_STATE_WORKING")).toBe(true);
    expect(canTransition("TASK_STATE_WORKING", "TASK_STATE_SUBMITTED")).toBe(false);
    for (const from of TASK_STATES) {
      expect(canTransition(from, "TASK_STATE_UNSPECIFIED")).toBe(false);
      expect(canTransition("TASK_STATE_UNSPECIFIED", from)).toBe(false);
    }
  });
});
