import { isTerminal, type Task, type TaskState } from "@a2akit/types";
import { countOrZero, nonNegativeMs } from "../../option-checks.js";
import { scopeKey, type TaskScope } from "../scope.js";
import {
  ConflictError,
  type StoredTask,
  type TaskListPage,
  type TaskListQuery,
  type TaskStore,
} from "../task-store.js";

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
  /** `status.timestamp` in epoch ms. */
  ts: number;
  id: string;
}

interface Entry extends Position {
  scope: TaskScope;
  /**
   * The task as given; once terminal, its JSON. A finished task is only ever read (and copied)
   * from then on, and as one string it takes about half the memory of the object graph.
   */
  task: Task | string;
  /** Kept beside the task so ListTasks filters without parsing. */
  contextId: string | undefined;
  state: TaskState;
  version: number;
}

/**
 * A bounded in-memory TaskStore. Holds the object it is given (writers never mutate one after
 * handing it over; a terminal task is kept as JSON) and copies on read, so a write costs no clone.
 */
export class MemoryTaskStore implements TaskStore {
  private readonly scopes = new Map<string, Map<string, Entry>>();
  /** Terminal tasks in the order they ended (Map keeps insertion order): eviction order. */
  private readonly ended = new Map<Entry, number>();
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
  }

  async get(scope: TaskScope, taskId: string): Promise<StoredTask | undefined> {
    const e = this.scopes.get(scopeKey(scope))?.get(taskId);
    return e ? { task: copyOf(e), version: e.version } : undefined;
  }

  async create(scope: TaskScope, task: Task): Promise<StoredTask> {
    this.maybeSweep();
    const key = scopeKey(scope);
    let tasks = this.scopes.get(key);
    if (!tasks) {
      tasks = new Map();
      this.scopes.set(key, tasks);
    }
    if (tasks.has(task.id)) throw new ConflictError(task.id, 0);
    // Every entry of a scope shares one scope object: callers pass a fresh one per request.
    const first: Entry | undefined = tasks.values().next().value;
    const entry: Entry = {
      scope: first?.scope ?? scope,
      id: task.id,
      task,
      contextId: task.contextId,
      state: task.status.state,
      version: 1,
      ts: 0,
    };
    keep(entry, task);
    tasks.set(task.id, entry);
    this.trackEnd(entry);
    return { task, version: 1 };
  }

  async update(scope: TaskScope, task: Task, expectedVersion: number): Promise<StoredTask> {
    const entry = this.scopes.get(scopeKey(scope))?.get(task.id);
    if (!entry || entry.version !== expectedVersion) {
      throw new ConflictError(task.id, expectedVersion);
    }
    keep(entry, task);
    entry.version++;
    this.trackEnd(entry);
    // The caller keeps building on the object it passed, so no copy is needed here.
    return { task, version: entry.version };
  }

  async list(scope: TaskScope, query: TaskListQuery): Promise<TaskListPage> {
    const tasks = this.scopes.get(scopeKey(scope));
    if (!tasks) return { tasks: [], totalSize: 0 };
    const after =
      query.statusTimestampAfter !== undefined ? Date.parse(query.statusTimestampAfter) : undefined;
    const matches: Entry[] = [];
    for (const e of tasks.values()) {
      if (query.contextId !== undefined && e.contextId !== query.contextId) continue;
      if (query.status !== undefined && e.state !== query.status) continue;
      if (after !== undefined && !(e.ts >= after)) continue;
      matches.push(e);
    }
    matches.sort(newestFirst);
    let start = 0;
    if (query.after) {
      const c = { ts: Date.parse(query.after.statusTimestamp), id: query.after.id };
      start = matches.findIndex((e) => newestFirst(e, c) > 0);
      if (start < 0) start = matches.length;
    }
    const page = matches.slice(start, start + query.pageSize).map(copyOf);
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
    return true;
  }

  /** Evicts terminal tasks older than the retention time; returns how many went. */
  sweep(): number {
    this.lastSweep = this.now();
    const cutoff = this.lastSweep - this.ttl;
    let evicted = 0;
    for (const [entry, endedAt] of this.ended) {
      if (endedAt > cutoff) break;
      this.evict(entry);
      evicted++;
    }
    return evicted;
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

  private trackEnd(entry: Entry): void {
    if (!isTerminal(entry.state) || this.ended.has(entry)) return;
    this.ended.set(entry, this.now());
    while (this.ended.size > this.maxTerminal) {
      const oldest = this.ended.keys().next().value as Entry;
      this.evict(oldest);
    }
  }

  private evict(entry: Entry): void {
    const tasks = this.scopes.get(scopeKey(entry.scope));
    if (tasks) this.remove(tasks, entry);
    this.onEvict?.(entry.scope, entry.id);
  }

  private remove(tasks: Map<string, Entry>, entry: Entry): void {
    tasks.delete(entry.id);
    this.ended.delete(entry);
    if (tasks.size === 0) this.scopes.delete(scopeKey(entry.scope));
  }
}

/** Stores `task` in `entry`: as is while it can change, as JSON once it is terminal. */
function keep(entry: Entry, task: Task): void {
  entry.state = task.status.state;
  entry.contextId = task.contextId;
  entry.ts = timestampOf(task);
  entry.task = isTerminal(entry.state) ? JSON.stringify(task) : task;
}

/** A copy the caller may change: the store's own value is never handed out. */
function copyOf(entry: Entry): Task {
  return typeof entry.task === "string"
    ? (JSON.parse(entry.task) as Task)
    : structuredClone(entry.task);
}

function timestampOf(task: Task): number {
  const ts = task.status.timestamp;
  const ms = ts === undefined ? Number.NaN : Date.parse(ts);
  return Number.isNaN(ms) ? 0 : ms;
}

/** Negative when `a` comes before `b` in ListTasks order (newest status first, then id). */
function newestFirst(a: Position, b: Position): number {
  if (a.ts !== b.ts) return b.ts - a.ts;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}
