import type { StreamResponse, Task, TaskState } from "@a2akit/types";
import { brandErrorClass, hasBrand } from "./brand.js";
import type { QueueStore } from "./queue-store.js";
import type { TaskScope } from "./scope.js";

/** A task snapshot with the version a compare-and-set update must name. */
export interface StoredTask {
  readonly task: Task;
  /** Grows by one on every successful write; the first version is 1. */
  readonly version: number;
}

/**
 * A position in the ListTasks order (status timestamp descending, then id descending). A page
 * continues strictly after it.
 */
export interface TaskCursor {
  readonly statusTimestamp: string;
  readonly id: string;
}

/** ListTasks filters (ANDed) and paging, already validated by the caller. */
export interface TaskListQuery {
  readonly contextId?: string;
  readonly status?: TaskState;
  /** Keep tasks whose `status.timestamp` is at or after this instant (ISO 8601). */
  readonly statusTimestampAfter?: string;
  /** 1..100. */
  readonly pageSize: number;
  /** Continue after this position; absent for the first page. */
  readonly after?: TaskCursor;
}

/** One page of tasks, newest status first. */
export interface TaskListPage {
  readonly tasks: Task[];
  /** Every match of the filters, before paging. */
  readonly totalSize: number;
  /** Where the next page starts; absent on the last page. */
  readonly next?: TaskCursor;
}

/** Thrown by {@link TaskStore} writes that lose a compare-and-set race. */
export class ConflictError extends Error {
  override readonly name = "ConflictError";
  /** Which task, and the version the writer expected. */
  constructor(
    readonly taskId: string,
    readonly expectedVersion: number,
  ) {
    super(
      expectedVersion === 0
        ? `Task ${taskId} already exists`
        : `Task ${taskId} changed since version ${expectedVersion}`,
    );
  }

  /** Also true for a ConflictError thrown by another copy of this package (see `brand.ts`). */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return hasBrand(value, CONFLICT);
  }
}
const CONFLICT = Symbol.for("@a2akit/server-core.ConflictError");
brandErrorClass(ConflictError, CONFLICT);

/**
 * Where task snapshots live. Every method is scoped; a task in another scope does not exist for
 * the caller. A task handed to `create`/`update` becomes the store's: they may return that same
 * object, and nobody mutates it afterwards. `get` and `list` return copies the caller owns.
 */
export interface TaskStore {
  /** The task and its version, or undefined when the scope holds no such task. */
  get(scope: TaskScope, taskId: string): Promise<StoredTask | undefined>;
  /** Stores a new task at version 1; ConflictError when the id is taken in this scope. */
  create(scope: TaskScope, task: Task): Promise<StoredTask>;
  /**
   * Replaces the task if its version is still `expectedVersion`, and returns the new version.
   * ConflictError when another write got there first or the task is gone.
   */
  update(scope: TaskScope, task: Task, expectedVersion: number): Promise<StoredTask>;
  /** Filters, orders (status timestamp descending, id descending) and pages the scope's tasks. */
  list(scope: TaskScope, query: TaskListQuery): Promise<TaskListPage>;
  /** Removes a task; true when it existed. */
  delete(scope: TaskScope, taskId: string): Promise<boolean>;
  /**
   * Optional: a committer for tasks whose event log is `queueStore`, when this store can write
   * that log in the same atomic step as the snapshot; undefined when it cannot (the log lives
   * elsewhere). Without one, the handler updates the snapshot and then appends the event: fine
   * within one process, which serializes each task's writes, but two instances writing the
   * same task could then reach the log out of order, and the later append refuses the earlier.
   */
  committerFor?(queueStore: QueueStore): TaskCommitter | undefined;
}

/** Writes a task's snapshot and its event log together (see {@link TaskStore.committerFor}). */
export interface TaskCommitter {
  /**
   * Replaces the task if its version is still `expectedVersion` and, in the same atomic step,
   * appends `event` (when given) to the task's log at the new version and ends the log when the
   * task is now terminal. ConflictError when another write got there first; an error as from
   * `QueueStore.append` when the log refuses the event. Either way nothing is written.
   */
  commit(
    scope: TaskScope,
    task: Task,
    expectedVersion: number,
    event: StreamResponse | undefined,
  ): Promise<StoredTask>;
}
