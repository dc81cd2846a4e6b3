import { isTerminal } from "@a2akit/types";
import type { Logger } from "../handler/types.js";
import type { PushConfigStore } from "../stores/push-config-store.js";
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

/**
 * One reader of a task's log per push config: from the sequence at which the config was
 * registered, every event is handed to the outbox. Reading is decoupled from sending, so a slow
 * webhook never holds up the task or its other readers.
 */
export class PushFollowers {
  private readonly running = new Map<string, { stop: AbortController; done: Promise<void> }>();

  /** Followers over the given stores. */
  constructor(private readonly sources: PushFollowerSources) {}

  /** Starts following the log for one config from `fromSeq`; replaces a follower of the same config. */
  follow(scope: TaskScope, taskId: string, configId: string, fromSeq: number): void {
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

  /** Stops following one config (it was deleted). */
  stop(scope: TaskScope, taskId: string, configId: string): void {
    this.running.get(pushQueueKey(scope, taskId, configId))?.stop.abort();
  }

  /** Stops every follower and waits for them. */
  async close(): Promise<void> {
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
    const { taskStore, queueStore, pushConfigStore, deliveries } = this.sources;
    let from = fromSeq;
    for (;;) {
      try {
        for await (const entry of queueStore.read(scope, taskId, from, { signal })) {
          from = entry.seq + 1;
          // Re-read per event: a deleted config stops here even if another instance deleted it,
          // and a replaced one is delivered with its current URL and secrets.
          const config = await pushConfigStore.get(scope, taskId, configId);
          if (!config || signal.aborted) return;
          await deliveries.enqueue({ scope, taskId, config, seq: entry.seq, event: entry.event });
        }
        return;
      } catch (e) {
        if (!(e instanceof QueueGapError)) throw e;
      }
      // Fell behind and events were trimmed: the snapshot stands in for the missing ones.
      if (signal.aborted) return;
      const latest = await taskStore.get(scope, taskId);
      const config = await pushConfigStore.get(scope, taskId, configId);
      if (!latest || !config) return;
      await deliveries.enqueue({
        scope,
        taskId,
        config,
        seq: latest.version,
        event: { task: latest.task },
      });
      from = latest.version + 1;
      if (isTerminal(latest.task.status.state)) return;
    }
  }
}
