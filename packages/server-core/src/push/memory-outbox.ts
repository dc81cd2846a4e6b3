import { countOrZero, positiveInt } from "../option-checks.js";
import type { PushDeadLetter, PushEnqueueResult, PushJob, PushOutbox } from "./outbox.js";

/** Options of {@link MemoryPushOutbox}. */
export interface MemoryPushOutboxOptions {
  /** Jobs waiting per config before new ones are dead-lettered (default 1,000). */
  maxQueuedPerConfig?: number;
  /** Dead letters kept; the oldest are dropped beyond this (default 1,000). */
  maxDeadLetters?: number;
  /** The clock, in epoch ms. */
  now?: () => number;
}

interface Queue {
  jobs: PushJob[];
  claimed: boolean;
  notBefore: number;
}

/** The longest delay one timer holds. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * The default outbox: bounded queues in this process. Pending deliveries are lost when the
 * process stops; use a durable outbox (e.g. `@a2akit/redis`) to keep them.
 */
export class MemoryPushOutbox implements PushOutbox {
  private readonly queues = new Map<string, Queue>();
  private readonly dead: PushDeadLetter[] = [];
  private readonly maxQueued: number;
  private readonly maxDead: number;
  private readonly now: () => number;
  // One timer, armed for the earliest queue still waiting out a retry delay.
  private wake: { at: number; timer: ReturnType<typeof setTimeout> } | undefined;
  private waiters: Array<() => void> = [];
  // Set by every change, cleared by claim: a wait() that starts after a change returns at once,
  // so a wake-up between claim() and wait() is never lost.
  private changed = false;

  /** An empty outbox. */
  constructor(options: MemoryPushOutboxOptions = {}) {
    this.maxQueued = positiveInt(options.maxQueuedPerConfig, 1000, "maxQueuedPerConfig");
    this.maxDead = countOrZero(options.maxDeadLetters, 1000, "maxDeadLetters");
    this.now = options.now ?? Date.now;
  }

  async enqueue(job: PushJob): Promise<PushEnqueueResult> {
    let q = this.queues.get(job.queue);
    if (!q) {
      q = { jobs: [], claimed: false, notBefore: 0 };
      this.queues.set(job.queue, q);
    }
    if (q.jobs.length >= this.maxQueued) return "full";
    q.jobs.push(job);
    this.notify();
    return "queued";
  }

  async claim(limit: number): Promise<PushJob[]> {
    this.changed = false;
    const now = this.now();
    const out: PushJob[] = [];
    let soonest = Number.POSITIVE_INFINITY;
    for (const [key, q] of this.queues) {
      if (out.length >= limit) break;
      if (q.claimed) continue;
      if (q.notBefore > now) {
        soonest = Math.min(soonest, q.notBefore);
        continue;
      }
      const head = q.jobs[0];
      if (!head) {
        this.queues.delete(key);
        continue;
      }
      q.claimed = true;
      out.push(head);
      // Move the queue to the back so busy queues take turns with the rest.
      this.queues.delete(key);
      this.queues.set(key, q);
    }
    // A timer can fire a little before the clock reaches `notBefore`; without a new one, a
    // queue skipped here would wait for an unrelated change to be looked at again.
    if (soonest !== Number.POSITIVE_INFINITY) this.wakeAt(soonest);
    return out;
  }

  async complete(job: PushJob): Promise<void> {
    this.release(job);
    this.notify();
  }

  async retry(
    job: PushJob,
    update: { attempts: number; notBefore: number; error: string },
  ): Promise<void> {
    const q = this.queues.get(job.queue);
    if (!q || q.jobs[0]?.id !== job.id) return;
    q.jobs[0] = { ...job, attempts: update.attempts, lastError: update.error };
    q.claimed = false;
    q.notBefore = update.notBefore;
    if (update.notBefore <= this.now()) this.notify();
    else this.wakeAt(update.notBefore);
  }

  async deadLetter(job: PushJob, reason: string): Promise<void> {
    this.release(job);
    this.dead.push({ job, reason, at: this.now() });
    if (this.dead.length > this.maxDead) this.dead.splice(0, this.dead.length - this.maxDead);
    this.notify();
  }

  async deadLetters(): Promise<PushDeadLetter[]> {
    return [...this.dead];
  }

  async replay(id: string): Promise<boolean> {
    const i = this.dead.findIndex((d) => d.job.id === id);
    if (i < 0) return false;
    const [entry] = this.dead.splice(i, 1) as [PushDeadLetter];
    const { lastError: _, ...job } = entry.job;
    const result = await this.enqueue({ ...job, attempts: 0, createdAt: this.now() });
    if (result === "full") {
      this.dead.splice(i, 0, entry);
      return false;
    }
    return true;
  }

  wait(signal: AbortSignal): Promise<void> {
    if (this.changed || signal.aborted) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const done = () => {
        signal.removeEventListener("abort", done);
        resolve();
      };
      signal.addEventListener("abort", done, { once: true });
      this.waiters.push(done);
    });
  }

  async close(): Promise<void> {
    if (this.wake) clearTimeout(this.wake.timer);
    this.wake = undefined;
    this.notify();
  }

  /** Jobs waiting (claimed ones included), across every config. */
  get size(): number {
    let n = 0;
    for (const q of this.queues.values()) n += q.jobs.length;
    return n;
  }

  private release(job: PushJob): void {
    const q = this.queues.get(job.queue);
    if (!q || q.jobs[0]?.id !== job.id) return;
    q.jobs.shift();
    q.claimed = false;
    q.notBefore = 0;
    if (q.jobs.length === 0) this.queues.delete(job.queue);
  }

  /** Makes sure waiters are woken by `at` (epoch ms). */
  private wakeAt(at: number): void {
    if (this.wake && this.wake.at <= at) return;
    if (this.wake) clearTimeout(this.wake.timer);
    const timer = setTimeout(
      () => {
        this.wake = undefined;
        this.notify();
      },
      // A timer holds at most 2^31-1 ms (longer fires at once, with a warning); one that fires
      // early just wakes the claim loop, which sets the next timer.
      Math.min(MAX_TIMER_MS, Math.max(1, at - this.now())),
    );
    this.wake = { at, timer };
  }

  private notify(): void {
    this.changed = true;
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }
}
