import type { Task, TaskState } from "@a2akit/types";
import type { TaskScope } from "../stores/scope.js";
import { ConflictError, type TaskStore } from "../stores/task-store.js";
import { assert, assertEqual, assertRejects, type TestApi } from "./assert.js";

/** What a TaskStore contract run gets from its factory. */
export interface TaskStoreHarness {
  store: TaskStore;
  /** Makes the retention period elapse (e.g. advance a clock and sweep); enables that test. */
  expireTerminal?: () => Promise<void> | void;
}

const ALICE: TaskScope = { tenant: "acme", owner: "alice" };
const BOB: TaskScope = { tenant: "acme", owner: "bob" };
const OTHER_TENANT: TaskScope = { tenant: "globex", owner: "alice" };

function ts(second: number): string {
  return new Date(Date.UTC(2025, 0, 1, 0, 0, second)).toISOString();
}

function task(
  id: string,
  second: number,
  init: { contextId?: string; state?: TaskState } = {},
): Task {
  return {
    id,
    contextId: init.contextId ?? "ctx",
    status: { state: init.state ?? "TASK_STATE_WORKING", timestamp: ts(second) },
  };
}

/**
 * The behaviour every TaskStore must show: copies on read, compare-and-set, ListTasks filters,
 * order and paging, scope isolation, and (given `expireTerminal`) retention.
 */
export function describeTaskStoreContract(
  t: TestApi,
  name: string,
  make: () => TaskStoreHarness | Promise<TaskStoreHarness>,
): void {
  const { describe, it } = t;
  describe(`TaskStore contract: ${name}`, () => {
    it("creates at version 1 and returns copies the caller owns", async () => {
      const { store } = await make();
      const created = await store.create(ALICE, task("t1", 1));
      assertEqual(created.version, 1, "version after create");
      const got = await store.get(ALICE, "t1");
      assert(got, "the created task is found");
      assertEqual(got.task.id, "t1", "task id");
      got.task.status.state = "TASK_STATE_FAILED";
      const again = await store.get(ALICE, "t1");
      assertEqual(again?.task.status.state, "TASK_STATE_WORKING", "state after mutating a copy");
    });

    it("refuses to create a task twice", async () => {
      const { store } = await make();
      await store.create(ALICE, task("t1", 1));
      await assertRejects(store.create(ALICE, task("t1", 2)), ConflictError, "second create");
    });

    it("updates with compare-and-set", async () => {
      const { store } = await make();
      await store.create(ALICE, task("t1", 1));
      const v2 = await store.update(ALICE, task("t1", 2, { state: "TASK_STATE_COMPLETED" }), 1);
      assertEqual(v2.version, 2, "version after update");
      await assertRejects(store.update(ALICE, task("t1", 3), 1), ConflictError, "stale version");
      await assertRejects(store.update(ALICE, task("nope", 3), 1), ConflictError, "missing task");
      const got = await store.get(ALICE, "t1");
      assertEqual(got?.task.status.state, "TASK_STATE_COMPLETED", "state after update");
      assertEqual(got?.version, 2, "version after the refused writes");
    });

    it("lets exactly one of two racing writers win", async () => {
      const { store } = await make();
      await store.create(ALICE, task("t1", 1));
      const results = await Promise.allSettled([
        store.update(ALICE, task("t1", 2, { contextId: "a" }), 1),
        store.update(ALICE, task("t1", 2, { contextId: "b" }), 1),
      ]);
      const won = results.filter((r) => r.status === "fulfilled");
      const lost = results.filter(
        (r) => r.status === "rejected" && (r.reason as Error).name === ConflictError.name,
      );
      assertEqual([won.length, lost.length], [1, 1], "winners and losers");
    });

    it("keeps scopes apart: other owners and tenants see nothing", async () => {
      const { store } = await make();
      await store.create(ALICE, task("t1", 1));
      for (const scope of [BOB, OTHER_TENANT]) {
        assertEqual(
          await store.get(scope, "t1"),
          undefined,
          `get from ${scope.tenant}/${scope.owner}`,
        );
        const page = await store.list(scope, { pageSize: 10 });
        assertEqual([page.tasks.length, page.totalSize], [0, 0], "list from another scope");
        await assertRejects(
          store.update(scope, task("t1", 2), 1),
          ConflictError,
          "update across scopes",
        );
        assertEqual(await store.delete(scope, "t1"), false, "delete across scopes");
      }
      // The same id may exist in another scope independently.
      await store.create(BOB, task("t1", 5, { contextId: "bob" }));
      assertEqual((await store.get(ALICE, "t1"))?.task.contextId, "ctx", "alice's task untouched");
    });

    it("lists newest status first, ties broken by id, with every filter", async () => {
      const { store } = await make();
      await store.create(ALICE, task("a", 1, { contextId: "c1" }));
      await store.create(ALICE, task("b", 3, { contextId: "c1", state: "TASK_STATE_COMPLETED" }));
      await store.create(ALICE, task("c", 2, { contextId: "c2" }));
      await store.create(ALICE, task("d", 3, { contextId: "c2" }));
      const all = await store.list(ALICE, { pageSize: 10 });
      assertEqual(
        all.tasks.map((x) => x.id),
        ["d", "b", "c", "a"],
        "order",
      );
      assertEqual(all.totalSize, 4, "totalSize");
      assertEqual(all.next, undefined, "no next page");
      const c1 = await store.list(ALICE, { pageSize: 10, contextId: "c1" });
      assertEqual(
        c1.tasks.map((x) => x.id),
        ["b", "a"],
        "contextId filter",
      );
      const done = await store.list(ALICE, { pageSize: 10, status: "TASK_STATE_COMPLETED" });
      assertEqual(
        done.tasks.map((x) => x.id),
        ["b"],
        "status filter",
      );
      const recent = await store.list(ALICE, { pageSize: 10, statusTimestampAfter: ts(2) });
      assertEqual(
        recent.tasks.map((x) => x.id),
        ["d", "b", "c"],
        "statusTimestampAfter is inclusive",
      );
      const both = await store.list(ALICE, {
        pageSize: 10,
        contextId: "c2",
        statusTimestampAfter: ts(3),
      });
      assertEqual(
        both.tasks.map((x) => x.id),
        ["d"],
        "filters are ANDed",
      );
      assertEqual(both.totalSize, 1, "totalSize counts matches");
    });

    it("pages without duplicates or gaps, also while tasks change", async () => {
      const { store } = await make();
      for (let i = 0; i < 10; i++) await store.create(ALICE, task(`t${i}`, i % 4));
      const seen: string[] = [];
      let after: { statusTimestamp: string; id: string } | undefined;
      for (let pages = 0; pages < 10; pages++) {
        const page = await store.list(ALICE, { pageSize: 3, ...(after ? { after } : {}) });
        if (pages === 0) assertEqual(page.totalSize, 10, "totalSize");
        seen.push(...page.tasks.map((x) => x.id));
        if (!page.next) break;
        after = page.next;
        if (pages === 0) await store.create(ALICE, task("late", 0));
      }
      const expected = (await store.list(ALICE, { pageSize: 100 })).tasks
        .map((x) => x.id)
        .filter((id) => id !== "late");
      assertEqual(
        seen.filter((id) => id !== "late"),
        expected,
        "pages joined",
      );
      assertEqual(new Set(seen).size, seen.length, "no duplicates");
    });

    it("deletes", async () => {
      const { store } = await make();
      await store.create(ALICE, task("t1", 1));
      assertEqual(await store.delete(ALICE, "t1"), true, "first delete");
      assertEqual(await store.get(ALICE, "t1"), undefined, "get after delete");
      assertEqual(await store.delete(ALICE, "t1"), false, "second delete");
    });

    it("drops terminal tasks after the retention period and keeps active ones", async () => {
      const harness = await make();
      if (!harness.expireTerminal) return;
      const { store } = harness;
      await store.create(ALICE, task("done", 1, { state: "TASK_STATE_COMPLETED" }));
      await store.create(ALICE, task("busy", 1));
      await store.create(ALICE, task("waiting", 1, { state: "TASK_STATE_INPUT_REQUIRED" }));
      await harness.expireTerminal();
      assertEqual(await store.get(ALICE, "done"), undefined, "terminal task after retention");
      assert(await store.get(ALICE, "busy"), "active task survives retention");
      assert(await store.get(ALICE, "waiting"), "interrupted task survives retention");
    });
  });
}
