import type {
  PushConfigPage,
  PushConfigStore,
  StoredPushConfig,
  TaskScope,
} from "@a2akit/server-core";
import type { Redis } from "ioredis";
import { Keys } from "./keys.js";

/** Options of {@link RedisPushConfigStore}. */
export interface RedisPushConfigStoreOptions {
  /** Key prefix; every key starts with the hash tag `{prefix}` (default `a2a`). */
  prefix?: string;
}

/**
 * A PushConfigStore on Redis: one hash per task, config id to JSON. A task carries a handful of
 * configs, so a page reads the hash in one round trip and orders it by id here. The task store
 * drops the hash with the task (delete and retention).
 */
export class RedisPushConfigStore implements PushConfigStore {
  private readonly keys: Keys;

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
    return (await this.redis.hdel(this.key(scope, taskId), id)) === 1;
  }

  async deleteAll(scope: TaskScope, taskId: string): Promise<void> {
    await this.redis.del(this.key(scope, taskId));
  }

  private key(scope: TaskScope, taskId: string): string {
    return this.keys.push(this.keys.ref(scope, taskId));
  }
}
