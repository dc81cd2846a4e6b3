import {
  ExtendedAgentCardNotConfiguredError,
  InvalidParamsError,
  PushNotificationNotSupportedError,
  TaskNotCancelableError,
  TaskNotFoundError,
  textOf,
  textPart,
  UnsupportedOperationError,
} from "@a2akit/types";
import { describe, expect, it } from "vitest";
import { type AgentExecutor, defineAgent } from "../src/index.js";
import { call, card, collect, gate, send, setup } from "./support/fixtures.js";

const alice = { id: "alice", authenticated: true };
const bob = { id: "bob", authenticated: true };

/** An executor that works until its signal fires, recording cancel hook calls. */
function waitingAgent(cancels: unknown[] = []): AgentExecutor {
  return {
    async execute(ctx, t) {
      await t.working();
      await new Promise<void>((resolve) => ctx.signal.addEventListener("abort", () => resolve()));
    },
    async cancel(ctx, t) {
      cancels.push(ctx.metadata);
      await t.cancel("Stopped on request");
    },
  };
}

describe("CancelTask", () => {
  it("cancels a running task during a stream: hook, signal, CANCELED result and event", async () => {
    const cancels: unknown[] = [];
    const { handler } = setup({ executor: waitingAgent(cancels) });
    const stream = await handler.sendStreamingMessage(send("x"), call());
    const seen: string[] = [];
    let taskId = "";
    let result: Awaited<ReturnType<typeof handler.cancelTask>> | undefined;
    for await (const e of stream) {
      taskId = e.task?.id ?? taskId;
      const state = e.task?.status.state ?? e.statusUpdate?.status.state ?? "";
      seen.push(state);
      if (state === "TASK_STATE_WORKING") {
        result = await handler.cancelTask({ id: taskId, metadata: { by: "ops" } }, call());
      }
    }
    expect(result?.status.state).toBe("TASK_STATE_CANCELED");
    expect(textOf(result?.status.message ?? { parts: [] })).toBe("Stopped on request");
    expect(cancels).toEqual([{ by: "ops" }]);
    expect(seen).toEqual(["TASK_STATE_SUBMITTED", "TASK_STATE_WORKING", "TASK_STATE_CANCELED"]);
    // The executor saw its signal and returned; a second cancel returns the same snapshot.
    const again = await handler.cancelTask({ id: taskId }, call());
    expect(again.status.state).toBe("TASK_STATE_CANCELED");
  });

  it("cancels without a hook, and the blocking caller gets the canceled task", async () => {
    const started = gate<string>();
    const { handler } = setup({
      executor: defineAgent(async (ctx, t) => {
        await t.working();
        started.open(ctx.taskId);
        await new Promise((r) => ctx.signal.addEventListener("abort", r));
        await t.complete(); // too late: the task is already canceled
      }),
    });
    const blocking = handler.sendMessage(send("x"), call());
    const id = await started.promise;
    await handler.cancelTask({ id }, call());
    const res = await blocking;
    expect(res.task?.status.state).toBe("TASK_STATE_CANCELED");
  });

  it("refuses unknown and finished tasks", async () => {
    const { handler } = setup({ executor: defineAgent((_c, t) => t.complete()) });
    await expect(handler.cancelTask({ id: "nope" }, call())).rejects.toBeInstanceOf(
      TaskNotFoundError,
    );
    const done = await handler.sendMessage(send("x"), call());
    await expect(handler.cancelTask({ id: done.task?.id ?? "" }, call())).rejects.toBeInstanceOf(
      TaskNotCancelableError,
    );
  });
});

describe("GetTask and ownership", () => {
  it("answers another owner's or tenant's task as not found", async () => {
    const { handler } = setup({ executor: defineAgent((_c, t) => t.inputRequired("?")) });
    const mine = await handler.sendMessage(send("x"), call(alice, "acme"));
    const id = mine.task?.id ?? "";
    expect((await handler.getTask({ id }, call(alice, "acme"))).id).toBe(id);
    for (const ctx of [call(bob, "acme"), call(alice, "globex")]) {
      await expect(handler.getTask({ id }, ctx)).rejects.toBeInstanceOf(TaskNotFoundError);
      await expect(handler.sendMessage(send("y", { taskId: id }), ctx)).rejects.toBeInstanceOf(
        TaskNotFoundError,
      );
      await expect(handler.cancelTask({ id }, ctx)).rejects.toBeInstanceOf(TaskNotFoundError);
      expect((await handler.listTasks({}, ctx)).tasks).toEqual([]);
    }
  });

  it("applies historyLength and loads only visible referenced tasks", async () => {
    const refs: string[][] = [];
    const { handler } = setup({
      executor: defineAgent(async (ctx, t) => {
        refs.push(ctx.referencedTasks.map((r) => r.id));
        await t.complete("done");
      }),
    });
    const a = await handler.sendMessage(send("first"), call(alice));
    const b = await handler.sendMessage(send("other"), call(bob));
    const ids = [a.task?.id ?? "", b.task?.id ?? "", "missing"];
    await handler.sendMessage(send("again", { referenceTaskIds: ids }), call(alice));
    expect(refs[2]).toEqual([a.task?.id]);
    const full = await handler.getTask({ id: a.task?.id ?? "" }, call(alice));
    expect(full.history?.length).toBe(1);
    const none = await handler.getTask({ id: a.task?.id ?? "", historyLength: 0 }, call(alice));
    expect(none).not.toHaveProperty("history");
  });
});

describe("ListTasks", () => {
  it("filters, orders newest first and pages with tokens that reject tampering", async () => {
    const { handler, advance } = setup({
      executor: defineAgent(async (ctx, t) => {
        await t.artifact({ parts: [textPart(ctx.userText)] });
        if (ctx.userText.startsWith("wait")) await t.inputRequired("more?");
        else await t.complete();
      }),
    });
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) {
      advance(1000);
      const r = await handler.sendMessage(send(i % 2 ? `wait ${i}` : `go ${i}`), call());
      ids.push(r.task?.id ?? "");
    }
    const first = await handler.listTasks({ pageSize: 3 }, call());
    expect(first.tasks.map((t) => t.id)).toEqual([ids[6], ids[5], ids[4]]);
    expect(first.totalSize).toBe(7);
    expect(first.pageSize).toBe(3);
    expect(first.tasks[0]).not.toHaveProperty("artifacts");
    const second = await handler.listTasks({ pageSize: 3, pageToken: first.nextPageToken }, call());
    const third = await handler.listTasks({ pageSize: 3, pageToken: second.nextPageToken }, call());
    expect([...first.tasks, ...second.tasks, ...third.tasks].map((t) => t.id)).toEqual(
      [...ids].reverse(),
    );
    expect(third.nextPageToken).toBe("");

    const waiting = await handler.listTasks(
      { status: "TASK_STATE_INPUT_REQUIRED", includeArtifacts: true, historyLength: 1 },
      call(),
    );
    expect(waiting.tasks.map((t) => t.id)).toEqual([ids[5], ids[3], ids[1]]);
    expect(waiting.tasks[0]?.artifacts?.map((a) => textOf(a))).toEqual(["wait 5"]);
    expect(waiting.tasks[0]?.history).toHaveLength(1);

    const since = await handler.listTasks(
      { statusTimestampAfter: "2025-01-01T00:00:05.000Z" },
      call(),
    );
    expect(since.tasks.map((t) => t.id)).toEqual([ids[6], ids[5], ids[4]]);

    const tampered = `${first.nextPageToken.slice(0, -2)}AA`;
    await expect(handler.listTasks({ pageToken: tampered }, call())).rejects.toBeInstanceOf(
      InvalidParamsError,
    );
    await expect(handler.listTasks({ pageToken: "garbage" }, call())).rejects.toBeInstanceOf(
      InvalidParamsError,
    );
  });
});

describe("push notification configs", () => {
  it("creates (assigning ids), gets, lists in pages and deletes idempotently", async () => {
    const { handler } = setup({ executor: defineAgent((_c, t) => t.inputRequired("?")) });
    const task = (await handler.sendMessage(send("x"), call())).task;
    const taskId = task?.id ?? "";
    const created = await handler.createTaskPushNotificationConfig(
      { taskId, url: "https://hooks.example/a", token: "tok" },
      call(),
    );
    expect(created.id).toBeTruthy();
    expect(created.taskId).toBe(taskId);
    for (const id of ["b", "c"]) {
      await handler.createTaskPushNotificationConfig(
        { taskId, id, url: `https://hooks.example/${id}` },
        call(),
      );
    }
    const got = await handler.getTaskPushNotificationConfig({ taskId, id: "b" }, call());
    expect(got.url).toBe("https://hooks.example/b");
    const page1 = await handler.listTaskPushNotificationConfigs({ taskId, pageSize: 2 }, call());
    const page2 = await handler.listTaskPushNotificationConfigs(
      { taskId, pageSize: 2, pageToken: page1.nextPageToken ?? "" },
      call(),
    );
    const all = [...(page1.configs ?? []), ...(page2.configs ?? [])].map((c) => c.id);
    expect(all.sort()).toEqual([created.id, "b", "c"].sort());
    expect(page2.nextPageToken).toBe("");
    await handler.deleteTaskPushNotificationConfig({ taskId, id: "b" }, call());
    await handler.deleteTaskPushNotificationConfig({ taskId, id: "b" }, call());
    await expect(
      handler.getTaskPushNotificationConfig({ taskId, id: "b" }, call()),
    ).rejects.toBeInstanceOf(TaskNotFoundError);
    await expect(
      handler.createTaskPushNotificationConfig({ taskId: "nope", url: "https://x/h" }, call()),
    ).rejects.toBeInstanceOf(TaskNotFoundError);
    await expect(
      handler.getTaskPushNotificationConfig({ taskId, id: "a" }, call(bob)),
    ).rejects.toBeInstanceOf(TaskNotFoundError);
  });

  it("stores an inline config sent with the message for the new task", async () => {
    const { handler } = setup({ executor: defineAgent((_c, t) => t.complete()) });
    const res = await handler.sendMessage(
      send("x", {}, { taskPushNotificationConfig: { url: "https://hooks.example/inline" } }),
      call(),
    );
    const taskId = res.task?.id ?? "";
    const list = await handler.listTaskPushNotificationConfigs({ taskId }, call());
    expect(list.configs?.map((c) => [c.taskId, c.url])).toEqual([
      [taskId, "https://hooks.example/inline"],
    ]);
  });

  it("refuses every config operation when the card does not declare push", async () => {
    const { handler } = setup({
      agentCard: card({ streaming: true, pushNotifications: false }),
      executor: defineAgent((_c, t) => t.complete()),
    });
    const ops = [
      handler.createTaskPushNotificationConfig({ taskId: "t", url: "https://x" }, call()),
      handler.getTaskPushNotificationConfig({ taskId: "t", id: "i" }, call()),
      handler.listTaskPushNotificationConfigs({ taskId: "t" }, call()),
      handler.deleteTaskPushNotificationConfig({ taskId: "t", id: "i" }, call()),
      handler.sendMessage(
        send("x", {}, { taskPushNotificationConfig: { url: "https://x" } }),
        call(),
      ),
    ];
    for (const op of ops)
      await expect(op).rejects.toBeInstanceOf(PushNotificationNotSupportedError);
  });
});

describe("GetExtendedAgentCard", () => {
  it("follows the capability and may depend on the caller", async () => {
    const executor = defineAgent((_c, t) => t.complete());
    const off = setup({ executor });
    await expect(off.handler.getExtendedAgentCard({}, call())).rejects.toBeInstanceOf(
      UnsupportedOperationError,
    );
    const unset = setup({ executor, agentCard: card({ extendedAgentCard: true }) });
    await expect(unset.handler.getExtendedAgentCard({}, call())).rejects.toBeInstanceOf(
      ExtendedAgentCardNotConfiguredError,
    );
    const base = card({ extendedAgentCard: true });
    const per = setup({
      executor,
      agentCard: base,
      extendedAgentCard: (user) => ({ ...base, description: `For ${user.id}` }),
    });
    expect((await per.handler.getExtendedAgentCard({}, call(alice))).description).toBe("For alice");
  });
});

describe("limits, retention and shutdown", () => {
  it("rejects too many parts and too many streams with clear errors", async () => {
    const { handler } = setup({
      executor: defineAgent((_c, t) => t.authRequired("sign in")),
      limits: { maxPartsPerMessage: 2, maxStreamsPerTask: 1 },
    });
    const big = send("a");
    big.message.parts.push({ text: "b" }, { text: "c" });
    await expect(handler.sendMessage(big, call())).rejects.toThrow(/at most 2/);
    const task = (await handler.sendMessage(send("x"), call())).task;
    const s1 = await handler.subscribeToTask({ id: task?.id ?? "" }, call());
    await expect(handler.subscribeToTask({ id: task?.id ?? "" }, call())).rejects.toThrow(
      /open streams/,
    );
    await s1[Symbol.asyncIterator]().return?.();
    const s2 = await handler.subscribeToTask({ id: task?.id ?? "" }, call());
    await s2[Symbol.asyncIterator]().return?.();
  });

  it("leaves the in-memory stores empty once finished tasks pass their retention", async () => {
    const { handler, stores, advance } = setup({
      retention: { terminalTtlMs: 60_000 },
      executor: defineAgent(async (_c, t) => {
        await t.artifact({ parts: [textPart("x")] });
        await t.complete();
      }),
    });
    for (let i = 0; i < 5; i++) {
      const r = await handler.sendMessage(
        send("x", {}, { taskPushNotificationConfig: { url: "https://hooks.example/h" } }),
        call(),
      );
      expect(r.task?.status.state).toBe("TASK_STATE_COMPLETED");
    }
    expect(stores.taskStore.size).toBe(5);
    advance(60_001);
    expect(stores.sweep()).toBe(5);
    expect(stores.taskStore.size).toBe(0);
    expect(stores.pushConfigStore.size).toBe(0);
    expect(stores.queueStore.stats()).toEqual({ logs: 0, entries: 0 });
  });

  it("close() aborts running executors, ends streams and refuses new work", async () => {
    const started = gate<string>();
    const { handler, stores } = setup({
      executor: defineAgent(async (ctx, t) => {
        await t.working();
        started.open(ctx.taskId);
        await new Promise((r) => ctx.signal.addEventListener("abort", r));
      }),
    });
    const stream = await handler.sendStreamingMessage(send("x"), call());
    const reading = collect(stream);
    const id = await started.promise;
    await handler.close();
    const events = await reading;
    expect(events[0]?.task?.id).toBe(id);
    await expect(handler.sendMessage(send("y"), call())).rejects.toThrow(/shutting down/);
    // The stopped executor's task ended as failed rather than staying WORKING forever.
    const stored = await stores.taskStore.get({ tenant: "", owner: "" }, id);
    expect(stored?.task.status.state).toBe("TASK_STATE_FAILED");
  });
});
