import {
  ContentTypeNotSupportedError,
  InvalidParamsError,
  TaskNotFoundError,
  textOf,
  textPart,
  UnsupportedOperationError,
} from "@a2akit/types";
import { describe, expect, it } from "vitest";
import { type AgentExecutor, defineAgent } from "../src/index.js";
import { call, gate, send, setup } from "./support/fixtures.js";

const echo: AgentExecutor = {
  async execute(ctx, task) {
    await task.working("Thinking…");
    await task.artifact({ parts: [textPart(`You said: ${ctx.userText}`)] });
    await task.complete();
  },
};

describe("SendMessage", () => {
  it("blocks until the task completes and returns it with its artifacts", async () => {
    const { handler } = setup({ executor: echo });
    const res = await handler.sendMessage(send("hi"), call());
    const task = res.task;
    expect(task?.status.state).toBe("TASK_STATE_COMPLETED");
    expect(task?.artifacts?.map((a) => textOf(a))).toEqual(["You said: hi"]);
    expect(task?.contextId).toBeTruthy();
    expect(task?.history?.[0]?.parts).toEqual([{ text: "hi" }]);
    // The WORKING status message moved into history when the task completed.
    expect(task?.history?.map((m) => m.role)).toEqual(["ROLE_USER", "ROLE_AGENT"]);
  });

  it("answers with a plain message when the agent replies", async () => {
    const { handler, stores } = setup({ executor: defineAgent((_c, t) => t.reply("hello")) });
    const res = await handler.sendMessage(send("hi", { contextId: "ctx-1" }), call());
    expect(res.task).toBeUndefined();
    expect(res.message?.role).toBe("ROLE_AGENT");
    expect(res.message?.contextId).toBe("ctx-1");
    expect(res.message?.taskId).toBeUndefined();
    expect(textOf(res.message!)).toBe("hello");
    expect(stores.taskStore.size).toBe(0);
  });

  it("returns at once with returnImmediately and keeps working", async () => {
    const release = gate();
    const { handler } = setup({
      executor: defineAgent(async (_c, t) => {
        await release.promise;
        await t.complete("done");
      }),
    });
    const res = await handler.sendMessage(send("go", {}, { returnImmediately: true }), call());
    expect(res.task?.status.state).toBe("TASK_STATE_SUBMITTED");
    release.open();
    const stream = await handler.subscribeToTask({ id: res.task!.id }, call());
    const states: string[] = [];
    for await (const e of stream) {
      states.push(e.task?.status.state ?? e.statusUpdate?.status.state ?? "");
    }
    expect(states.at(-1)).toBe("TASK_STATE_COMPLETED");
  });

  it("returns when the task asks for input, and continues it with the next message", async () => {
    const { handler } = setup({
      executor: defineAgent(async (ctx, t) => {
        if (!ctx.task) return t.inputRequired("Which city?");
        await t.complete(`Booked ${ctx.userText}`);
      }),
    });
    const first = await handler.sendMessage(send("book a flight"), call());
    expect(first.task?.status.state).toBe("TASK_STATE_INPUT_REQUIRED");
    const { id, contextId } = first.task!;
    const second = await handler.sendMessage(send("Helsinki", { taskId: id }), call());
    expect(second.task?.id).toBe(id);
    expect(second.task?.contextId).toBe(contextId);
    expect(second.task?.status.state).toBe("TASK_STATE_COMPLETED");
    expect(textOf(second.task!.status.message!)).toBe("Booked Helsinki");
    const texts = second.task?.history?.map((m) => textOf(m));
    expect(texts).toEqual(["book a flight", "Which city?", "Helsinki"]);
  });

  it("trims history to historyLength and omits it for 0", async () => {
    const { handler } = setup({ executor: echo });
    const one = await handler.sendMessage(send("a", {}, { historyLength: 1 }), call());
    expect(one.task?.history).toHaveLength(1);
    const none = await handler.sendMessage(send("a", {}, { historyLength: 0 }), call());
    expect(none.task).not.toHaveProperty("history");
  });

  it("rejects unknown, terminal and mismatched tasks with the right errors", async () => {
    const { handler } = setup({ executor: echo });
    await expect(handler.sendMessage(send("x", { taskId: "nope" }), call())).rejects.toBeInstanceOf(
      TaskNotFoundError,
    );
    const done = await handler.sendMessage(send("x"), call());
    await expect(
      handler.sendMessage(send("x", { taskId: done.task!.id }), call()),
    ).rejects.toBeInstanceOf(UnsupportedOperationError);
  });

  it("rejects a contextId that does not match the task's", async () => {
    const { handler } = setup({ executor: defineAgent((_c, t) => t.inputRequired("more?")) });
    const first = await handler.sendMessage(send("x"), call());
    const err = await handler
      .sendMessage(send("y", { taskId: first.task!.id, contextId: "other" }), call())
      .catch((e) => e);
    expect(err).toBeInstanceOf(InvalidParamsError);
    expect(err.message).toContain("message.contextId");
  });

  it("fails the task when the executor throws, and keeps serving", async () => {
    let calls = 0;
    const errors: unknown[] = [];
    const { handler } = setup({
      logger: { debug() {}, info() {}, warn() {}, error: (_m, f) => errors.push(f?.error) },
      executor: defineAgent(async (_c, t) => {
        calls++;
        if (calls === 1) throw new Error("secret stack detail");
        await t.complete("ok");
      }),
    });
    const failed = await handler.sendMessage(send("x"), call());
    expect(failed.task?.status.state).toBe("TASK_STATE_FAILED");
    expect(textOf(failed.task!.status.message!)).toBe(
      "The agent failed while handling this request.",
    );
    expect(JSON.stringify(failed)).not.toContain("secret");
    expect(errors).toHaveLength(1);
    const ok = await handler.sendMessage(send("y"), call());
    expect(ok.task?.status.state).toBe("TASK_STATE_COMPLETED");
  });

  it("completes a task whose executor returns without finishing it", async () => {
    const { handler } = setup({ executor: defineAgent((_c, t) => t.working()) });
    const res = await handler.sendMessage(send("x"), call());
    expect(res.task?.status.state).toBe("TASK_STATE_COMPLETED");
  });

  it("rejects parts whose media type the agent does not accept", async () => {
    const { handler } = setup({ executor: echo });
    const req = send("x");
    req.message.parts.push({ url: "https://x/a.png", mediaType: "image/png" });
    await expect(handler.sendMessage(req, call())).rejects.toBeInstanceOf(
      ContentTypeNotSupportedError,
    );
  });
});

describe("an agent that writes back to back", () => {
  it("does not keep the rest of the server waiting until it is done", async () => {
    let written = 0;
    const { handler } = setup({
      executor: defineAgent(async (_c, t) => {
        for (let i = 0; i < 2_000; i++) {
          await t.artifact({ artifactId: "a", append: i > 0, parts: [textPart(String(i))] });
          written++;
        }
      }),
    });
    // Stands for everything else the server has to do: other requests, the stream's writes.
    let writtenWhenOthersRan = -1;
    const answer = handler.sendMessage(send("go"), call());
    setImmediate(() => {
      writtenWhenOthersRan = written;
    });
    const result = await answer;
    expect(result.task?.status.state).toBe("TASK_STATE_COMPLETED");
    expect(result.task?.artifacts?.[0]?.parts).toHaveLength(2_000);
    expect(writtenWhenOthersRan).toBeGreaterThanOrEqual(0);
    expect(writtenWhenOthersRan).toBeLessThan(100);
  });
});

describe("a blocking SendMessage whose task another instance ends", () => {
  it("still answers when the cancel's signal never reaches this instance", async () => {
    const started = gate<string>();
    const { handler, stores } = setup({
      // Ignores its signal: on this instance nothing but the task's log says it was canceled.
      executor: defineAgent(async (ctx, t) => {
        await t.working();
        started.open(ctx.taskId);
        await new Promise(() => {});
      }),
    });
    const answer = handler.sendMessage(send("wait"), call());
    const taskId = await started.promise;
    // What a CancelTask on another instance persists, without the signal that would reach here.
    const scope = { tenant: "", owner: "" };
    const stored = await stores.taskStore.get(scope, taskId);
    if (!stored) throw new Error("the task is stored");
    const status = { state: "TASK_STATE_CANCELED" as const, timestamp: new Date().toISOString() };
    const canceled = await stores.taskStore.update(
      scope,
      { ...stored.task, status },
      stored.version,
    );
    await stores.queueStore.append(scope, taskId, canceled.version, {
      statusUpdate: { taskId, contextId: stored.task.contextId ?? "", status },
    });
    await stores.queueStore.end(scope, taskId);
    const result = await answer;
    expect(result.task?.id).toBe(taskId);
    expect(result.task?.status.state).toBe("TASK_STATE_CANCELED");
  });
});
