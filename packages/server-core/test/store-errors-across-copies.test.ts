import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import {
  ConflictError,
  createRequestHandler,
  defineAgent,
  MemoryTaskStore,
  QueueGapError,
  type TaskStore,
} from "../src/index.js";

// A store package (such as @a2akit/redis) throws the store errors of the server-core copy it
// resolved, which need not be the handler's: the CommonJS build beside the ES module one, or
// a second installed version. The handler must still recognize them, or a lost
// compare-and-set race becomes a failed write instead of a retry.
const other = createRequire(import.meta.url)("../dist/index.cjs") as {
  ConflictError: typeof ConflictError;
  QueueGapError: typeof QueueGapError;
};

describe("store errors made by another copy of server-core", () => {
  it("are instances of this copy's classes", () => {
    expect(other.ConflictError).not.toBe(ConflictError);
    expect(new other.ConflictError("t1", 2)).toBeInstanceOf(ConflictError);
    expect(new other.QueueGapError("t1", 5)).toBeInstanceOf(QueueGapError);
    expect(new ConflictError("t1", 2)).toBeInstanceOf(other.ConflictError);
  });

  it("are still told apart from other errors", () => {
    expect(new Error("x")).not.toBeInstanceOf(ConflictError);
    expect(new other.QueueGapError("t1", 5)).not.toBeInstanceOf(ConflictError);
    expect(new other.ConflictError("t1", 2)).not.toBeInstanceOf(QueueGapError);
    expect(null as unknown).not.toBeInstanceOf(ConflictError);
  });

  it("make the handler retry a lost race, as its own would", async () => {
    const inner = new MemoryTaskStore();
    let conflicts = 0;
    // Loses the race on the first update, the way a shared store does when another instance
    // wrote the task in between.
    const taskStore: TaskStore = Object.assign(Object.create(inner), {
      update: async (...args: Parameters<TaskStore["update"]>) => {
        if (conflicts++ === 0) throw new other.ConflictError(args[1].id, args[2]);
        return inner.update(...args);
      },
    });
    const handler = createRequestHandler({
      agentCard: {
        name: "Retry",
        description: "Writes through a store that loses one race",
        version: "1.0.0",
        supportedInterfaces: [
          { url: "http://localhost/a2a", protocolBinding: "JSONRPC", protocolVersion: "1.0" },
        ],
        capabilities: {},
        defaultInputModes: ["text/plain"],
        defaultOutputModes: ["text/plain"],
        skills: [],
      },
      executor: defineAgent(async (_ctx, task) => {
        await task.working();
        await task.complete("done");
      }),
      taskStore,
    });
    const ctx = {
      user: { id: "", authenticated: false },
      tenant: "",
      protocolVersion: "1.0",
      requestedExtensions: [],
      activatedExtensions: new Set<string>(),
    };
    const { task } = await handler.sendMessage(
      { message: { messageId: "m1", role: "ROLE_USER", parts: [{ text: "go" }] } },
      ctx,
    );
    expect(conflicts).toBeGreaterThan(1);
    expect(task?.status.state).toBe("TASK_STATE_COMPLETED");
    await handler.close();
  });
});
