import type { PushConfigPage, PushConfigStore, StoredPushConfig } from "../push-config-store.js";
import { type TaskScope, taskKey } from "../scope.js";

/** An in-memory PushConfigStore; the handler's eviction drops a task's configs with it. */
export class MemoryPushConfigStore implements PushConfigStore {
  private readonly byTask = new Map<string, Map<string, StoredPushConfig>>();
  /** Push cursors per task, by config id (see {@link PushConfigStore.getCursor}). */
  private readonly cursors = new Map<string, Map<string, number>>();

  async set(scope: TaskScope, config: StoredPushConfig): Promise<StoredPushConfig> {
    const key = taskKey(scope, config.taskId);
    let configs = this.byTask.get(key);
    if (!configs) {
      configs = new Map();
      this.byTask.set(key, configs);
    }
    configs.set(config.id, structuredClone(config));
    return structuredClone(config);
  }

  async get(scope: TaskScope, taskId: string, id: string) {
    const config = this.byTask.get(taskKey(scope, taskId))?.get(id);
    return config ? structuredClone(config) : undefined;
  }

  async list(
    scope: TaskScope,
    taskId: string,
    options: { pageSize: number; after?: string },
  ): Promise<PushConfigPage> {
    const configs = this.byTask.get(taskKey(scope, taskId));
    if (!configs) return { configs: [] };
    const ids = [...configs.keys()].sort();
    const after = options.after;
    const start = after === undefined ? 0 : ids.findIndex((id) => id > after);
    const from = start < 0 ? ids.length : start;
    const page = ids.slice(from, from + options.pageSize);
    const more = from + page.length < ids.length;
    return {
      configs: page.map((id) => structuredClone(configs.get(id) as StoredPushConfig)),
      ...(more ? { next: page[page.length - 1] } : {}),
    };
  }

  async delete(scope: TaskScope, taskId: string, id: string): Promise<boolean> {
    const key = taskKey(scope, taskId);
    const configs = this.byTask.get(key);
    if (!configs?.delete(id)) return false;
    const cursors = this.cursors.get(key);
    cursors?.delete(id);
    if (cursors?.size === 0) this.cursors.delete(key);
    if (configs.size === 0) this.byTask.delete(key);
    return true;
  }

  async deleteAll(scope: TaskScope, taskId: string): Promise<void> {
    const key = taskKey(scope, taskId);
    this.byTask.delete(key);
    this.cursors.delete(key);
  }

  async getCursor(scope: TaskScope, taskId: string, id: string): Promise<number | undefined> {
    const key = taskKey(scope, taskId);
    if (!this.byTask.get(key)?.has(id)) return undefined;
    return this.cursors.get(key)?.get(id);
  }

  async advanceCursor(scope: TaskScope, taskId: string, id: string, seq: number): Promise<boolean> {
    const key = taskKey(scope, taskId);
    if (!this.byTask.get(key)?.has(id)) return false;
    let cursors = this.cursors.get(key);
    if (!cursors) {
      cursors = new Map();
      this.cursors.set(key, cursors);
    }
    if (seq > (cursors.get(id) ?? Number.NEGATIVE_INFINITY)) cursors.set(id, seq);
    return true;
  }

  /** How many tasks have at least one config. */
  get size(): number {
    return this.byTask.size;
  }
}
