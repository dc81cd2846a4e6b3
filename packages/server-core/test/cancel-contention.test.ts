import type { StreamResponse } from "@a2akit/types";
import { TaskNotCancelableError } from "@a2akit/types";
import { describe, expect, it } from "vitest";
import {
  ConflictError,
  createRequestHandler,
  defineAgent,
  type Logger,
  type TaskStore,
} from "../src/index.js";
import { call, card, send, setup } from "./support/fixtures.js";

// The executor writes artifacts back to back while a CancelTask arrives: two writers of one task.
// The cancel must land, and be the last event every reader sees, once.

const MAX_ARTIFACTS = 5_000;

function tightLoop(hooks: unknown[], heedSignal: boolean, after: () => void) {
  return defineAgent(
    async (ctx, t) => {
      for (let i = 0; i < MAX_ARTIFACTS; i++) {
        if (heedSignal && ctx.signal.aborted) return;
        await t.artifact({ artifactId: `a${i}`, parts: [{ text: `chunk ${i}` }] });
        if (i === 4) after();
      }
    },
    async (ctx) => {
      hooks.push(ctx.metadata);
    },
  );
}

function statesOf(events: StreamResponse[]): string[] {
  return events.flatMap((e) => (e.statusUpdate ? [e.statusUpdate.status.state] : []));
}

describe("CancelTask while the executor writes back to back", () => {
  for (const heedSignal of [true, false]) {
    const kind = heedSignal ? "stops on its signal" : "ignores its signal";
    it(`one handler: the task ends CANCELED, the cancel event last and once (${kind})`, async () => {
      const hooks: unknown[] = [];
      let ready!: () => void;
      const started = new Promise<void>((r) => {
        ready = r;
      });
      const { handler, stores } = setup({ executor: tightLoop(hooks, heedSignal, () => ready()) });
      const sent = await handler.sendMessage(send("go", {}, { returnImmediately: true }), call());
      const id = sent.task?.id ?? "";
      const events: StreamResponse[] = [];
      const reading = (async () => {
        for await (const e of stores.queueStore.read({ tenant: "", owner: "" }, id, 2)) {
          events.push(e.event);
        }
      })();
      await started;
      const task = await handler.cancelTask({ id, metadata: { by: "ops" } }, call());
      expect(task.status.state).toBe("TASK_STATE_CANCELED");
      expect(hooks).toEqual([{ by: "ops" }]);
      await reading;
      expect(statesOf(events)).toEqual(["TASK_STATE_CANCELED"]);
      expect(events.at(-1)?.statusUpdate?.status.state).toBe("TASK_STATE_CANCELED");
      expect((await handler.getTask({ id }, call())).status.state).toBe("TASK_STATE_CANCELED");
    });
  }
});

/**
 * Instance B of a two-instance deployment on one set of stores, whose every compare-and-set
 * loses (as it does against an executor on instance A that writes with no pause). `onLoss` runs
 * (and is awaited) before each refusal.
 */
function losingInstance(
  stores: ReturnType<typeof setup>["stores"],
  onLoss: (n: number) => Promise<void> | undefined,
) {
  const inner = stores.taskStore;
  let losses = 0;
  const taskStore: TaskStore = {
    get: (scope, id) => inner.get(scope, id),
    create: (scope, task) => inner.create(scope, task),
    update: async (_scope, task, expected) => {
      await onLoss(++losses);
      throw new ConflictError(task.id, expected);
    },
    list: (scope, query) => inner.list(scope, query),
    delete: (scope, id) => inner.delete(scope, id),
  };
  const debug: string[] = [];
  const logger: Logger = {
    debug: (message) => debug.push(message),
    info: () => undefined,
    warn: () => undefined,
    error: () => undefined,
  };
  const handler = createRequestHandler({
    agentCard: card(),
    taskStore,
    queueStore: stores.queueStore,
    pushConfigStore: stores.pushConfigStore,
    logger,
    executor: defineAgent(
      async () => undefined,
      async (ctx) => {
        hooked.push(ctx.metadata);
      },
    ),
  });
  return { handler, debug };
}

const hooked: unknown[] = [];

describe("CancelTask that loses every compare-and-set to another instance", () => {
  it("has the executing instance record CANCELED, once and last, and returns it", async () => {
    let ready!: () => void;
    const started = new Promise<void>((r) => {
      ready = r;
    });
    // Instance A: an executor that writes until a write is refused.
    const a = setup({ executor: tightLoop([], false, () => ready()) });
    const b = losingInstance(a.stores, () => undefined);
    const sent = await a.handler.sendMessage(send("go", {}, { returnImmediately: true }), call());
    const id = sent.task?.id ?? "";
    const events: StreamResponse[] = [];
    const reading = (async () => {
      for await (const e of a.stores.queueStore.read({ tenant: "", owner: "" }, id, 2)) {
        events.push(e.event);
      }
    })();
    await started;
    const task = await b.handler.cancelTask({ id, metadata: { by: "ops" } }, call());
    expect(task.status.state).toBe("TASK_STATE_CANCELED");
    expect(hooked.at(-1)).toEqual({ by: "ops" });
    expect(b.debug).toContain("The cancel lost to the executor's writes; its instance records it");
    await reading;
    expect(statesOf(events)).toEqual(["TASK_STATE_CANCELED"]);
    expect(events.at(-1)?.statusUpdate?.status.state).toBe("TASK_STATE_CANCELED");
    // The executor stopped: nothing was written after the cancel.
    const stored = await a.stores.taskStore.get({ tenant: "", owner: "" }, id);
    expect(stored?.task.artifacts?.length).toBeLessThan(MAX_ARTIFACTS);
  });

  it("answers TaskNotCancelable when the task completed before the cancel was recorded", async () => {
    let finish!: () => void;
    const gate = new Promise<void>((r) => {
      finish = r;
    });
    let ready!: () => void;
    const started = new Promise<void>((r) => {
      ready = r;
    });
    let completed!: () => void;
    const finished = new Promise<void>((r) => {
      completed = r;
    });
    const a = setup({
      executor: defineAgent(async (_ctx, t) => {
        await t.artifact({ parts: [{ text: "partial" }] });
        ready();
        await gate;
        await t.complete("done");
        completed();
      }),
    });
    // The executor completes the task as B loses its last compare-and-set, before B hands over.
    const b = losingInstance(a.stores, (n) => {
      if (n < 16) return undefined;
      finish();
      return finished;
    });
    const sent = await a.handler.sendMessage(send("go", {}, { returnImmediately: true }), call());
    const id = sent.task?.id ?? "";
    await started;
    const outcome = await b.handler.cancelTask({ id }, call()).then(
      () => "canceled",
      (e: unknown) => e,
    );
    expect(outcome).toBeInstanceOf(TaskNotCancelableError);
    expect(b.debug).toContain("The cancel lost to the executor's writes; its instance records it");
    expect((await a.handler.getTask({ id }, call())).status.state).toBe("TASK_STATE_COMPLETED");
  });
});
