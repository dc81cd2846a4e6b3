import { isTerminal, type Task, type TaskState } from "@a2akit/types";
import { msOfLastIso } from "../../iso-time.js";
import { stringifyOnce } from "../../json-text.js";
import { countOrZero, nonNegativeMs } from "../../option-checks.js";
import { IMMEDIATE, type ImmediateCommitter } from "../immediate.js";
import type { QueueStore } from "../queue-store.js";
import { scopeKey, type TaskScope } from "../scope.js";
import {
  ConflictError,
  type StoredTask,
  type TaskListPage,
  type TaskListQuery,
  type TaskStore,
} from "../task-store.js";
import { type EndedLogGiveBack, type EndedLogHolder, MemoryQueueStore } from "./queue-store.js";
import { packTask, unpackTask } from "./task-packing.js";

/** How long the in-memory stores keep finished tasks. */
export interface RetentionOptions {
  /** Keep a terminal task this long after it ended (default one hour). */
  terminalTtlMs?: number;
  /** Keep at most this many terminal tasks; the oldest go first (default 10,000). */
  maxTerminalTasks?: number;
  /** Run the time-based sweep at most this often, on writes (default one minute). */
  sweepIntervalMs?: number;
}

/** Options of {@link MemoryTaskStore}. */
export interface MemoryTaskStoreOptions extends RetentionOptions {
  /** The clock, in epoch milliseconds (injectable for tests). */
  now?: () => number;
  /** Called for every task the store evicts, so related logs and configs can go too. */
  onEvict?: (scope: TaskScope, taskId: string) => void;
}

interface Position {
  /**
   * `status.timestamp` in ms since the store was made (see `epoch`): near zero for tasks of
   * today, a small integer V8 keeps inside the entry rather than as a separate heap number.
   * Undefined until needed after a write of an active task (only ListTasks reads it).
   */
  ts: number | undefined;
  id: string;
}

interface Entry extends Position {
  scope: TaskScope;
  /**
   * The task as given; once terminal, packed into one string (see `task-packing.ts`). A finished
   * task is only ever read (and copied) from then on, and as a string it takes a fraction of the
   * memory of the object graph.
   */
  task: Task | string;
  /** Kept beside the task so ListTasks filters without parsing (and the packing leaves it out). */
  contextId: string | undefined;
  state: TaskState;
  version: number;
  /** When the task became terminal, in ms since the store was made; undefined while active. */
  endedAt: number | undefined;
  /** Neighbours in the list of terminal tasks, oldest end first (the eviction order). */
  older: Entry | undefined;
  newer: Entry | undefined;
  /**
   * The last seq of the task's event log once that log ended and nobody reads it (see
   * {@link MemoryTaskStore.holdEndedLogs}): a late reader still gets its gap or its end.
   */
  logEnd: number | undefined;
}

/**
 * The tasks of one scope, and the scope object their entries share. Kept here rather than read
 * off the map's first entry: after evictions a Map's iteration walks past every deleted slot
 * before the first live one, which made each create cost more the longer the store ran.
 */
class ScopeTasks extends Map<string, Entry> {
  constructor(readonly scope: TaskScope) {
    super();
  }
}

/**
 * A bounded in-memory TaskStore. Holds the object it is given (writers never mutate one after
 * handing it over; a terminal task is kept packed) and copies on read, so a write costs no clone.
 */
export class MemoryTaskStore implements TaskStore {
  private readonly scopes = new Map<string, ScopeTasks>();
  /**
   * Ends of the list of terminal tasks, linked through the entries themselves: no map entry or
   * boxed timestamp per finished task.
   */
  private oldest: Entry | undefined;
  private newest: Entry | undefined;
  private terminalCount = 0;
  /** How many entries hold an ended log's last seq. */
  private logEnds = 0;
  private giveBack: EndedLogGiveBack | undefined;
  /**
   * The clock when the store was made. Times are kept relative to it: small integers stay inside
   * the entry, where an epoch timestamp takes a 16-byte heap number of its own.
   */
  private readonly epoch: number;
  private readonly now: () => number;
  private readonly ttl: number;
  private readonly maxTerminal: number;
  private readonly sweepInterval: number;
  private readonly onEvict: ((scope: TaskScope, taskId: string) => void) | undefined;
  private lastSweep: number;

  /** A store with the given retention (one hour, 10,000 terminal tasks by default). */
  constructor(options: MemoryTaskStoreOptions = {}) {
    this.now = options.now ?? Date.now;
    this.ttl = nonNegativeMs(options.terminalTtlMs, 3_600_000, "terminalTtlMs");
    this.maxTerminal = countOrZero(options.maxTerminalTasks, 10_000, "maxTerminalTasks");
    this.sweepInterval = nonNegativeMs(options.sweepIntervalMs, 60_000, "sweepIntervalMs");
    this.onEvict = options.onEvict;
    this.lastSweep = this.now();
    this.epoch = this.lastSweep;
  }

  async get(scope: TaskScope, taskId: string): Promise<StoredTask | undefined> {
    const e = this.scopes.get(scopeKey(scope))?.get(taskId);
    return e ? { task: this.copyOf(e), version: e.version } : undefined;
  }

  async create(scope: TaskScope, task: Task): Promise<StoredTask> {
    return this.createNow(scope, task);
  }

  /** `create`, done before returning; throws instead of rejecting. */
  createNow(scope: TaskScope, task: Task): StoredTask {
    this.maybeSweep();
    const key = scopeKey(scope);
    let tasks = this.scopes.get(key);
    if (!tasks) {
      tasks = new ScopeTasks(scope);
      this.scopes.set(key, tasks);
    }
    if (tasks.has(task.id)) throw new ConflictError(task.id, 0);
    const entry: Entry = {
      // Every entry of a scope shares one scope object: callers pass a fresh one per request.
      scope: tasks.scope,
      id: task.id,
      task,
      contextId: task.contextId,
      state: task.status.state,
      version: 1,
      ts: undefined,
      endedAt: undefined,
      older: undefined,
      newer: undefined,
      logEnd: undefined,
    };
    this.keep(entry, task);
    tasks.set(task.id, entry);
    this.trackEnd(entry);
    return { task, version: 1 };
  }

  async update(scope: TaskScope, task: Task, expectedVersion: number): Promise<StoredTask> {
    return this.updateNow(scope, task, expectedVersion);
  }

  /** `update`, done before returning; throws instead of rejecting. */
  updateNow(scope: TaskScope, task: Task, expectedVersion: number): StoredTask {
    const entry = this.scopes.get(scopeKey(scope))?.get(task.id);
    if (!entry || entry.version !== expectedVersion) {
      throw new ConflictError(task.id, expectedVersion);
    }
    this.keep(entry, task);
    entry.version++;
    this.trackEnd(entry);
    // The caller keeps building on the object it passed, so no copy is needed here.
    return { task, version: entry.version };
  }

  /**
   * Writes for the task writer that land before returning, when `queueStore` is a memory queue
   * store: the snapshot, its event and, for a terminal task, the end of the log, in one step.
   */
  [IMMEDIATE](queueStore: QueueStore): ImmediateCommitter | undefined {
    // Only for these classes themselves: a subclass may override the writes this goes around.
    if (
      Object.getPrototypeOf(this) !== MemoryTaskStore.prototype ||
      !(queueStore instanceof MemoryQueueStore) ||
      Object.getPrototypeOf(queueStore) !== MemoryQueueStore.prototype
    ) {
      return undefined;
    }
    return {
      createNow: (scope, task) => this.createNow(scope, task),
      commitNow: (scope, task, expectedVersion, event) => {
        const entry = this.scopes.get(scopeKey(scope))?.get(task.id);
        if (!entry || entry.version !== expectedVersion) {
          throw new ConflictError(task.id, expectedVersion);
        }
        const seq = expectedVersion + 1;
        // Whatever could refuse the write is checked before anything is written.
        if (event) queueStore.checkAppend(scope, task.id, seq);
        const stored = this.updateNow(scope, task, expectedVersion);
        if (event) queueStore.appendNow(scope, task.id, seq, event);
        if (isTerminal(entry.state)) queueStore.endNow(scope, task.id);
        return stored;
      },
    };
  }

  async list(scope: TaskScope, query: TaskListQuery): Promise<TaskListPage> {
    const tasks = this.scopes.get(scopeKey(scope));
    if (!tasks) return { tasks: [], totalSize: 0 };
    const after =
      query.statusTimestampAfter !== undefined
        ? this.sinceEpoch(Date.parse(query.statusTimestampAfter))
        : undefined;
    const matches: Entry[] = [];
    for (const e of tasks.values()) {
      if (query.contextId !== undefined && e.contextId !== query.contextId) continue;
      if (query.status !== undefined && e.state !== query.status) continue;
      // Also sets the timestamp the sort below reads.
      const ts = this.timestampOf(e);
      if (after !== undefined && !(ts >= after)) continue;
      matches.push(e);
    }
    matches.sort(newestFirst);
    let start = 0;
    if (query.after) {
      const ts = this.sinceEpoch(Date.parse(query.after.statusTimestamp));
      const c = { ts, id: query.after.id };
      start = matches.findIndex((e) => newestFirst(e, c) > 0);
      if (start < 0) start = matches.length;
    }
    const page = matches.slice(start, start + query.pageSize).map((e) => this.copyOf(e));
    const last = page[page.length - 1];
    const more = start + page.length < matches.length;
    return {
      tasks: page,
      totalSize: matches.length,
      ...(more && last
        ? { next: { statusTimestamp: last.status.timestamp ?? "", id: last.id } }
        : {}),
    };
  }

  async delete(scope: TaskScope, taskId: string): Promise<boolean> {
    const tasks = this.scopes.get(scopeKey(scope));
    const entry = tasks?.get(taskId);
    if (!tasks || !entry) return false;
    this.remove(tasks, entry);
    // The log outlives a deleted task (only eviction drops both), so its end goes back there.
    if (entry.logEnd !== undefined) this.giveBack?.(scopeKey(entry.scope), entry.id, entry.logEnd);
    return true;
  }

  /** Evicts terminal tasks older than the retention time; returns how many went. */
  sweep(): number {
    this.lastSweep = this.now();
    const cutoff = this.lastSweep - this.epoch - this.ttl;
    let evicted = 0;
    for (let e = this.oldest; e && (e.endedAt as number) <= cutoff; e = this.oldest) {
      this.evict(e);
      evicted++;
    }
    return evicted;
  }

  /**
   * Lets a MemoryQueueStore keep the last seq of a task's ended, unread log on the task's entry,
   * where it goes when the task is evicted, instead of under a map entry of its own
   * (createMemoryStores wires this). When such a task is deleted rather than evicted, the seq
   * goes back through `giveBack`.
   */
  holdEndedLogs(giveBack: EndedLogGiveBack): EndedLogHolder {
    this.giveBack = giveBack;
    const find = (sk: string, taskId: string) => this.scopes.get(sk)?.get(taskId);
    return {
      get: (sk, taskId) => find(sk, taskId)?.logEnd,
      hold: (sk, taskId, lastSeq) => {
        const entry = find(sk, taskId);
        if (!entry) return false;
        if (entry.logEnd === undefined) this.logEnds++;
        entry.logEnd = lastSeq;
        return true;
      },
      release: (sk, taskId) => {
        const entry = find(sk, taskId);
        if (entry?.logEnd === undefined) return;
        entry.logEnd = undefined;
        this.logEnds--;
      },
      size: () => this.logEnds,
    };
  }

  /** How many tasks the store holds, across all scopes. */
  get size(): number {
    let n = 0;
    for (const tasks of this.scopes.values()) n += tasks.size;
    return n;
  }

  private maybeSweep(): void {
    if (this.now() - this.lastSweep >= this.sweepInterval) this.sweep();
  }

  /** Stores `task` in `entry`: as is while it can change, packed once it is terminal. */
  private keep(entry: Entry, task: Task): void {
    entry.state = task.status.state;
    entry.contextId = task.contextId;
    if (isTerminal(entry.state)) {
      const ms = parseTimestamp(task);
      entry.ts = this.sinceEpoch(ms);
      // Remembered: the answer to the call that finished the task is usually this very object.
      entry.task = packTask(task, ms, stringifyOnce(task));
    } else {
      // Parsed when ListTasks needs it: active tasks are written far more often than listed.
      entry.ts = undefined;
      entry.task = task;
    }
  }

  /** A copy the caller may change: the store's own value is never handed out. */
  private copyOf(entry: Entry): Task {
    if (typeof entry.task !== "string") return structuredClone(entry.task);
    const ms = (entry.ts as number) + this.epoch;
    return unpackTask(entry.task, entry.id, entry.contextId, entry.state, ms);
  }

  /** The entry's status timestamp (relative to `epoch`), parsed and kept on first use. */
  private timestampOf(entry: Entry): number {
    if (entry.ts === undefined) entry.ts = this.sinceEpoch(parseTimestamp(entry.task as Task));
    return entry.ts;
  }

  /** `ms` relative to `epoch`, as a small integer whenever it is one. */
  private sinceEpoch(ms: number): number {
    const d = ms - this.epoch;
    // V8 boxes the difference of two large numbers even when it is small; `| 0` (taken only
    // when it is exact) turns it into an integer kept inline.
    return (d | 0) === d ? d | 0 : d;
  }

  private trackEnd(entry: Entry): void {
    if (!isTerminal(entry.state) || entry.endedAt !== undefined) return;
    entry.endedAt = this.sinceEpoch(this.now());
    entry.older = this.newest;
    if (this.newest) this.newest.newer = entry;
    else this.oldest = entry;
    this.newest = entry;
    this.terminalCount++;
    while (this.terminalCount > this.maxTerminal && this.oldest) this.evict(this.oldest);
  }

  private evict(entry: Entry): void {
    const tasks = this.scopes.get(scopeKey(entry.scope));
    if (tasks) this.remove(tasks, entry);
    this.onEvict?.(entry.scope, entry.id);
  }

  private remove(tasks: ScopeTasks, entry: Entry): void {
    tasks.delete(entry.id);
    if (entry.endedAt !== undefined) this.unlink(entry);
    if (entry.logEnd !== undefined) this.logEnds--;
    if (tasks.size === 0) this.scopes.delete(scopeKey(entry.scope));
  }

  private unlink(entry: Entry): void {
    if (entry.older) entry.older.newer = entry.newer;
    else this.oldest = entry.newer;
    if (entry.newer) entry.newer.older = entry.older;
    else this.newest = entry.older;
    entry.older = undefined;
    entry.newer = undefined;
    this.terminalCount--;
  }
}

/** `status.timestamp` in epoch ms; 0 when missing or unreadable (such tasks sort last). */
function parseTimestamp(task: Task): number {
  const ts = task.status.timestamp;
  if (ts === undefined) return 0;
  const ms = msOfLastIso(ts) ?? Date.parse(ts);
  return Number.isNaN(ms) ? 0 : ms;
}

/** Negative when `a` comes before `b` in ListTasks order (newest status first, then id). */
function newestFirst(a: Position, b: Position): number {
  const at = a.ts as number;
  const bt = b.ts as number;
  if (at !== bt) return bt - at;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}
