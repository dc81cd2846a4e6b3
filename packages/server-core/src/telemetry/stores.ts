import type { PushConfigStore } from "../stores/push-config-store.js";
import type { QueueStore } from "../stores/queue-store.js";
import type { TaskCommitter, TaskStore } from "../stores/task-store.js";
import type { Instrumentation, StoreCall } from "./instrumentation.js";

/** The store methods that return a promise: each call becomes one observed store call. */
const OBSERVED: Record<StoreCall["store"], ReadonlySet<string>> = {
  task: new Set(["create", "get", "update", "list", "delete", "commit"]),
  queue: new Set(["append", "end", "signalCancel", "delete"]),
  push_config: new Set(["set", "get", "list", "delete", "deleteAll", "getCursor", "advanceCursor"]),
};

/**
 * Wraps a store so that each of its promise-returning methods reports to `storeCall`. Other
 * members (the queue's `read` iterator, `onCancel`, custom extras) pass through untouched.
 */
export function observeStore<S extends TaskStore | QueueStore | PushConfigStore | TaskCommitter>(
  store: S,
  kind: StoreCall["store"],
  instrumentation: Instrumentation,
): S {
  const observed = OBSERVED[kind];
  return new Proxy(store, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== "function") return value;
      if (typeof property !== "string" || !observed.has(property)) return value.bind(target);
      return (...args: unknown[]) => {
        const settle = instrumentation.storeCall({ store: kind, operation: property });
        let result: unknown;
        try {
          result = value.apply(target, args);
        } catch (error) {
          settle(error);
          throw error;
        }
        if (!(result instanceof Promise)) {
          settle();
          return result;
        }
        return result.then(
          (v) => {
            settle();
            return v;
          },
          (error) => {
            settle(error);
            throw error;
          },
        );
      };
    },
  });
}
