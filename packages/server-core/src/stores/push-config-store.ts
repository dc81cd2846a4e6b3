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
  /** Removes every config of a task (and their cursors). */
  deleteAll(scope: TaskScope, taskId: string): Promise<void>;

  // Cursors let push delivery outlive the instance that registered a config. The three methods
  // below are optional: a store without them keeps delivery with the registering instance,
  // which is all a single process needs. Deleting a config drops its cursor.

  /**
   * The config's push cursor: the last seq of the task's log handed to the push outbox for it
   * (registration sets it just below the first seq to deliver). Undefined when the config or
   * its cursor does not exist.
   */
  getCursor?(scope: TaskScope, taskId: string, id: string): Promise<number | undefined>;
  /**
   * Raises the config's cursor to `seq`; a lower or equal `seq` leaves it as it is, so racing
   * writers never move it back. False when the config does not exist (nothing is stored).
   */
  advanceCursor?(scope: TaskScope, taskId: string, id: string, seq: number): Promise<boolean>;
  /**
   * Listens for tasks that got events from outside any request handler (such as
   * `@a2akit/redis`'s sweeper failing the tasks of an instance that stopped), so the handler
   * resumes their push delivery; returns the function that stops listening.
   */
  watchWrites?(listener: (scope: TaskScope, taskId: string) => void): () => void;
}
