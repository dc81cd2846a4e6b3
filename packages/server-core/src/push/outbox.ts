import type { StreamResponse } from "@a2akit/types";
import type { StoredPushConfig } from "../stores/push-config-store.js";
import type { TaskScope } from "../stores/scope.js";

/** One push POST to make: an event of a task's log, for one of the task's push configs. */
export interface PushJob {
  /** Unique id; dead letters are replayed by it. */
  readonly id: string;
  /** The config's queue: jobs with the same key are sent one at a time, in order. */
  readonly queue: string;
  readonly scope: TaskScope;
  readonly taskId: string;
  /** The config as it was when the event was read (url, secrets, protocol version). */
  readonly config: StoredPushConfig;
  /** The event's sequence number in the task's log. */
  readonly seq: number;
  readonly event: StreamResponse;
  /** When the job was queued, in epoch ms: the max age counts from here. */
  readonly createdAt: number;
  /** Failed attempts so far. */
  readonly attempts: number;
  /** Why the last attempt failed. */
  readonly lastError?: string;
}

/** A job that was given up on, and why. */
export interface PushDeadLetter {
  readonly job: PushJob;
  readonly reason: string;
  /** When it was dead-lettered, in epoch ms. */
  readonly at: number;
}

/** What {@link PushOutbox.enqueue} did with a job. */
export type PushEnqueueResult = "queued" | "full";

/**
 * Where push jobs wait to be sent. The dispatcher claims jobs, sends them and reports back; the
 * outbox keeps one queue per config and hands out only its head, and only while no other job of
 * that queue is claimed or waiting for a retry, so each webhook sees its events in order while
 * a slow one never holds up another. The in-memory outbox is the default; a durable one (such
 * as `@a2akit/redis`'s) keeps jobs across restarts and spreads them over instances.
 */
export interface PushOutbox {
  /** Appends a job to its queue; `"full"` when the queue is at its bound (nothing is stored). */
  enqueue(job: PushJob): Promise<PushEnqueueResult>;
  /** Up to `limit` jobs ready now, each the head of a different queue, now claimed by the caller. */
  claim(limit: number): Promise<PushJob[]>;
  /** The claimed job was delivered: it leaves its queue, and the next one becomes ready. */
  complete(job: PushJob): Promise<void>;
  /** The claimed job failed; it stays at the head of its queue until `notBefore` (epoch ms). */
  retry(
    job: PushJob,
    update: { attempts: number; notBefore: number; error: string },
  ): Promise<void>;
  /** Gives up on a job (claimed or never queued): it moves to the dead letters. */
  deadLetter(job: PushJob, reason: string): Promise<void>;
  /** The dead letters, oldest first. */
  deadLetters(): Promise<PushDeadLetter[]>;
  /** Queues a dead letter again (attempts and age reset); false when there is no such id. */
  replay(id: string): Promise<boolean>;
  /** Resolves when more jobs may be ready (or after a poll interval), or when `signal` aborts. */
  wait(signal: AbortSignal): Promise<void>;
  /** Releases timers and connections the outbox owns. */
  close?(): Promise<void>;
}
