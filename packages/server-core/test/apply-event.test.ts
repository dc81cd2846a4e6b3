import type { Message, Task } from "@a2akit/types";
import { describe, expect, it } from "vitest";
import { applyArtifact, applyMessage, applyStatus } from "../src/handler/apply-event.js";

const question: Message = {
  messageId: "q1",
  role: "ROLE_AGENT",
  parts: [{ text: "Which city?" }],
  taskId: "t1",
  contextId: "c1",
};

const full: Task = {
  id: "t1",
  contextId: "c1",
  status: {
    state: "TASK_STATE_INPUT_REQUIRED",
    timestamp: "2026-01-01T00:00:00.000Z",
    message: question,
  },
  artifacts: [{ artifactId: "a", parts: [{ text: "draft" }] }],
  history: [{ messageId: "m1", role: "ROLE_USER", parts: [{ text: "Book a flight" }] }],
  metadata: { trace: "x1" },
};

const working = { state: "TASK_STATE_WORKING", timestamp: "2026-01-01T00:00:01.000Z" } as const;

describe("task snapshots", () => {
  it("keep every field of the task through a status change, moving its message to history", () => {
    const next = applyStatus(full, working, 100);
    expect(next).toStrictEqual({
      id: "t1",
      contextId: "c1",
      status: working,
      artifacts: full.artifacts,
      history: [...(full.history ?? []), question],
      metadata: { trace: "x1" },
    });
    // The snapshot it came from is untouched.
    expect(full.status.message).toBe(question);
    expect(full.history).toHaveLength(1);
  });

  it("keep every field through an artifact and a message", () => {
    const withArtifact = applyArtifact(full, {
      taskId: "t1",
      contextId: "c1",
      artifact: { artifactId: "b", parts: [{ text: "final" }] },
    });
    expect(withArtifact.artifacts?.map((a) => a.artifactId)).toEqual(["a", "b"]);
    expect(withArtifact.metadata).toEqual({ trace: "x1" });
    expect(withArtifact.status).toBe(full.status);
    const answer: Message = { messageId: "m2", role: "ROLE_USER", parts: [{ text: "Oslo" }] };
    const withMessage = applyMessage(withArtifact, answer, 100);
    expect(withMessage.history?.at(-1)).toBe(answer);
    expect(withMessage.artifacts).toBe(withArtifact.artifacts);
    expect(withMessage.metadata).toEqual({ trace: "x1" });
  });

  it("leave out what the task does not have, rather than writing it as undefined", () => {
    const bare: Task = { id: "t2", status: { state: "TASK_STATE_SUBMITTED" } };
    const next = applyStatus(bare, working, 100);
    expect(Object.keys(next)).toEqual(["id", "status"]);
    expect(JSON.parse(JSON.stringify(next))).toStrictEqual(next);
  });

  it("come out with their keys in one order, whichever order the task had", () => {
    const shuffled = {
      metadata: full.metadata,
      history: full.history,
      status: full.status,
      artifacts: full.artifacts,
      contextId: "c1",
      id: "t1",
    } as Task;
    const a = applyStatus(full, working, 100);
    const b = applyStatus(shuffled, working, 100);
    expect(Object.keys(a)).toEqual([
      "id",
      "contextId",
      "status",
      "artifacts",
      "history",
      "metadata",
    ]);
    expect(Object.keys(b)).toEqual(Object.keys(a));
  });
});
