import { isFinalForNow } from "@a2akit/types";
import type { StoredTask } from "../stores/task-store.js";
import type { StateWaiter, TaskWriter } from "./task-writer.js";

/** How the local wait of a blocking SendMessage ended. */
export type LocalOutcome = "settled" | "ran-out";

interface Wait extends StateWaiter {
  writer: TaskWriter;
  /** The tick the wait began on. */
  since: number;
  resolve: (outcome: LocalOutcome) => void;
}

/** Ticks per wait limit: a wait runs out between `limitMs` and 1.25 × `limitMs` after it began. */
const TICKS = 4;

/**
 * The waits of blocking SendMessage calls on their task's writer (see `settlesLocally` in the
 * request handler), each bounded in time. One coarse timer serves them all, and runs only while
 * some wait is open: a timer per call cost more than the rest of the wait.
 */
export class LocalWaits {
  private readonly open = new Set<Wait>();
  private timer: ReturnType<typeof setInterval> | undefined;
  private tick = 0;

  constructor(private readonly limitMs: number) {}

  /**
   * Resolves "settled" once `writer` holds a snapshot that is final for now (or its run wakes
   * every waiter as it ends), "ran-out" when that takes longer than the limit.
   */
  wait(writer: TaskWriter): Promise<LocalOutcome> {
    return new Promise<LocalOutcome>((resolve) => {
      const wait: Wait = {
        test: isFinalForNow,
        wake: (_stored: StoredTask | undefined) => this.end(wait, "settled"),
        writer,
        since: this.tick,
        resolve,
      };
      this.open.add(wait);
      writer.whenState(wait);
      // Woken at once: no timer needed.
      if (!this.open.has(wait) || this.timer) return;
      this.timer = setInterval(() => this.expire(), this.limitMs / TICKS);
      // A wait in progress must not keep a process alive that is otherwise done.
      (this.timer as { unref?: () => void }).unref?.();
    });
  }

  private end(wait: Wait, outcome: LocalOutcome): void {
    if (!this.open.delete(wait)) return;
    if (outcome === "ran-out") wait.writer.forget(wait);
    wait.resolve(outcome);
    if (this.open.size === 0 && this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }

  private expire(): void {
    const tick = ++this.tick;
    for (const wait of this.open) {
      if (tick - wait.since > TICKS) this.end(wait, "ran-out");
    }
  }
}
