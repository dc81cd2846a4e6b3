import { isTerminal, type StreamResponse } from "@a2akit/types";
import type { Logger } from "../handler/types.js";
import type { PushConfigStore, StoredPushConfig } from "../stores/push-config-store.js";
import { QueueGapError, type QueueStore } from "../stores/queue-store.js";
import type { TaskScope } from "../stores/scope.js";
import type { TaskStore } from "../stores/task-store.js";
import { type PushDeliveries, pushQueueKey } from "./deliveries.js";

/** What the followers read. */
export interface PushFollowerSources {
  taskStore: TaskStore;
  queueStore: QueueStore;
  pushConfigStore: PushConfigStore;
  deliveries: PushDeliveries;
  logger: Logger;
}

/** Configs read per page when resuming a task's followers. */
const RESUME_PAGE = 100;

/**
 * The outbox id of one event for one config. Derived, not random: a second reader handing the
 * same event to a durable outbox (another instance resuming, or a restart re-reading the last
 * event) is recognized as a job the outbox already holds. The queue key is unambiguous, and
 * the seq follows its closing bracket.
 */
export function pushJobId(queue: string, seq: number): string {
  return `${queue}#${seq}`;
}

/**
 * One reader of a task's log per push config: from the sequence at which the config was
 * registered, every event is handed to the outbox. Reading is decoupled from sending, so a slow
 * webhook never holds up the task or its other readers.
 *
 * Surviving instances (with a store that keeps cursors, such as `@a2akit/redis`'s): after each
 * event is handed to the outbox, the config's cursor in the PushConfigStore moves to its seq.
 * Whoever writes to a task next — a message continuing it, a cancel, or the sweeper failing the
 * task of a stopped instance — resumes a follower from the cursor for each config no reader of
 * this process follows. A store may also report, through `watchWrites`, a task whose latest
 * event no reader queued in time (its writer died before its follower read it).
 *
 * Why resume at write time rather than hold leases on followers: a task only gets new events
 * through such a write, so that is exactly when a lost follower matters, and it costs nothing
 * while no one writes. A resumed follower may run next to the original one on another
 * instance; the durable outbox drops a job whose event it already queued (see
 * {@link pushJobId} and `@a2akit/redis`'s outbox), so the webhook still sees each event once,
 * in order. A cursor trails the outbox by at most the event being handed over, so a restart
 * re-reads at most that one event, never the whole log.
 */
export class PushFollowers {
  private readonly running = new Map<string, { stop: AbortController; done: Promise<void> }>();
  private closed = false;

  /** Followers over the given stores. */
  constructor(private readonly sources: PushFollowerSources) {}

  /**
   * A config was registered: records its cursor (just below `fromSeq`) so another instance can
   * take over, then follows the log from `fromSeq` here.
   */
  async register(scope: TaskScope, taskId: string, configId: string, fromSeq: number) {
    await this.sources.pushConfigStore.advanceCursor?.(scope, taskId, configId, fromSeq - 1);
    this.follow(scope, taskId, configId, fromSeq);
  }

  /** Starts following the log for one config from `fromSeq`; replaces a follower of the same config. */
  follow(scope: TaskScope, taskId: string, configId: string, fromSeq: number): void {
    if (this.closed) return;
    const key = pushQueueKey(scope, taskId, configId);
    this.running.get(key)?.stop.abort();
    const stop = new AbortController();
    const entry = {
      stop,
      done: this.read(scope, taskId, configId, fromSeq, stop.signal)
        .catch((error) => {
          this.sources.logger.error("A push follower stopped on an error", {
            taskId,
            configId,
            error,
          });
        })
        .finally(() => {
          if (this.running.get(key) === entry) this.running.delete(key);
        }),
    };
    this.running.set(key, entry);
  }

  /**
   * Makes sure each of the task's configs has a follower in this process, starting those that
   * have none from their cursor. Call it before writing to a task (or right after a write made
   * outside the handler). Does nothing when the store keeps no cursors.
   */
  async resume(scope: TaskScope, taskId: string): Promise<void> {
    const { pushConfigStore: store, taskStore } = this.sources;
    if (!store.getCursor || this.closed) return;
    let version: number | undefined;
    let terminal = false;
    let after: string | undefined;
    do {
      const page = await store.list(scope, taskId, {
        pageSize: RESUME_PAGE,
        ...(after !== undefined ? { after } : {}),
      });
      for (const config of page.configs) {
        const key = pushQueueKey(scope, taskId, config.id);
        if (this.running.has(key)) continue;
        const cursor = await store.getCursor(scope, taskId, config.id);
        // A config without a cursor was never registered through a handler that keeps them.
        if (cursor === undefined || this.running.has(key)) continue;
        if (version === undefined) {
          const stored = await taskStore.get(scope, taskId);
          if (!stored) return;
          version = stored.version;
          terminal = isTerminal(stored.task.status.state);
        }
        // Everything of an ended task already went out: no reader to wait on a finished log.
        if (terminal && cursor >= version) continue;
        this.follow(scope, taskId, config.id, cursor + 1);
      }
      after = page.next;
    } while (after !== undefined);
  }

  /** Stops following one config (it was deleted). */
  stop(scope: TaskScope, taskId: string, configId: string): void {
    this.running.get(pushQueueKey(scope, taskId, configId))?.stop.abort();
  }

  /** Stops every follower and waits for them; no new ones start. */
  async close(): Promise<void> {
    this.closed = true;
    const all = [...this.running.values()];
    for (const f of all) f.stop.abort();
    await Promise.allSettled(all.map((f) => f.done));
  }

  private async read(
    scope: TaskScope,
    taskId: string,
    configId: string,
    fromSeq: number,
    signal: AbortSignal,
  ): Promise<void> {
    const { taskStore, queueStore, pushConfigStore } = this.sources;
    let from = fromSeq;
    for (;;) {
      try {
        for await (const entry of queueStore.read(scope, taskId, from, { signal })) {
          from = entry.seq + 1;
          // Re-read per event: a deleted config stops here even if another instance deleted it,
          // and a replaced one is delivered with its current URL and secrets.
          const config = await pushConfigStore.get(scope, taskId, configId);
          if (!config || signal.aborted) return;
          if (!(await this.hand(scope, taskId, config, entry.seq, entry.event))) return;
        }
        return;
      } catch (e) {
        if (!(e instanceof QueueGapError)) throw e;
      }
      // Fell behind and events were trimmed: the snapshot stands in for the missing ones.
      if (signal.aborted) return;
      const latest = await taskStore.get(scope, taskId);
      const config = await pushConfigStore.get(scope, taskId, configId);
      // A snapshot no newer than what was already handed over cannot stand in for anything.
      if (!latest || !config || latest.version < from) return;
      if (!(await this.hand(scope, taskId, config, latest.version, { task: latest.task }))) return;
      from = latest.version + 1;
      if (isTerminal(latest.task.status.state)) return;
    }
  }

  /** Queues one event, then moves the cursor past it; false when the config went meanwhile. */
  private async hand(
    scope: TaskScope,
    taskId: string,
    config: StoredPushConfig,
    seq: number,
    event: StreamResponse,
  ): Promise<boolean> {
    const { deliveries, pushConfigStore } = this.sources;
    const id = pushJobId(pushQueueKey(scope, taskId, config.id), seq);
    // Queued first, cursor second: a crash in between re-reads this one event after a resume
    // (at least once), where the other order could lose it.
    await deliveries.enqueue({ scope, taskId, config, seq, event, id });
    const advanced = await pushConfigStore.advanceCursor?.(scope, taskId, config.id, seq);
    return advanced !== false;
  }
}
