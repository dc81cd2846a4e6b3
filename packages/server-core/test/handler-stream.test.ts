import {
  type StreamResponse,
  TaskNotFoundError,
  textOf,
  textPart,
  UnsupportedOperationError,
} from "@a2akit/types";
import { describe, expect, it } from "vitest";
import { defineAgent } from "../src/index.js";
import { call, card, collect, gate, send, setup } from "./support/fixtures.js";

function kind(e: StreamResponse): string {
  if (e.task) return `task:${e.task.status.state}`;
  if (e.statusUpdate) return `status:${e.statusUpdate.status.state}`;
  if (e.artifactUpdate) return `artifact:${textOf(e.artifactUpdate.artifact)}`;
  return "message";
}

describe("SendStreamingMessage", () => {
  it("streams the task snapshot, then every update in order, and ends at the terminal state", async () => {
    const { handler } = setup({
      executor: defineAgent(async (_c, t) => {
        await t.working();
        const id = await t.artifact({ parts: [textPart("a")] });
        await t.artifact({ artifactId: id, parts: [textPart("b")], append: true, lastChunk: true });
        await t.complete();
      }),
    });
    const events = await collect(await handler.sendStreamingMessage(send("x"), call()));
    expect(events.map(kind)).toEqual([
      "task:TASK_STATE_SUBMITTED",
      "status:TASK_STATE_WORKING",
      "artifact:a",
      "artifact:b",
      "status:TASK_STATE_COMPLETED",
    ]);
    const taskId = events[0]?.task?.id ?? "";
    const stored = await handler.getTask({ id: taskId }, call());
    expect(stored.artifacts).toHaveLength(1);
    expect(stored.artifacts?.[0]?.parts).toEqual([{ text: "a" }, { text: "b" }]);
  });

  it("sends exactly one message event for a message reply", async () => {
    const { handler } = setup({ executor: defineAgent((_c, t) => t.reply("hi")) });
    const events = await collect(await handler.sendStreamingMessage(send("x"), call()));
    expect(events.map(kind)).toEqual(["message"]);
  });

  it("ends at INPUT_REQUIRED but stays open through AUTH_REQUIRED", async () => {
    const creds = gate();
    const { handler } = setup({
      executor: defineAgent(async (ctx, t) => {
        if (ctx.task) return t.complete();
        await t.authRequired("Sign in at https://example.com");
        await creds.promise;
        await t.inputRequired("Which one?");
      }),
    });
    const stream = await handler.sendStreamingMessage(send("x"), call());
    const seen: string[] = [];
    for await (const e of stream) {
      seen.push(kind(e));
      if (e.statusUpdate?.status.state === "TASK_STATE_AUTH_REQUIRED") creds.open();
    }
    expect(seen).toEqual([
      "task:TASK_STATE_SUBMITTED",
      "status:TASK_STATE_AUTH_REQUIRED",
      "status:TASK_STATE_INPUT_REQUIRED",
    ]);
  });

  it("refuses both streaming methods when the card does not declare streaming", async () => {
    const { handler } = setup({
      agentCard: card({ streaming: false }),
      executor: defineAgent((_c, t) => t.complete()),
    });
    await expect(handler.sendStreamingMessage(send("x"), call())).rejects.toBeInstanceOf(
      UnsupportedOperationError,
    );
    await expect(handler.subscribeToTask({ id: "t" }, call())).rejects.toBeInstanceOf(
      UnsupportedOperationError,
    );
  });

  it("runs 100 streams on separate tasks in parallel, each complete and in order", async () => {
    const { handler } = setup({
      executor: defineAgent(async (ctx, t) => {
        await t.working();
        for (let i = 0; i < 5; i++) await t.artifact({ parts: [textPart(`${ctx.userText}-${i}`)] });
        await t.complete();
      }),
    });
    const results = await Promise.all(
      Array.from({ length: 100 }, async (_, n) =>
        collect(await handler.sendStreamingMessage(send(`s${n}`), call())),
      ),
    );
    results.forEach((events, n) => {
      expect(events.map(kind)).toEqual([
        "task:TASK_STATE_SUBMITTED",
        "status:TASK_STATE_WORKING",
        ...[0, 1, 2, 3, 4].map((i) => `artifact:s${n}-${i}`),
        "status:TASK_STATE_COMPLETED",
      ]);
    });
  });

  it("keeps the task running when a reader stops early", async () => {
    const more = gate();
    const { handler } = setup({
      executor: defineAgent(async (_c, t) => {
        await t.working();
        await more.promise;
        await t.artifact({ parts: [textPart("late")] });
        await t.complete();
      }),
    });
    let taskId = "";
    for await (const e of await handler.sendStreamingMessage(send("x"), call())) {
      taskId = e.task?.id ?? taskId;
      if (e.statusUpdate) break;
    }
    more.open();
    const rest = await collect(await handler.subscribeToTask({ id: taskId }, call()));
    const last = rest.at(-1);
    const finalState = last?.task?.status.state ?? last?.statusUpdate?.status.state;
    expect(finalState).toBe("TASK_STATE_COMPLETED");
    const task = await handler.getTask({ id: taskId }, call());
    expect(task.artifacts?.map((a) => textOf(a))).toEqual(["late"]);
  });

  it("detaches a reader at once when it returns while waiting for the next event", async () => {
    const never = gate();
    const { handler } = setup({
      executor: defineAgent(async (_c, t) => {
        await t.working();
        await never.promise;
      }),
    });
    const stream = await handler.sendStreamingMessage(send("x"), call());
    const it = stream[Symbol.asyncIterator]();
    await it.next();
    await it.next();
    const pending = it.next();
    await it.return?.();
    expect((await pending).done).toBe(true);
    never.open();
  });
});

describe("SubscribeToTask", () => {
  it("gives a subscriber joining mid-stream the snapshot, then every later event exactly once", async () => {
    const steps = Array.from({ length: 6 }, () => gate());
    const { handler } = setup({
      executor: defineAgent(async (_c, t) => {
        for (let i = 0; i < 6; i++) {
          await t.artifact({ parts: [textPart(`c${i}`)], artifactId: "doc", append: i > 0 });
          await steps[i]?.promise;
        }
        await t.complete();
      }),
    });
    const first = await handler.sendStreamingMessage(send("x"), call());
    const it = first[Symbol.asyncIterator]();
    const snapshot = (await it.next()).value as StreamResponse;
    const taskId = snapshot.task?.id ?? "";
    await it.next(); // c0
    steps[0]?.open();
    await it.next(); // c1
    steps[1]?.open();
    await it.next(); // c2
    const late = await handler.subscribeToTask({ id: taskId }, call());
    for (const s of steps.slice(2)) s.open();
    const lateEvents = await collect(late);
    const head = lateEvents[0]?.task;
    const already = head?.artifacts?.[0]?.parts.map((p) => p.text) ?? [];
    const after = lateEvents.slice(1).map(kind);
    // The snapshot plus the events after it cover each chunk exactly once, in order.
    const chunks = [
      ...already,
      ...after.filter((k) => k.startsWith("artifact:")).map((k) => k.slice(9)),
    ];
    expect(chunks).toEqual(["c0", "c1", "c2", "c3", "c4", "c5"]);
    expect(after.at(-1)).toBe("status:TASK_STATE_COMPLETED");
    const rest = [];
    for (let r = await it.next(); !r.done; r = await it.next()) rest.push(kind(r.value));
    expect(rest.at(-1)).toBe("status:TASK_STATE_COMPLETED");
  });

  it("refuses unknown and terminal tasks", async () => {
    const { handler } = setup({ executor: defineAgent((_c, t) => t.complete()) });
    await expect(handler.subscribeToTask({ id: "nope" }, call())).rejects.toBeInstanceOf(
      TaskNotFoundError,
    );
    const done = await handler.sendMessage(send("x"), call());
    await expect(
      handler.subscribeToTask({ id: done.task?.id ?? "" }, call()),
    ).rejects.toBeInstanceOf(UnsupportedOperationError);
  });
});
