import { randomUUID } from "node:crypto";
import {
  type Logger,
  type PushDeadLetter,
  type PushEnqueueResult,
  type PushJob,
  type PushOutbox,
  silentLogger,
} from "@a2akit/server-core";
import { Redis, type RedisOptions } from "ioredis";
import { Keys } from "./keys.js";
import { outboxScripts } from "./scripts.js";

/** Options of {@link RedisPushOutbox}. */
export interface RedisPushOutboxOptions {
  /** Key prefix; every key starts with the hash tag `{prefix}` (default `a2a`). */
  prefix?: string;
  /** Options for the client made when a `redis://` URL is given. */
  redisOptions?: RedisOptions;
  /**
   * The connection to hear wake-ups on (put in subscriber mode; it may be shared with other
   * subscribers, and stays open). By default the outbox opens one of its own.
   */
  subscriber?: Redis;
  /** Jobs waiting per config before new ones are refused as `"full"` (default 1,000). */
  maxQueuedPerConfig?: number;
  /** Dead letters kept; the oldest are dropped beyond this (default 1,000). */
  maxDeadLetters?: number;
  /**
   * A claimed job whose instance stops renewing its claim is handed out again after this long,
   * in ms (default 30 s). Claims are renewed while a job is being sent, so a slow webhook does
   * not lose its claim; only a dead or cut-off instance does.
   */
  visibilityTimeoutMs?: number;
  /** How often claims are renewed, in ms (default a third of the visibility timeout). */
  renewMs?: number;
  /**
   * How long the outbox remembers the last log event queued per config, in ms (default 24 h).
   * While it does, an event offered again (by a second reader of the task's log, e.g. another
   * instance resuming delivery) is dropped instead of sent twice or out of order.
   */
  dedupeWindowMs?: number;
  /** Longest `wait()` without news, in ms (default 5 s): covers wake-ups lost in a reconnect. */
  pollIntervalMs?: number;
  /** The clock `notBefore`, `createdAt` and dead-letter times use, in epoch ms. */
  now?: () => number;
  /** Where connection errors and failed claims, renewals and subscriptions go; default silent. */
  logger?: Logger;
}

interface Held {
  queue: string;
  token: string;
}

/** Job fields that change while it waits; the rest is stored once as JSON. */
type Mutable = "attempts" | "lastError" | "createdAt";

/**
 * A durable {@link PushOutbox} on Redis, shared by every instance of the agent under a prefix:
 * jobs survive restarts of the server and (with an append-only file) of Redis, any instance
 * sends any job, and each config's jobs still go out one at a time, in order.
 *
 * Why not a Stream with a consumer group: a group hands entries to consumers in log order
 * whatever config they belong to, so keeping one job per config in flight would need a second
 * structure to hold back the rest, and a held-back entry still counts as pending. Instead each
 * config has a list of job ids, and the queues themselves take turns: a queue whose head may be
 * sent waits in one ready list, a queue whose head waits for a retry sits in a sorted set by
 * due time, and a claimed queue sits in a sorted set by claim expiry (Redis time). Claiming
 * pops queues off the ready list in one script, so two instances never claim the same queue;
 * that gives the spreading of a consumer group, the per-config order, and a visibility timeout
 * (claims that are not renewed run out and their head is handed out again). Enqueues publish a
 * wake-up, so idle instances claim at once instead of polling.
 */
export class RedisPushOutbox implements PushOutbox {
  private readonly redis: Redis;
  private readonly subscriber: Redis;
  private readonly ownsClient: boolean;
  private readonly ownsSubscriber: boolean;
  private readonly base: string;
  private readonly wakeChannel: string;
  private readonly maxQueued: number;
  private readonly maxDead: number;
  private readonly visibilityMs: number;
  private readonly renewMs: number;
  private readonly pollMs: number;
  private readonly dedupeMs: number;
  private readonly now: () => number;
  private readonly logger: Logger;
  /** Claims this instance holds, by job id. */
  private readonly held = new Map<string, Held>();
  private renewTimer: ReturnType<typeof setInterval> | undefined;
  private subscribed: Promise<void> | undefined;
  private waiters: Array<() => void> = [];
  // Set by every change heard of, cleared by claim: a wait() that starts after a change returns
  // at once, so a wake-up between claim() and wait() is never lost.
  private changed = false;
  /** When (Date.now) the next retry is due or the next claim runs out, as of the last claim. */
  private nextAt = Number.POSITIVE_INFINITY;
  private closing: Promise<void> | undefined;

  private readonly onMessage = (channel: string) => {
    if (channel === this.wakeChannel) this.notify();
  };

  // A reconnected subscriber may have missed wake-ups: look again.
  private readonly onReady = () => this.notify();

  /** An outbox on `redis`: a client (the caller keeps owning it) or a URL (the outbox owns it). */
  constructor(redis: Redis | string, options: RedisPushOutboxOptions = {}) {
    // Options first: a refused option must not leave connections behind.
    const keys = new Keys(options.prefix ?? "a2a");
    this.base = keys.outbox;
    this.wakeChannel = keys.outboxWake;
    this.maxQueued = positiveInt(options.maxQueuedPerConfig ?? 1000, "maxQueuedPerConfig");
    this.maxDead = positiveInt(options.maxDeadLetters ?? 1000, "maxDeadLetters");
    this.visibilityMs = positiveInt(options.visibilityTimeoutMs ?? 30_000, "visibilityTimeoutMs");
    this.renewMs = positiveInt(
      options.renewMs ?? Math.max(1, Math.floor(this.visibilityMs / 3)),
      "renewMs",
      MAX_TIMER_MS,
    );
    this.pollMs = positiveInt(options.pollIntervalMs ?? 5_000, "pollIntervalMs", MAX_TIMER_MS);
    this.dedupeMs = positiveInt(options.dedupeWindowMs ?? 86_400_000, "dedupeWindowMs");
    this.now = options.now ?? Date.now;
    this.logger = options.logger ?? silentLogger;
    this.ownsClient = typeof redis === "string";
    this.redis = typeof redis === "string" ? new Redis(redis, { ...options.redisOptions }) : redis;
    this.ownsSubscriber = options.subscriber === undefined;
    this.subscriber = options.subscriber ?? this.redis.duplicate({ enableReadyCheck: false });
    // Connections of our own report their failures to the logger; they reconnect by themselves.
    const onError = (error: unknown) => {
      this.logger.debug("A push outbox connection failed; it reconnects", { error });
    };
    if (this.ownsClient) this.redis.on("error", onError);
    if (this.ownsSubscriber) this.subscriber.on("error", onError);
  }

  async enqueue(job: PushJob): Promise<PushEnqueueResult> {
    const queued = await outboxScripts.enqueue.run(
      this.redis,
      [this.base],
      [
        job.queue,
        job.id,
        body(job),
        job.createdAt,
        job.attempts,
        errorField(job.lastError),
        this.maxQueued,
        job.seq,
        this.dedupeMs,
      ],
    );
    if (queued === 0) return "full";
    // This instance hears its own wake-up too, but need not wait for the round trip.
    this.notify();
    return "queued";
  }

  async claim(limit: number): Promise<PushJob[]> {
    this.changed = false;
    this.subscribe();
    const n = Math.floor(limit);
    if (!(n > 0)) return [];
    const reply = (await outboxScripts.claim.run(
      this.redis,
      [this.base],
      [this.now(), n, this.visibilityMs, randomUUID()],
    )) as (string | number)[];
    const [dueIn, expiresIn] = [Number(reply[0]), Number(reply[1])];
    const soonest = Math.min(
      dueIn < 0 ? Number.POSITIVE_INFINITY : dueIn,
      // A claim that runs out is only noticed by a claim after it: look just after.
      expiresIn < 0 ? Number.POSITIVE_INFINITY : expiresIn + 1,
    );
    this.nextAt = Date.now() + soonest;
    const jobs: PushJob[] = [];
    for (let i = 2; i + 5 < reply.length; i += 6) {
      const [id, token, json, createdAt, attempts, error] = reply.slice(i, i + 6) as string[];
      const job = toJob(json as string, createdAt, attempts, error);
      this.held.set(id as string, { queue: job.queue, token: token as string });
      jobs.push(job);
    }
    if (jobs.length > 0) this.startRenewing();
    return jobs;
  }

  async complete(job: PushJob): Promise<void> {
    const token = this.release(job);
    await outboxScripts.complete.run(this.redis, [this.base], [job.queue, job.id, token]);
    this.notify();
  }

  async retry(
    job: PushJob,
    update: { attempts: number; notBefore: number; error: string },
  ): Promise<void> {
    const token = this.release(job);
    await outboxScripts.retry.run(
      this.redis,
      [this.base],
      [
        job.queue,
        job.id,
        token,
        update.attempts,
        errorField(update.error),
        Math.ceil(update.notBefore),
        this.now(),
      ],
    );
    this.notify();
  }

  async deadLetter(job: PushJob, reason: string): Promise<void> {
    const token = this.release(job);
    await outboxScripts.deadLetter.run(
      this.redis,
      [this.base],
      [
        job.queue,
        job.id,
        token,
        body(job),
        job.createdAt,
        job.attempts,
        errorField(job.lastError),
        reason,
        this.now(),
        this.maxDead,
      ],
    );
    this.notify();
  }

  async deadLetters(): Promise<PushDeadLetter[]> {
    const reply = (await outboxScripts.deadLetters.run(this.redis, [this.base], [])) as string[];
    const out: PushDeadLetter[] = [];
    for (let i = 0; i + 6 < reply.length; i += 7) {
      const [, json, createdAt, attempts, error, reason, at] = reply.slice(i, i + 7) as string[];
      out.push({
        job: toJob(json as string, createdAt, attempts, error),
        reason: reason as string,
        at: Number(at),
      });
    }
    return out;
  }

  async replay(id: string): Promise<boolean> {
    const result = await outboxScripts.replay.run(
      this.redis,
      [this.base],
      [id, this.now(), this.maxQueued],
    );
    if (result !== 1) return false;
    this.notify();
    return true;
  }

  wait(signal: AbortSignal): Promise<void> {
    if (this.changed || signal.aborted) return Promise.resolve();
    this.subscribe();
    return new Promise<void>((resolve) => {
      const delay = Math.max(0, Math.min(this.pollMs, this.nextAt - Date.now()));
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener("abort", done);
        this.waiters = this.waiters.filter((w) => w !== done);
        resolve();
      };
      const timer = setTimeout(done, delay);
      signal.addEventListener("abort", done, { once: true });
      this.waiters.push(done);
    });
  }

  /**
   * Gives back the claims still held (their jobs go to the front of the line for another
   * instance), stops renewing, and closes the connections the outbox opened. A client passed
   * in stays open. Safe to call more than once.
   */
  close(): Promise<void> {
    this.closing ??= (async () => {
      this.stopRenewing();
      const pairs = [...this.held.values()].flatMap((h) => [h.queue, h.token]);
      this.held.clear();
      if (pairs.length > 0) {
        await outboxScripts.release.run(this.redis, [this.base], pairs).catch((error: unknown) => {
          this.logger.warn("Could not give back push jobs; they are resent after the timeout", {
            error,
          });
        });
      }
      this.notify();
      this.subscriber.off("message", this.onMessage);
      this.subscriber.off("ready", this.onReady);
      if (this.ownsSubscriber) {
        this.subscriber.disconnect();
      } else if (this.subscribed) {
        await this.subscriber.unsubscribe(this.wakeChannel).catch(() => undefined);
      }
      if (this.ownsClient) await this.redis.quit().catch(() => this.redis.disconnect());
    })();
    return this.closing;
  }

  /** Forgets this instance's claim on a job; returns its token ('' when none is held). */
  private release(job: PushJob): string {
    const held = this.held.get(job.id);
    // Dropped even if the script then fails: a claim left unrenewed runs out and the job is
    // sent again, where a claim renewed forever would stall its queue.
    this.held.delete(job.id);
    if (this.held.size === 0) this.stopRenewing();
    return held?.token ?? "";
  }

  private subscribe(): void {
    if (this.subscribed || this.closing) return;
    this.subscriber.on("message", this.onMessage);
    this.subscriber.on("ready", this.onReady);
    // SUBSCRIBE sent while a fresh connection still runs its ready check would put it in
    // subscriber mode under that check, which then fails: subscribe once it is ready.
    const ready =
      this.subscriber.status === "ready"
        ? Promise.resolve()
        : new Promise<void>((resolve) => this.subscriber.once("ready", () => resolve()));
    this.subscribed = ready
      .then(() => this.subscriber.subscribe(this.wakeChannel))
      .then(
        // Anything queued before the subscription took hold was not heard: look again.
        () => this.notify(),
        (error: unknown) => {
          this.logger.error("Could not subscribe to push outbox wake-ups; polling instead", {
            error,
          });
        },
      );
  }

  private startRenewing(): void {
    if (this.renewTimer || this.closing) return;
    this.renewTimer = setInterval(() => void this.renew(), this.renewMs);
    this.renewTimer.unref?.();
  }

  private stopRenewing(): void {
    if (this.renewTimer) clearInterval(this.renewTimer);
    this.renewTimer = undefined;
  }

  private async renew(): Promise<void> {
    const pairs = [...this.held.values()].flatMap((h) => [h.queue, h.token]);
    if (pairs.length === 0) return;
    try {
      await outboxScripts.renew.run(this.redis, [this.base], [this.visibilityMs, ...pairs]);
    } catch (error) {
      this.logger.warn("Could not renew push job claims", { count: pairs.length / 2, error });
    }
  }

  private notify(): void {
    this.changed = true;
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }
}

/** Options of {@link createRedisPushOutbox}. */
export interface RedisPushOutboxConfig extends RedisPushOutboxOptions {
  /** An ioredis client (you keep owning it) or a `redis://` URL (the outbox owns that client). */
  redis: Redis | string;
}

/**
 * A durable push outbox on its own, for `createPushDeliveries({ outbox })`. With
 * `createRedisStores`, use `stores.pushOutbox` instead (it shares the stores' connections).
 */
export function createRedisPushOutbox(config: RedisPushOutboxConfig): RedisPushOutbox {
  const { redis, ...options } = config;
  return new RedisPushOutbox(redis, options);
}

/** The job without the fields that change while it waits: stored once, never rewritten. */
function body(job: PushJob): string {
  const { attempts: _a, lastError: _e, createdAt: _c, ...rest } = job;
  return JSON.stringify(rest satisfies Omit<PushJob, Mutable>);
}

/** The last error as stored: JSON, so an empty string stays apart from none (''). */
function errorField(error: string | undefined): string {
  return error === undefined ? "" : JSON.stringify(error);
}

function toJob(
  json: string,
  createdAt: string | undefined,
  attempts: string | undefined,
  error: string | undefined,
): PushJob {
  const rest = JSON.parse(json) as Omit<PushJob, Mutable>;
  return {
    ...rest,
    createdAt: Number(createdAt),
    attempts: Number(attempts),
    ...(error ? { lastError: JSON.parse(error) as string } : {}),
  };
}

/** The longest delay a timer holds; a longer one fires at once (and Node warns on the console). */
const MAX_TIMER_MS = 2 ** 31 - 1;

function positiveInt(value: number, name: string, max = Number.MAX_SAFE_INTEGER): number {
  if (!Number.isFinite(value) || value < 1) {
    throw new RangeError(`RedisPushOutbox option ${name} must be a number >= 1, got ${value}`);
  }
  if (value > max) {
    throw new RangeError(`RedisPushOutbox option ${name} must be at most ${max}, got ${value}`);
  }
  return Math.floor(value);
}
