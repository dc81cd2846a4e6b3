import type { TaskPushNotificationConfig } from "@a2akit/types";
import type { TaskScope } from "./scope.js";

/**
 * A push config as stored: `id` and `taskId` are always set. `protocolVersion` is the version
 * the config was created under (`"0.3"` configs get v0.3 push bodies); it is never sent back.
 */
export type StoredPushConfig = TaskPushNotificationConfig & {
  id: string;
  taskId: string;
  protocolVersion?: string;
};

/** One page of push configs, ordered by id. */
export interface PushConfigPage {
  readonly configs: StoredPushConfig[];
  /** The id the next page continues after; absent on the last page. */
  readonly next?: string;
}

/** Where webhook registrations live, per task and scope. */
export interface PushConfigStore {
  /** Stores a config, replacing one with the same id for the same task. */
  set(scope: TaskScope, config: StoredPushConfig): Promise<StoredPushConfig>;
  /** One config, or undefined. */
  get(scope: TaskScope, taskId: string, id: string): Promise<StoredPushConfig | undefined>;
  /** A page of the task's configs ordered by id, continuing strictly after `after`. */
  list(
    scope: TaskScope,
    taskId: string,
    options: { pageSize: number; after?: string },
  ): Promise<PushConfigPage>;
  /** Removes one config; true when it existed. */
  delete(scope: TaskScope, taskId: string, id: string): Promise<boolean>;
  /** Removes every config of a task. */
  deleteAll(scope: TaskScope, taskId: string): Promise<void>;
}
