import type { StreamResponse, Task } from "@a2akit/types";
import { afterEach, describe, expect, it } from "vitest";
import {
  type AgentExecutor,
  createMemoryStores,
  createPushDeliveries,
  createRequestHandler,
  type MemoryStores,
  type PushDeliveries,
  type PushEventInput,
  pushQueueKey,
  type TaskScope,
} from "../src/index.js";
import { PushFollowers, pushJobId } from "../src/push/followers.js";
import { describeBody, startWebhook } from "./push-helpers.js";
import { call, card, send } from "./support/fixtures.js";

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const SCOPE: TaskScope = { tenant: "", owner: "" };

type State = Task["status"]["state"];

function status(state: State): StreamResponse {
  return { statusUpdate: { taskId: "t1", contextId: "c", status: { state } } };
}

/** Writes a status as the handler does: the snapshot, then its event at the new version. */
async function write(stores: MemoryStores, state: State): Promise<number> {
  const cur = await stores.taskStore.get(SCOPE, "t1");
  if (!cur) throw new Error("no task");
  const next = await stores.taskStore.update(
    SCOPE,
    { ...cur.task, status: { state } },
    cur.version,
  );
  await stores.queueStore.append(SCOPE, "t1", next.version, status(state));
  if (state === "TASK_STATE_COMPLETED") await stores.queueStore.end(SCOPE, "t1");
  return next.version;
}

/** Followers over `stores` whose outbox is a list of what they handed over. */
function followersOver(stores: MemoryStores) {
  const handed: PushEventInput[] = [];
  const deliveries = {
    async enqueue(input: PushEventInput) {
      handed.push(input);
    },
  } as unknown as PushDeliveries;
  const followers = new PushFollowers({
    taskStore: stores.taskStore,
    queueStore: stores.queueStore,
    pushConfigStore: stores.pushConfigStore,
    deliveries,
    logger: { debug() {}, info() {}, warn() {}, error() {} },
  });
  cleanups.push(() => followers.close());
  return { followers, handed };
}

/** Polls until `check` holds. */
async function until(check: () => boolean | Promise<boolean>): Promise<void> {
  while (!(await check())) await new Promise((r) => setTimeout(r, 2));
}

describe("push cursors over the memory stores", () => {
  async function taskWithConfig() {
    const stores = createMemoryStores();
    const created = await stores.taskStore.create(SCOPE, {
      id: "t1",
      contextId: "c",
      status: { state: "TASK_STATE_SUBMITTED" },
    });
    await stores.pushConfigStore.set(SCOPE, { id: "c1", taskId: "t1", url: "https://h.example/" });
    const cursor = () => stores.pushConfigStore.getCursor(SCOPE, "t1", "c1");
    return { stores, created, cursor };
  }

  it("record what was handed over; a resume elsewhere starts right after it", async () => {
    const { stores, created, cursor } = await taskWithConfig();
    // The instance that registered the config follows from the next version.
    const first = followersOver(stores);
    await first.followers.register(SCOPE, "t1", "c1", created.version + 1);
    expect(await cursor()).toBe(1);
    for (let i = 0; i < 3; i++) await write(stores, "TASK_STATE_WORKING");
    await until(async () => (await cursor()) === 4);
    const queue = pushQueueKey(SCOPE, "t1", "c1");
    expect(first.handed.map((j) => [j.seq, j.id])).toEqual(
      [2, 3, 4].map((s) => [s, pushJobId(queue, s)]),
    );

    // That instance goes away; the task goes on.
    await first.followers.close();
    await write(stores, "TASK_STATE_WORKING");
    // A second reader keeps the ended log readable, as a stream client would.
    const reader = stores.queueStore.read(SCOPE, "t1", 1)[Symbol.asyncIterator]();
    await reader.next();
    await write(stores, "TASK_STATE_COMPLETED");

    const second = followersOver(stores);
    await second.followers.resume(SCOPE, "t1");
    await until(async () => (await cursor()) === 6);
    // Only what the first one never handed over: no part of the log twice.
    expect(second.handed.map((j) => j.seq)).toEqual([5, 6]);
    expect(second.handed.map((j) => j.id)).toEqual([5, 6].map((s) => pushJobId(queue, s)));
    expect(first.handed).toHaveLength(3);
    await reader.return?.();
  });

  it("resume leaves a config alone while this process follows it", async () => {
    const { stores, created } = await taskWithConfig();
    const one = followersOver(stores);
    await one.followers.register(SCOPE, "t1", "c1", created.version + 1);
    await write(stores, "TASK_STATE_WORKING");
    await until(() => one.handed.length === 1);
    await one.followers.resume(SCOPE, "t1");
    await one.followers.resume(SCOPE, "t1");
    await write(stores, "TASK_STATE_WORKING");
    await until(() => one.handed.length === 2);
    await new Promise((r) => setTimeout(r, 20));
    expect(one.handed.map((j) => j.seq)).toEqual([2, 3]);
  });

  it("resume starts nothing for an ended task whose events all went out", async () => {
    const { stores, created, cursor } = await taskWithConfig();
    expect(created.version).toBe(1);
    const done = await write(stores, "TASK_STATE_COMPLETED");
    await stores.pushConfigStore.advanceCursor(SCOPE, "t1", "c1", done);
    const later = followersOver(stores);
    await later.followers.resume(SCOPE, "t1");
    await new Promise((r) => setTimeout(r, 20));
    expect(later.handed).toEqual([]);
    expect(await cursor()).toBe(done);
  });

  it("a config deleted meanwhile stops its follower and keeps no cursor", async () => {
    const { stores, created, cursor } = await taskWithConfig();
    const one = followersOver(stores);
    await one.followers.register(SCOPE, "t1", "c1", created.version + 1);
    await stores.pushConfigStore.delete(SCOPE, "t1", "c1");
    await write(stores, "TASK_STATE_WORKING");
    await new Promise((r) => setTimeout(r, 20));
    expect(one.handed).toEqual([]);
    expect(await cursor()).toBeUndefined();
  });
});

describe("push delivery after the registering handler stopped (shared stores)", () => {
  /** Asks for input on the first turn, completes on the next. */
  const askThenDone: AgentExecutor = {
    async execute(ctx, task) {
      if (!ctx.task) await task.inputRequired();
      else await task.complete();
    },
  };

  async function twoHandlers() {
    const hook = await startWebhook();
    cleanups.push(() => hook.close());
    const stores = createMemoryStores();
    const handlerOver = () => {
      const deliveries = createPushDeliveries({
        urlPolicy: { allowHosts: [`127.0.0.1:${hook.port}`] },
      });
      const handler = createRequestHandler({
        agentCard: card(),
        executor: askThenDone,
        taskStore: stores.taskStore,
        queueStore: stores.queueStore,
        pushConfigStore: stores.pushConfigStore,
        pushDeliveries: deliveries,
      });
      cleanups.push(() => handler.close({ timeoutMs: 1000 }));
      return handler;
    };
    const a = handlerOver();
    const res = await a.sendMessage(
      send("go", {}, { taskPushNotificationConfig: { url: hook.url } }),
      call(),
    );
    const taskId = res.task?.id as string;
    expect(res.task?.status.state).toBe("TASK_STATE_INPUT_REQUIRED");
    await hook.until((all) =>
      all.some((r) => describeBody(r.body) === "TASK_STATE_INPUT_REQUIRED"),
    );
    // The registering handler stops (its followers with it); the task waits for input.
    await a.close();
    return { hook, taskId, b: handlerOver() };
  }

  it("a cancel through another handler is pushed", async () => {
    const { hook, taskId, b } = await twoHandlers();
    const before = hook.received.length;
    const task = await b.cancelTask({ id: taskId }, call());
    expect(task.status.state).toBe("TASK_STATE_CANCELED");
    await hook.until((all) => all.length > before);
    await new Promise((r) => setTimeout(r, 50));
    expect(hook.received.slice(before).map((r) => describeBody(r.body))).toEqual([
      "TASK_STATE_CANCELED",
    ]);
  });

  it("the next turn through another handler is pushed", async () => {
    const { hook, taskId, b } = await twoHandlers();
    const before = hook.received.length;
    const res = await b.sendMessage(send("here", { taskId }), call());
    expect(res.task?.status.state).toBe("TASK_STATE_COMPLETED");
    await hook.until((all) => all.some((r) => describeBody(r.body) === "TASK_STATE_COMPLETED"));
    await new Promise((r) => setTimeout(r, 50));
    const after = hook.received.slice(before).map((r) => describeBody(r.body));
    expect(after[after.length - 1]).toBe("TASK_STATE_COMPLETED");
    expect(new Set(after).size).toBe(after.length);
  });
});
