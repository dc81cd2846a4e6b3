import { randomUUID } from "node:crypto";
import {
  ConflictError,
  type QueueStore,
  type StoredTask,
  stringifyOnce,
  type TaskCommitter,
  type TaskListPage,
  type TaskListQuery,
  type TaskScope,
  type TaskStore,
} from "@a2akit/server-core";
import { isTerminal, type StreamResponse, type Task } from "@a2akit/types";
import type { Redis } from "ioredis";
import { appendFailure } from "./errors.js";
import { indexMember, Keys, scopePart, timeKey, timestampMs } from "./keys.js";
import { RedisQueueStore } from "./queue-store.js";
import { scripts } from "./scripts.js";

/** Options of {@link RedisTaskStore}. */
export interface RedisTaskStoreOptions {
  /** Key prefix; every key starts with the hash tag `{prefix}` (default `a2a`). */
  prefix?: string;
  /** Keep a terminal task this long after it first ended, in ms (default one hour). */
  terminalTtlMs?: number;
  /** Tasks past retention that a ListTasks call removes before counting (default 100). */
  sweepBatch?: number;
  /** The clock for retention, in epoch ms (injectable for tests). */
  now?: () => number;
}

/**
 * A TaskStore on Redis. Each task is a hash holding its JSON and version; every write is one Lua
 * script (compare-and-set plus index upkeep), and ListTasks pages come from per-scope sorted sets
 * in one round trip whatever the number of tasks. Paired with a RedisQueueStore, it writes a
 * task's snapshot and event together (see {@link RedisTaskStore.committerFor}).
 */
export class RedisTaskStore implements TaskStore {
  private readonly keys: Keys;
  private readonly ttl: number;
  private readonly sweepBatch: number;
  private readonly now: () => number;

  /** A store on the given client (which the caller keeps owning). */
  constructor(
    private readonly redis: Redis,
    options: RedisTaskStoreOptions = {},
  ) {
    this.keys = new Keys(options.prefix ?? "a2a");
    this.ttl = options.terminalTtlMs ?? 3_600_000;
    this.sweepBatch = options.sweepBatch ?? 100;
    this.now = options.now ?? Date.now;
  }

  async get(scope: TaskScope, taskId: string): Promise<StoredTask | undefined> {
    const key = this.keys.task(this.keys.ref(scope, taskId));
    const [v, t, e] = await this.redis.hmget(key, "v", "t", "e");
    if (v == null || t == null) return undefined;
    if (e != null && Number(e) <= this.now()) return undefined;
    return { task: JSON.parse(t) as Task, version: Number(v) };
  }

  async create(scope: TaskScope, task: Task): Promise<StoredTask> {
    const ref = this.keys.ref(scope, task.id);
    const args = [this.keys.root, ref, this.now(), ...this.fields(scope, task)];
    const ok = await scripts.createTask.run(this.redis, [this.keys.task(ref)], args);
    if (ok !== 1) throw new ConflictError(task.id, 0);
    return { task, version: 1 };
  }

  async update(scope: TaskScope, task: Task, expectedVersion: number): Promise<StoredTask> {
    const ref = this.keys.ref(scope, task.id);
    const args = [this.keys.root, ref, this.now(), ...this.fields(scope, task), expectedVersion];
    const v = Number(await scripts.updateTask.run(this.redis, [this.keys.task(ref)], args));
    if (v < 0) throw new ConflictError(task.id, expectedVersion);
    return { task, version: v };
  }

  /**
   * Writes a task and its event in one Lua script when `queueStore` is a RedisQueueStore on the
   * same client and prefix (as `createRedisStores` makes them); otherwise undefined, and the
   * handler writes in two steps.
   *
   * Why one script rather than a log that tolerates late appends: in two steps, a CancelTask on
   * one instance can commit and append version n+1 between another instance's commit of n and
   * its append, which the log then refuses as out of order. Accepting that append late would put
   * n after n+1, and readers already past n+1 would skip it. One script orders the log by the
   * same compare-and-set that orders the versions, so the log has every version in order, and
   * costs one round trip instead of two. The task hash and the log share the `{prefix}` hash
   * tag, so the script stays within one Cluster slot.
   */
  committerFor(queueStore: QueueStore): TaskCommitter | undefined {
    if (!(queueStore instanceof RedisQueueStore)) return undefined;
    const bounds = queueStore.logBoundsFor(this.redis, this.keys.root);
    if (!bounds) return undefined;
    return {
      commit: (scope, task, expectedVersion, event) =>
        this.commit(scope, task, expectedVersion, event, bounds),
    };
  }

  private async commit(
    scope: TaskScope,
    task: Task,
    expectedVersion: number,
    event: StreamResponse | undefined,
    bounds: { maxEntries: number; endedTtlMs: number },
  ): Promise<StoredTask> {
    const ref = this.keys.ref(scope, task.id);
    const k = this.keys;
    const keys = [k.task(ref), k.log(ref), k.logCut(ref), k.push(ref), k.pushPending];
    const args = [
      k.root,
      ref,
      this.now(),
      ...this.fields(scope, task),
      expectedVersion,
      event === undefined ? "" : JSON.stringify(event),
      bounds.maxEntries,
      bounds.endedTtlMs,
    ];
    let v: number;
    try {
      v = Number(await scripts.commitTask.run(this.redis, keys, args));
    } catch (e) {
      throw appendFailure(e, task.id, expectedVersion + 1);
    }
    if (v < 0) throw new ConflictError(task.id, expectedVersion);
    return { task, version: v };
  }

  async list(scope: TaskScope, query: TaskListQuery): Promise<TaskListPage> {
    const base = this.keys.index(scope);
    const key =
      query.contextId !== undefined && query.status !== undefined
        ? `${base}:cs:${query.status}:${query.contextId}`
        : query.contextId !== undefined
          ? `${base}:c:${query.contextId}`
          : query.status !== undefined
            ? `${base}:s:${query.status}`
            : `${base}:all`;
    const max = query.after ? `(${indexMember(query.after.statusTimestamp, query.after.id)}` : "+";
    const min =
      query.statusTimestampAfter !== undefined
        ? `[${timeKey(timestampMs(query.statusTimestampAfter))}`
        : "-";
    const reply = (await scripts.listTasks.run(
      this.redis,
      [key],
      [this.keys.root, scopePart(scope), max, min, query.pageSize, this.now(), this.sweepBatch],
    )) as [number, number, ...string[]];
    const [total, more, ...json] = reply;
    const tasks = json.map((t) => JSON.parse(t) as Task);
    const last = tasks[tasks.length - 1];
    return {
      tasks,
      totalSize: Math.max(0, Number(total)),
      ...(more === 1 && last
        ? { next: { statusTimestamp: last.status.timestamp ?? "", id: last.id } }
        : {}),
    };
  }

  async delete(scope: TaskScope, taskId: string): Promise<boolean> {
    const ref = this.keys.ref(scope, taskId);
    const args = [this.keys.root, ref, this.now()];
    return (await scripts.deleteTask.run(this.redis, [this.keys.task(ref)], args)) === 1;
  }

  /** Drops up to `batch` tasks past retention (with their logs and configs); returns how many. */
  async sweep(batch = this.sweepBatch): Promise<number> {
    const args = [this.keys.root, this.now(), batch];
    return Number(await scripts.sweepEnded.run(this.redis, [this.keys.ended], args));
  }

  /** The arguments a script's `write_task` takes for this task. */
  fields(scope: TaskScope, task: Task): (string | number)[] {
    const state = task.status.state;
    return [
      // A terminal snapshot is the answer to the call that wrote it: its text is reused there.
      isTerminal(state) ? stringifyOnce(task) : JSON.stringify(task),
      indexMember(task.status.timestamp, task.id),
      state,
      task.contextId ?? "",
      scopePart(scope),
      isTerminal(state) ? this.now() + this.ttl : "",
      // Lets a retried write recognise that its first attempt already landed.
      randomUUID(),
    ];
  }
}
