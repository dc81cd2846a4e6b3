import {
  isTerminal,
  type StreamResponse,
  type Task,
  TaskNotFoundError,
  type TaskState,
} from "@a2akit/types";
import type { ImmediateCommitter } from "../stores/immediate.js";
import type { QueueStore } from "../stores/queue-store.js";
import type { TaskScope } from "../stores/scope.js";
import {
  ConflictError,
  type StoredTask,
  type TaskCommitter,
  type TaskStore,
} from "../stores/task-store.js";

/** A change to a task: the next snapshot and, when clients should hear of it, the event. */
export interface TaskChange {
  task: Task;
  event?: StreamResponse;
}

/** A caller waiting for the task to reach a state (see {@link TaskWriter.whenState}). */
export interface StateWaiter {
  readonly test: (state: TaskState) => boolean;
  /** Called once, with the first snapshot that passes `test` or nothing (see `wakeAll`). */
  readonly wake: (stored: StoredTask | undefined) => void;
}

/** Writes a task makes before its writer lets the event loop take a turn (see `commit`). */
const WRITES_PER_TURN = 32;

const schedule: (run: () => void) => unknown =
  typeof setImmediate === "function" ? setImmediate : (run) => setTimeout(run, 0);

/** Resolves after the event loop has taken a turn (timers, I/O and pending writes run). */
function nextTurn(): Promise<void> {
  return new Promise((resolve) => schedule(resolve));
}

const ignore = () => undefined;

/** How many times a write re-reads and re-applies after losing a compare-and-set race. */
const MAX_ATTEMPTS = 16;

/**
 * The single writer path of one task: applies a change to the snapshot with compare-and-set,
 * then (persist before publish) appends its event to the log at the new version. Writes are
 * serialized per task within the process, so log entries are appended in version order. Writers
 * on other instances are not: when the stores offer a {@link TaskCommitter}, the snapshot and
 * the event are one atomic write, so the log stays in version order across instances too.
 */
export class TaskWriter {
  /** Runs and callers currently holding this writer. */
  refs = 0;
  /** Events this writer appended to the log (for telemetry). */
  events = 0;
  /** The last write queued, while any is in flight (see `enter`). */
  private tail: Promise<unknown> | undefined;
  private inFlight = 0;
  private snapshot: StoredTask | undefined;
  private writesSinceYield = 0;
  private waiters: StateWaiter[] = [];

  /** A writer for one task in one scope. */
  constructor(
    private readonly taskStore: TaskStore,
    private readonly queueStore: QueueStore,
    readonly scope: TaskScope,
    readonly taskId: string,
    private readonly committer?: TaskCommitter,
    private readonly immediate?: ImmediateCommitter,
  ) {}

  /** The last snapshot this writer read or wrote (a cache; the store stays the truth). */
  get current(): StoredTask | undefined {
    return this.snapshot;
  }

  set current(stored: StoredTask | undefined) {
    this.snapshot = stored;
    const waiters = this.waiters;
    if (waiters.length === 0 || !stored) return;
    const state = stored.task.status.state;
    let kept = 0;
    for (const w of waiters) {
      if (w.test(state)) w.wake(stored);
      else waiters[kept++] = w;
    }
    waiters.length = kept;
  }

  /**
   * Wakes `waiter` with the first snapshot this writer holds whose state passes its test (at
   * once when the current one does). Every write to the task on this instance goes through this
   * writer, and a write that lost to another instance reloads the snapshot here, so a blocking
   * call can wait on this instead of reading the event log back.
   */
  whenState(waiter: StateWaiter): void {
    const now = this.snapshot;
    if (now && waiter.test(now.task.status.state)) waiter.wake(now);
    else this.waiters.push(waiter);
  }

  /** Stops waiting for `waiter` (it is not woken). */
  forget(waiter: StateWaiter): void {
    const i = this.waiters.indexOf(waiter);
    if (i >= 0) this.waiters.splice(i, 1);
  }

  /**
   * Wakes every waiter, with nothing: the run writing the task has ended, so what it wrote (or
   * had refused) is already here and no state they wait for is coming from it.
   */
  wakeAll(): void {
    if (this.waiters.length === 0) return;
    // Emptied in place, not swapped for a new array: V8 may have allocated this one in the old
    // generation (it pretenures allocation sites whose objects tend to survive), and an old
    // array dropped with its waiters still in it would keep each waiter's whole request alive
    // through every young collection until the next full one.
    const waiters = this.waiters.splice(0);
    for (const w of waiters) w.wake(undefined);
  }

  /** Stores a brand-new task (version 1). No event: readers start from its snapshot. */
  create(task: Task): Promise<StoredTask> {
    if (this.immediate && this.inFlight === 0) {
      try {
        this.current = this.immediate.createNow(this.scope, task);
        return Promise.resolve(this.current);
      } catch (e) {
        return Promise.reject(e);
      }
    }
    const prev = this.enter();
    const run = this.createAfter(prev, task);
    if (this.inFlight > 0) this.tail = run;
    return run;
  }

  private async createAfter(prev: Promise<unknown> | undefined, task: Task): Promise<StoredTask> {
    try {
      if (prev) await prev.then(ignore, ignore);
      this.current = await this.taskStore.create(this.scope, task);
      return this.current;
    } finally {
      this.leave();
    }
  }

  /**
   * Applies `change` to the latest snapshot and publishes its event. `change` may throw to refuse
   * (for example when the task is already terminal); it is re-run after a lost race.
   */
  commit(change: (task: Task) => TaskChange): Promise<StoredTask> {
    const cur = this.snapshot;
    if (
      this.immediate &&
      cur &&
      this.inFlight === 0 &&
      this.writesSinceYield + 1 < WRITES_PER_TURN
    ) {
      this.writesSinceYield++;
      try {
        const next = change(cur.task);
        const stored = this.immediate.commitNow(this.scope, next.task, cur.version, next.event);
        this.current = stored;
        if (next.event) this.events++;
        return Promise.resolve(stored);
      } catch (e) {
        // A write from outside this writer got there first: the path below re-reads and retries.
        if (!(e instanceof ConflictError)) return Promise.reject(e);
      }
    }
    const prev = this.enter();
    const run = this.commitAfter(prev, change);
    if (this.inFlight > 0) this.tail = run;
    return run;
  }

  private async commitAfter(
    prev: Promise<unknown> | undefined,
    change: (task: Task) => TaskChange,
  ): Promise<StoredTask> {
    try {
      if (prev) await prev.then(ignore, ignore);
      // On stores that answer at once, an agent writing back to back never leaves the microtask
      // queue, and nothing else on the server runs until it stops: not the stream sending these
      // very events, not other requests. Every so many writes, the writer steps out for a turn.
      if (++this.writesSinceYield >= WRITES_PER_TURN) {
        this.writesSinceYield = 0;
        await nextTurn();
      }
      for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
        const cur = this.current ?? (await this.reload());
        const next = change(cur.task);
        let stored: StoredTask;
        try {
          stored = this.committer
            ? await this.committer.commit(this.scope, next.task, cur.version, next.event)
            : await this.taskStore.update(this.scope, next.task, cur.version);
        } catch (e) {
          if (!(e instanceof ConflictError)) throw e;
          await this.reload();
          continue;
        }
        this.current = stored;
        if (this.committer) {
          // The event, and the end of the log for a terminal task, went with the snapshot.
          if (next.event) this.events++;
          return stored;
        }
        if (next.event) {
          await this.queueStore.append(this.scope, this.taskId, stored.version, next.event);
          this.events++;
        }
        if (isTerminal(stored.task.status.state)) {
          await this.queueStore.end(this.scope, this.taskId);
        }
        return stored;
      }
      throw new ConflictError(this.taskId, this.current?.version ?? 0);
    } finally {
      this.leave();
    }
  }

  private async reload(): Promise<StoredTask> {
    const fresh = await this.taskStore.get(this.scope, this.taskId);
    if (!fresh) throw TaskNotFoundError.forTask(this.taskId);
    this.current = fresh;
    return fresh;
  }

  /**
   * Writes run one at a time, in call order: a write waits for the one queued before it, if
   * any is still in flight. When none is (the usual case), it starts at once, in the caller's
   * turn, without a promise chained to wait on.
   */
  private enter(): Promise<unknown> | undefined {
    return this.inFlight++ > 0 ? this.tail : undefined;
  }

  private leave(): void {
    if (--this.inFlight === 0) this.tail = undefined;
  }
}
