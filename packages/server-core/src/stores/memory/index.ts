import type { TaskScope } from "../scope.js";
import { MemoryPushConfigStore } from "./push-config-store.js";
import { MemoryQueueStore, type MemoryQueueStoreOptions } from "./queue-store.js";
import { MemoryTaskStore, type RetentionOptions } from "./task-store.js";

/** Options of {@link createMemoryStores}. */
export interface MemoryStoresOptions extends RetentionOptions, MemoryQueueStoreOptions {
  /** The clock, in epoch milliseconds (injectable for tests). */
  now?: () => number;
}

/** The three in-memory stores, wired so evicting a task also drops its log and push configs. */
export interface MemoryStores {
  taskStore: MemoryTaskStore;
  queueStore: MemoryQueueStore;
  pushConfigStore: MemoryPushConfigStore;
  /** Evicts expired terminal tasks (with their logs and configs) now; returns how many went. */
  sweep(): number;
}

/** Creates bounded in-memory stores that evict finished tasks together with their data. */
export function createMemoryStores(options: MemoryStoresOptions = {}): MemoryStores {
  const pushConfigStore = new MemoryPushConfigStore();
  const onEvict = (scope: TaskScope, taskId: string) => {
    // Both memory stores settle synchronously, so nothing is left pending here.
    void queueStore.delete(scope, taskId);
    void pushConfigStore.deleteAll(scope, taskId);
  };
  const taskStore = new MemoryTaskStore({ ...options, onEvict });
  // A finished task's ended log leaves its last seq on the task's entry, which goes with it.
  const queueStore = new MemoryQueueStore(options, (giveBack) => taskStore.holdEndedLogs(giveBack));
  return { taskStore, queueStore, pushConfigStore, sweep: () => taskStore.sweep() };
}
