import type { Logger, TaskScope } from "@a2akit/server-core";
import { agentMessage, type StreamResponse, type Task, type TaskStatus } from "@a2akit/types";
import type { Redis } from "ioredis";
import { type Keys, parseRef } from "./keys.js";
import { scripts } from "./scripts.js";
import type { RedisTaskStore } from "./task-store.js";

/** The status message of a task failed because its execution lease ran out. */
export const INSTANCE_STOPPED_TEXT =
  "The agent instance running this task stopped before it finished.";

/** What one sweep did. */
export interface SweepResult {
  /** Tasks past retention dropped (with their logs and push configs). */
  expired: number;
  /** Tasks failed because the instance running them stopped renewing its lease. */
  orphaned: number;
  /**
   * Tasks with an event that no push reader queued for longer than a lease: reported to
   * `onOrphan`, so a handler here resumes their push delivery.
   */
  pushStalled: number;
}

/** Options of {@link OrphanSweeper}. */
export interface OrphanSweeperOptions {
  /** Ended logs' time to live, in ms (as the queue store keeps them). */
  endedLogTtlMs: number;
  /** Leases handled per sweep (default 100). */
  batch?: number;
  /** An event not queued for push after this long, in ms, means its reader stopped (default 30 s). */
  pushStaleMs?: number;
  now: () => number;
  logger: Logger;
  /**
   * Told of each task whose execution lease ran out, after failing it if it was still running.
   * A task that had already ended is reported too: its instance may have stopped before its
   * last events were pushed. Also told of tasks whose push reader stopped (see `pushStalled`).
   */
  onOrphan?: (scope: TaskScope, taskId: string) => void;
}

/**
 * Finds executions whose lease ran out (the instance died or lost Redis for longer than the
 * lease) and fails their tasks: snapshot, event and the end of the log in one script, so
 * readers on any instance finish. Also drops tasks past their retention. Any number of
 * instances may sweep at once: the script re-checks the lease, so each task is failed once.
 */
export class OrphanSweeper {
  private readonly batch: number;
  private readonly pushStaleMs: number;

  /** A sweeper over the given stores' keys. */
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
    private readonly taskStore: RedisTaskStore,
    private readonly options: OrphanSweeperOptions,
  ) {
    this.batch = options.batch ?? 100;
    this.pushStaleMs = options.pushStaleMs ?? 30_000;
  }

  /** Runs one sweep now. */
  async sweep(): Promise<SweepResult> {
    let expired = 0;
    for (let round = 0; round < 10; round++) {
      const n = await this.taskStore.sweep();
      expired += n;
      if (n === 0) break;
    }
    const refs = (await scripts.expiredLeases.run(
      this.redis,
      [this.keys.leases],
      [this.batch],
    )) as string[];
    let orphaned = 0;
    for (const ref of refs) {
      try {
        if (await this.failOrphan(ref)) orphaned++;
      } catch (error) {
        this.options.logger.error("Could not fail a task whose instance stopped", { ref, error });
      }
    }
    return { expired, orphaned, pushStalled: await this.stalledPushes() };
  }

  /**
   * Tasks whose latest event was not queued for push within `pushStaleMs`: the instance whose
   * reader should have queued it stopped (say, right after its execution ended and gave its
   * lease back), and nothing else wrote to the task since.
   */
  private async stalledPushes(): Promise<number> {
    const refs = (await scripts.stalePush.run(
      this.redis,
      [this.keys.pushPending],
      [this.keys.root, this.pushStaleMs, this.batch],
    )) as string[];
    for (const ref of refs) {
      const parsed = parseRef(ref);
      if (parsed) this.options.onOrphan?.(parsed.scope as TaskScope, parsed.taskId);
    }
    return refs.length;
  }

  private async failOrphan(ref: string): Promise<boolean> {
    const parsed = parseRef(ref);
    const tkey = this.keys.task(ref);
    const base = [this.keys.root, ref, this.options.now()];
    for (let attempt = 0; attempt < 8; attempt++) {
      const stored = parsed ? await this.taskStore.get(parsed.scope, parsed.taskId) : undefined;
      const state = stored?.task.status.state;
      if (
        !parsed ||
        !stored ||
        (state !== "TASK_STATE_SUBMITTED" && state !== "TASK_STATE_WORKING")
      ) {
        // Nothing left running (or waiting for input): only the stale lease goes.
        await scripts.failOrphan.run(this.redis, [tkey], [...base, "", "", "", "", "", "", "", 0]);
        if (parsed && stored) this.options.onOrphan?.(parsed.scope as TaskScope, parsed.taskId);
        return false;
      }
      const { task, event } = failed(stored.task, this.options.now());
      const args = [
        ...base,
        ...this.taskStore.fields(parsed.scope as TaskScope, task),
        stored.version,
        JSON.stringify(event),
        this.options.endedLogTtlMs,
      ];
      const v = Number(await scripts.failOrphan.run(this.redis, [tkey], args));
      if (v > 0) {
        this.options.logger.warn("Failed a task whose agent instance stopped", {
          taskId: parsed.taskId,
          tenant: parsed.scope.tenant,
        });
        this.options.onOrphan?.(parsed.scope as TaskScope, parsed.taskId);
        return true;
      }
      if (v === 0) return false;
    }
    return false;
  }
}

/** The task failed with the "instance stopped" message, and the event saying so. */
function failed(task: Task, now: number): { task: Task; event: StreamResponse } {
  const contextId = task.contextId ?? "";
  const status: TaskStatus = {
    state: "TASK_STATE_FAILED",
    timestamp: new Date(now).toISOString(),
    message: agentMessage({ parts: INSTANCE_STOPPED_TEXT, contextId, taskId: task.id }),
  };
  // As the handler does: the previous status message moves into history.
  const previous = task.status.message;
  const next: Task = { ...task, status };
  if (previous) next.history = [...(task.history ?? []), previous];
  return { task: next, event: { statusUpdate: { taskId: task.id, contextId, status } } };
}
