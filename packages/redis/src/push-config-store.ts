import type {
  PushConfigPage,
  PushConfigStore,
  StoredPushConfig,
  TaskScope,
} from "@a2akit/server-core";
import type { Redis } from "ioredis";
import { Keys } from "./keys.js";
import { scripts } from "./scripts.js";

type WriteListener = (scope: TaskScope, taskId: string) => void;

/** Options of {@link RedisPushConfigStore}. */
export interface RedisPushConfigStoreOptions {
  /** Key prefix; every key starts with the hash tag `{prefix}` (default `a2a`). */
  prefix?: string;
}

/**
 * A PushConfigStore on Redis: one hash per task, config id to JSON. A task carries a handful of
 * configs, so a page reads the hash in one round trip and orders it by id here. The push
 * cursors sit in a second hash per task, so paging never meets them. The task store drops both
 * hashes with the task (delete and retention).
 */
export class RedisPushConfigStore implements PushConfigStore {
  private readonly keys: Keys;
  private readonly listeners = new Set<WriteListener>();

  /** A store on the given client (which the caller keeps owning). */
  constructor(
    private readonly redis: Redis,
    options: RedisPushConfigStoreOptions = {},
  ) {
    this.keys = new Keys(options.prefix ?? "a2a");
  }

  async set(scope: TaskScope, config: StoredPushConfig): Promise<StoredPushConfig> {
    const json = JSON.stringify(config);
    await this.redis.hset(this.key(scope, config.taskId), config.id, json);
    return JSON.parse(json) as StoredPushConfig;
  }

  async get(scope: TaskScope, taskId: string, id: string) {
    const json = await this.redis.hget(this.key(scope, taskId), id);
    return json === null ? undefined : (JSON.parse(json) as StoredPushConfig);
  }

  async list(
    scope: TaskScope,
    taskId: string,
    options: { pageSize: number; after?: string },
  ): Promise<PushConfigPage> {
    const all = await this.redis.hgetall(this.key(scope, taskId));
    const after = options.after;
    const ids = Object.keys(all)
      .filter((id) => after === undefined || id > after)
      .sort();
    const page = ids.slice(0, options.pageSize);
    return {
      configs: page.map((id) => JSON.parse(all[id] as string) as StoredPushConfig),
      ...(ids.length > page.length ? { next: page[page.length - 1] } : {}),
    };
  }

  async delete(scope: TaskScope, taskId: string, id: string): Promise<boolean> {
    const ref = this.keys.ref(scope, taskId);
    const [[, removed] = []] =
      (await this.redis
        .multi()
        .hdel(this.keys.push(ref), id)
        .hdel(this.keys.pushCursor(ref), id)
        .exec()) ?? [];
    return removed === 1;
  }

  async deleteAll(scope: TaskScope, taskId: string): Promise<void> {
    const ref = this.keys.ref(scope, taskId);
    await this.redis.del(this.keys.push(ref), this.keys.pushCursor(ref));
  }

  async getCursor(scope: TaskScope, taskId: string, id: string): Promise<number | undefined> {
    const ref = this.keys.ref(scope, taskId);
    const [[, exists] = [], [, cursor] = []] =
      (await this.redis
        .multi()
        .hexists(this.keys.push(ref), id)
        .hget(this.keys.pushCursor(ref), id)
        .exec()) ?? [];
    return exists === 1 && typeof cursor === "string" ? Number(cursor) : undefined;
  }

  async advanceCursor(scope: TaskScope, taskId: string, id: string, seq: number) {
    const ref = this.keys.ref(scope, taskId);
    const keys = [this.keys.push(ref), this.keys.pushCursor(ref), this.keys.pushPending];
    const args = [this.keys.root, ref, id, seq];
    return (await scripts.advancePushCursor.run(this.redis, keys, args)) === 1;
  }

  /**
   * Listeners hear of tasks given events outside any request handler in this process (the
   * stores' sweeper failing the task of a stopped instance): see {@link notifyWritten}.
   */
  watchWrites(listener: WriteListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /**
   * Tells this store's listeners that a task got an event outside any request handler, so a
   * handler here resumes its push delivery. `createRedisStores` wires its sweeper to it; call
   * it yourself after writing to a task's log by other means.
   */
  notifyWritten(scope: TaskScope, taskId: string): void {
    for (const listener of [...this.listeners]) listener(scope, taskId);
  }

  private key(scope: TaskScope, taskId: string): string {
    return this.keys.push(this.keys.ref(scope, taskId));
  }
}
