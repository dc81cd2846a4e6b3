import { isFinalForNow, type TaskState } from "@a2akit/types";
import type { StoredTask } from "../stores/task-store.js";
import type { StateWaiter, TaskWriter } from "./task-writer.js";

/** How the local wait of a blocking SendMessage ended. */
export type LocalOutcome = "settled" | "ran-out";

/** One open wait. A class for the reason ExecutionInit (execution.ts) is one. */
class Wait implements StateWaiter {
  /** Where it sits in `open`; -1 once it ended. */
  at: number;

  constructor(
    private readonly waits: LocalWaits,
    readonly writer: TaskWriter,
    /** The tick the wait began on. */
    readonly since: number,
    readonly resolve: (outcome: LocalOutcome) => void,
    at: number,
  ) {
    this.at = at;
  }

  test(state: TaskState): boolean {
    return isFinalForNow(state);
  }

  wake(_stored: StoredTask | undefined): void {
    this.waits.end(this, "settled");
  }
}

/** Ticks per wait limit: a wait runs out between `limitMs` and 1.25 × `limitMs` after it began. */
const TICKS = 4;

/**
 * The waits of blocking SendMessage calls on their task's writer (see `settlesLocally` in the
 * request handler), each bounded in time. One coarse timer serves them all, and runs only while
 * some wait is open: a timer per call cost more than the rest of the wait.
 */
export class LocalWaits {
  /**
   * The open waits. An array, not a Set: a Set keeps the tables it outgrows, entries and all
   * (see SlotMap), and each wait holds its caller's whole request until it is let go.
   */
  private readonly open: Wait[] = [];
  private timer: ReturnType<typeof setInterval> | undefined;
  private tick = 0;

  constructor(private readonly limitMs: number) {}

  /**
   * Resolves "settled" once `writer` holds a snapshot that is final for now (or its run wakes
   * every waiter as it ends), "ran-out" when that takes longer than the limit.
   */
  wait(writer: TaskWriter): Promise<LocalOutcome> {
    return new Promise<LocalOutcome>((resolve) => {
      const wait = new Wait(this, writer, this.tick, resolve, this.open.length);
      this.open.push(wait);
      writer.whenState(wait);
      // Woken at once: no timer needed.
      if (wait.at < 0 || this.timer) return;
      this.timer = setInterval(() => this.expire(), this.limitMs / TICKS);
      // A wait in progress must not keep a process alive that is otherwise done.
      (this.timer as { unref?: () => void }).unref?.();
    });
  }

  /** Ends `wait` (once), dropping it from the open waits. */
  end(wait: Wait, outcome: LocalOutcome): void {
    if (wait.at < 0) return;
    const last = this.open.pop() as Wait;
    if (last !== wait) {
      this.open[wait.at] = last;
      last.at = wait.at;
    }
    wait.at = -1;
    if (outcome === "ran-out") wait.writer.forget(wait);
    wait.resolve(outcome);
    if (this.open.length === 0 && this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }

  private expire(): void {
    const tick = ++this.tick;
    // Backwards: ending a wait moves the last one into its place.
    for (let i = this.open.length - 1; i >= 0; i--) {
      const wait = this.open[i] as Wait;
      if (tick - wait.since > TICKS) this.end(wait, "ran-out");
    }
  }
}
