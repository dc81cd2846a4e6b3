import type { TaskScope } from "@a2akit/server-core";
import type { Task, TaskState } from "@a2akit/types";
import type { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RedisTaskStore } from "../src/index.js";
import { Keys } from "../src/keys.js";
import { scripts } from "../src/scripts.js";
import { connect, dropPrefix, testPrefix } from "./support/redis.js";

const prefix = testPrefix("scale");
const redis = connect();
const SCOPE: TaskScope = { tenant: "acme", owner: "alice" };
const TOTAL = 100_000;
const base = Date.UTC(2025, 0, 1);

/** Counts the commands a client sends: each ioredis command is one request to Redis. */
function counting(client: Redis): { client: Redis; count: () => number } {
  let sent = 0;
  const original = client.sendCommand.bind(client);
  client.sendCommand = ((...args: Parameters<Redis["sendCommand"]>) => {
    sent++;
    return original(...args);
  }) as Redis["sendCommand"];
  return { client, count: () => sent };
}

function seedTask(i: number): Task {
  // 5,000 distinct timestamps for 100,000 tasks: plenty of ties to order by id.
  const state: TaskState = i % 7 === 0 ? "TASK_STATE_COMPLETED" : "TASK_STATE_WORKING";
  return {
    id: `t${String(i).padStart(6, "0")}`,
    contextId: `c${i % 10}`,
    status: { state, timestamp: new Date(base + (i % 5_000) * 1_000).toISOString() },
  };
}

/** ListTasks order: newest status first, then id descending. */
function order(a: Task, b: Task): number {
  const ta = Date.parse(a.status.timestamp ?? "");
  const tb = Date.parse(b.status.timestamp ?? "");
  if (ta !== tb) return tb - ta;
  return a.id < b.id ? 1 : -1;
}

const tracked = counting(connect());
const store = new RedisTaskStore(tracked.client, { prefix });

beforeAll(async () => {
  // Through the store's own create script, pipelined: 100,000 writes in 20 round trips.
  const keys = new Keys(prefix);
  await redis.script("LOAD", scripts.createTask.source);
  const batch = 5_000;
  for (let from = 0; from < TOTAL; from += batch) {
    const pipe = redis.pipeline();
    for (let i = from; i < Math.min(TOTAL, from + batch); i++) {
      const task = seedTask(i);
      const ref = keys.ref(SCOPE, task.id);
      const args = [keys.root, ref, Date.now(), ...store.fields(SCOPE, task)];
      pipe.evalsha(scripts.createTask.sha, 1, keys.task(ref), ...args);
    }
    const results = (await pipe.exec()) ?? [];
    expect(results.every(([error, ok]) => error === null && ok === 1)).toBe(true);
  }
}, 600_000);

afterAll(async () => {
  await dropPrefix(redis, prefix);
  tracked.client.disconnect();
  await redis.quit();
});

describe("ListTasks over 100,000 tasks", () => {
  it("serves each page in one round trip, in order, with the exact totalSize", async () => {
    const expected = Array.from({ length: TOTAL }, (_, i) => seedTask(i)).sort(order);
    await store.list(SCOPE, { pageSize: 1 }); // loads the script once
    let after: { statusTimestamp: string; id: string } | undefined;
    const seen: string[] = [];
    for (let page = 0; page < 30; page++) {
      const before = tracked.count();
      const p = await store.list(SCOPE, { pageSize: 100, ...(after ? { after } : {}) });
      expect(tracked.count() - before).toBe(1);
      expect(p.totalSize).toBe(TOTAL);
      seen.push(...p.tasks.map((t) => t.id));
      after = p.next;
    }
    expect(seen).toEqual(expected.slice(0, 3_000).map((t) => t.id));

    // A cursor deep in the set costs the same.
    const deep = expected[90_000] as Task;
    const before = tracked.count();
    const p = await store.list(SCOPE, {
      pageSize: 100,
      after: { statusTimestamp: deep.status.timestamp as string, id: deep.id },
    });
    expect(tracked.count() - before).toBe(1);
    expect(p.tasks.map((t) => t.id)).toEqual(expected.slice(90_001, 90_101).map((t) => t.id));
  });

  it("serves every filter from its own index, one round trip per page", async () => {
    const since = new Date(base + 4_000 * 1_000).toISOString();
    const matches = Array.from({ length: TOTAL }, (_, i) => seedTask(i))
      .filter((t) => t.contextId === "c3" && t.status.state === "TASK_STATE_COMPLETED")
      .filter((t) => Date.parse(t.status.timestamp as string) >= Date.parse(since))
      .sort(order);
    const seen: string[] = [];
    let after: { statusTimestamp: string; id: string } | undefined;
    let pages = 0;
    const before = tracked.count();
    do {
      const p = await store.list(SCOPE, {
        pageSize: 50,
        contextId: "c3",
        status: "TASK_STATE_COMPLETED",
        statusTimestampAfter: since,
        ...(after ? { after } : {}),
      });
      expect(p.totalSize).toBe(matches.length);
      seen.push(...p.tasks.map((t) => t.id));
      after = p.next;
      pages++;
    } while (after);
    expect(seen).toEqual(matches.map((t) => t.id));
    expect(tracked.count() - before).toBe(pages);
    const byState = await store.list(SCOPE, { pageSize: 10, status: "TASK_STATE_COMPLETED" });
    expect(byState.totalSize).toBe(Math.ceil(TOTAL / 7));
  });
});
