import type { PushConfigStore, StoredPushConfig } from "../stores/push-config-store.js";
import type { TaskScope } from "../stores/scope.js";
import { assertEqual, type TestApi } from "./assert.js";

const ALICE: TaskScope = { tenant: "acme", owner: "alice" };
const BOB: TaskScope = { tenant: "acme", owner: "bob" };
const OTHER_TENANT: TaskScope = { tenant: "globex", owner: "alice" };

function config(id: string, taskId = "t1", url = `https://hooks.example/${id}`): StoredPushConfig {
  return { id, taskId, url, token: `token-${id}` };
}

/** The behaviour every PushConfigStore must show: replace by id, paging, deletes, isolation. */
export function describePushConfigStoreContract(
  t: TestApi,
  name: string,
  make: () => { store: PushConfigStore } | Promise<{ store: PushConfigStore }>,
): void {
  const { describe, it } = t;
  describe(`PushConfigStore contract: ${name}`, () => {
    it("stores, replaces by id and returns copies", async () => {
      const { store } = await make();
      await store.set(ALICE, config("a"));
      await store.set(ALICE, config("a", "t1", "https://hooks.example/new"));
      const got = await store.get(ALICE, "t1", "a");
      assertEqual(got?.url, "https://hooks.example/new", "replaced url");
      if (got) got.url = "mutated";
      assertEqual((await store.get(ALICE, "t1", "a"))?.url, "https://hooks.example/new", "copy");
      assertEqual(await store.get(ALICE, "t1", "missing"), undefined, "missing config");
    });

    it("pages by id without duplicates or gaps", async () => {
      const { store } = await make();
      const ids = ["e", "b", "d", "a", "c"];
      for (const id of ids) await store.set(ALICE, config(id));
      const seen: string[] = [];
      let after: string | undefined;
      for (let i = 0; i < 10; i++) {
        const page = await store.list(ALICE, "t1", { pageSize: 2, ...(after ? { after } : {}) });
        seen.push(...page.configs.map((c) => c.id));
        if (page.next === undefined) break;
        after = page.next;
      }
      assertEqual(seen, ["a", "b", "c", "d", "e"], "pages joined");
      const all = await store.list(ALICE, "t1", { pageSize: 100 });
      assertEqual(all.next, undefined, "a single page has no next");
    });

    it("deletes one (idempotently) or all", async () => {
      const { store } = await make();
      await store.set(ALICE, config("a"));
      await store.set(ALICE, config("b"));
      await store.set(ALICE, config("c", "t2"));
      assertEqual(await store.delete(ALICE, "t1", "a"), true, "first delete");
      assertEqual(await store.delete(ALICE, "t1", "a"), false, "second delete");
      await store.deleteAll(ALICE, "t1");
      assertEqual((await store.list(ALICE, "t1", { pageSize: 10 })).configs, [], "after deleteAll");
      assertEqual(
        (await store.list(ALICE, "t2", { pageSize: 10 })).configs.length,
        1,
        "other task kept",
      );
    });

    it("keeps a cursor per config that only moves forward and goes with the config", async () => {
      const { store } = await make();
      const { getCursor, advanceCursor } = store;
      // Cursors are optional, but a store offers both methods or neither.
      assertEqual(typeof getCursor, typeof advanceCursor, "getCursor and advanceCursor together");
      if (!getCursor || !advanceCursor) return;
      const cursorOf = (scope: TaskScope, taskId: string, id: string) =>
        getCursor.call(store, scope, taskId, id);
      const advance = (scope: TaskScope, taskId: string, id: string, seq: number) =>
        advanceCursor.call(store, scope, taskId, id, seq);
      assertEqual(await advance(ALICE, "t1", "a", 3), false, "no config, no cursor");
      assertEqual(await cursorOf(ALICE, "t1", "a"), undefined, "nothing stored for it");
      await store.set(ALICE, config("a"));
      await store.set(ALICE, config("b"));
      assertEqual(await cursorOf(ALICE, "t1", "a"), undefined, "a new config has no cursor");
      assertEqual(await advance(ALICE, "t1", "a", 3), true, "first advance");
      assertEqual(await advance(ALICE, "t1", "a", 7), true, "forward");
      assertEqual(await advance(ALICE, "t1", "a", 5), true, "backward is accepted");
      assertEqual(await cursorOf(ALICE, "t1", "a"), 7, "but never moves the cursor back");
      assertEqual(await cursorOf(ALICE, "t1", "b"), undefined, "per config");
      await store.set(ALICE, config("a", "t1", "https://hooks.example/replaced"));
      assertEqual(await cursorOf(ALICE, "t1", "a"), 7, "replacing a config keeps its cursor");
      for (const scope of [BOB, OTHER_TENANT]) {
        assertEqual(await cursorOf(scope, "t1", "a"), undefined, "cursor across scopes");
        assertEqual(await advance(scope, "t1", "a", 9), false, "advance across scopes");
      }
      assertEqual(await cursorOf(ALICE, "t1", "a"), 7, "untouched by other scopes");
      await store.delete(ALICE, "t1", "a");
      await store.set(ALICE, config("a"));
      assertEqual(await cursorOf(ALICE, "t1", "a"), undefined, "deleting drops the cursor");
      await advance(ALICE, "t1", "b", 4);
      await store.deleteAll(ALICE, "t1");
      await store.set(ALICE, config("b"));
      assertEqual(await cursorOf(ALICE, "t1", "b"), undefined, "deleteAll drops cursors too");
    });

    it("keeps tasks and scopes apart", async () => {
      const { store } = await make();
      await store.set(ALICE, config("a"));
      for (const scope of [BOB, OTHER_TENANT]) {
        assertEqual(await store.get(scope, "t1", "a"), undefined, "get across scopes");
        assertEqual(
          (await store.list(scope, "t1", { pageSize: 10 })).configs,
          [],
          "list across scopes",
        );
        assertEqual(await store.delete(scope, "t1", "a"), false, "delete across scopes");
        await store.deleteAll(scope, "t1");
      }
      assertEqual(await store.get(ALICE, "t2", "a"), undefined, "another task of the same owner");
      assertEqual((await store.get(ALICE, "t1", "a"))?.id, "a", "alice's config untouched");
    });
  });
}
