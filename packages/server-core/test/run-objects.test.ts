import { describe, expect, it } from "vitest";
import { LocalWaits } from "../src/handler/local-waits.js";
import { TaskWriter } from "../src/handler/task-writer.js";
import { defineAgent, type RequestContext } from "../src/index.js";
import { SlotMap } from "../src/slot-map.js";
import { MemoryQueueStore } from "../src/stores/memory/queue-store.js";
import { MemoryTaskStore } from "../src/stores/memory/task-store.js";
import { call, send, setup } from "./support/fixtures.js";

describe("the objects an agent gets", () => {
  it("a context whose signal is read like a field, and a copy that names it keeps it", async () => {
    let seen:
      | { fields: RequestContext; keys: string[]; copied: AbortSignal | undefined }
      | undefined;
    const { handler } = setup({
      executor: defineAgent(async (ctx, task) => {
        const { signal, userText, taskId } = ctx;
        expect(signal).toBeInstanceOf(AbortSignal);
        expect(ctx.signal).toBe(signal);
        expect(userText).toBe("hi");
        expect(taskId).toBe(task.taskId);
        seen = {
          fields: ctx,
          keys: Object.keys(ctx),
          copied: { ...ctx, signal: ctx.signal }.signal,
        };
        await task.complete();
      }),
    });
    await handler.sendMessage(send("hi"), call());
    expect(seen?.copied).toBe(seen?.fields.signal);
    expect(seen?.keys).toEqual(
      expect.arrayContaining(["message", "taskId", "contextId", "history", "userText", "tenant"]),
    );
  });

  it("an updater whose moves work taken off it, and whose state follows its writes", async () => {
    const states: (string | undefined)[] = [];
    const { handler } = setup({
      executor: defineAgent(async (_ctx, task) => {
        const { working, artifact, complete } = task;
        states.push(task.state);
        await working();
        states.push(task.state);
        await artifact({ parts: [{ text: "x" }] });
        await complete();
        states.push(task.state);
      }),
    });
    const res = await handler.sendMessage(send("hi"), call());
    expect(res.task?.status.state).toBe("TASK_STATE_COMPLETED");
    expect(states).toEqual([undefined, "TASK_STATE_WORKING", "TASK_STATE_COMPLETED"]);
  });
});

describe("SlotMap", () => {
  it("behaves as a map from strings", () => {
    const map = new SlotMap<{ n: number }>();
    const a = { n: 1 };
    map.set("a", a);
    map.set("b", { n: 2 });
    map.set("a", { n: 3 });
    expect(map.size).toBe(2);
    expect(map.get("a")).toEqual({ n: 3 });
    expect(map.has("b")).toBe(true);
    expect(map.delete("b")).toBe(true);
    expect(map.delete("b")).toBe(false);
    expect(map.get("b")).toBeUndefined();
    expect([...map.values()]).toEqual([{ n: 3 }]);
  });
});

describe("LocalWaits", () => {
  const scope = { tenant: "", owner: "" };
  const writerFor = async (taskStore: MemoryTaskStore, id: string) => {
    const writer = new TaskWriter(taskStore, new MemoryQueueStore(), scope, id);
    await writer.create({
      id,
      contextId: "c",
      status: { state: "TASK_STATE_WORKING" },
    });
    return writer;
  };
  const finish = (writer: TaskWriter) =>
    writer.commit((task) => ({ task: { ...task, status: { state: "TASK_STATE_COMPLETED" } } }));

  it("settles each wait when its own task ends, in any order, and times the rest out", async () => {
    const taskStore = new MemoryTaskStore();
    const writers = await Promise.all(
      ["t1", "t2", "t3", "t4"].map((id) => writerFor(taskStore, id)),
    );
    const waits = new LocalWaits(40);
    const outcomes = writers.map((w) => waits.wait(w));
    // Ending a wait in the middle moves the last one into its place; both must still settle.
    await finish(writers[1]!);
    await finish(writers[3]!);
    await finish(writers[0]!);
    expect(await outcomes[1]).toBe("settled");
    expect(await outcomes[3]).toBe("settled");
    expect(await outcomes[0]).toBe("settled");
    expect(await outcomes[2]).toBe("ran-out");
  });
});
