import type { StoredTask, TaskScope } from "@a2akit/server-core";
import type { Task, TaskState } from "@a2akit/types";
import { afterAll, describe, expect, it } from "vitest";
import { createRedisStores } from "../src/index.js";
import { connect, dropPrefix, testPrefix } from "./support/redis.js";

const prefix = testPrefix("index");
const redis = connect();
const stores = createRedisStores({ redis, prefix, sweepIntervalMs: 0 });
const SCOPE: TaskScope = { tenant: "acme", owner: "alice" };
const committer = stores.taskStore.committerFor?.(stores.queueStore);

afterAll(async () => {
  await stores.close();
  await dropPrefix(redis, prefix);
  await redis.quit();
});

/** Every index set holding an entry for `taskId`, with the entries, by name after `:idx:`. */
async function indexEntries(taskId: string): Promise<Record<string, string[]>> {
  const found: Record<string, string[]> = {};
  let cursor = "0";
  do {
    const [next, keys] = await redis.scan(cursor, "MATCH", `{${prefix}}:idx:*`, "COUNT", 1000);
    cursor = next;
    for (const key of keys) {
      const members = (await redis.zrange(key, 0, -1)).filter((m) => m.endsWith(taskId));
      if (members.length > 0) found[key.slice(key.indexOf(":idx:") + 5)] = members;
    }
  } while (cursor !== "0");
  return found;
}

function at(state: TaskState, second: number, extra: Partial<Task> = {}): Task {
  return {
    id: "t1",
    contextId: "c1",
    status: { state, timestamp: new Date(Date.UTC(2026, 0, 1, 0, 0, second)).toISOString() },
    ...extra,
  };
}

/** The index sets a task in `state` and context c1 belongs to, each with exactly one entry. */
function expectIndexedAs(entries: Record<string, string[]>, state: TaskState): void {
  // Index names are `{scope part}{set}`; this scope part ends in the owner, "alice:".
  const names = Object.keys(entries).map((name) => name.slice(name.indexOf("alice:") + 6));
  expect(names.sort()).toEqual(["all", "c:c1", `cs:${state}:c1`, `s:${state}`].sort());
  const members = new Set(Object.values(entries).flat());
  expect(Object.values(entries).every((list) => list.length === 1)).toBe(true);
  expect(members.size).toBe(1);
}

describe("RedisTaskStore indexes", () => {
  it("keep one entry per set for a task through status changes, artifact updates and its end", async () => {
    if (!committer) throw new Error("the Redis stores offer a committer");
    let stored: StoredTask = await stores.taskStore.create(SCOPE, at("TASK_STATE_SUBMITTED", 0));
    expectIndexedAs(await indexEntries("t1"), "TASK_STATE_SUBMITTED");

    const commit = async (task: Task) => {
      stored = await committer.commit(SCOPE, task, stored.version, {
        statusUpdate: { taskId: "t1", contextId: "c1", status: task.status },
      });
    };
    await commit(at("TASK_STATE_WORKING", 1));
    const working = await indexEntries("t1");
    expectIndexedAs(working, "TASK_STATE_WORKING");

    // An artifact update keeps the status: every entry stays as it was.
    await commit(
      at("TASK_STATE_WORKING", 1, { artifacts: [{ artifactId: "a", parts: [{ text: "x" }] }] }),
    );
    expect(await indexEntries("t1")).toEqual(working);

    await commit(at("TASK_STATE_COMPLETED", 2));
    expectIndexedAs(await indexEntries("t1"), "TASK_STATE_COMPLETED");
    const page = await stores.taskStore.list(SCOPE, {
      pageSize: 10,
      status: "TASK_STATE_COMPLETED",
    });
    expect(page.tasks.map((t) => t.id)).toEqual(["t1"]);
    const none = await stores.taskStore.list(SCOPE, { pageSize: 10, status: "TASK_STATE_WORKING" });
    expect(none.totalSize).toBe(0);
  });
});
