import { newId, type StreamResponse } from "@a2akit/types";
import { anySignal } from "../handler/signals.js";
import type { Logger } from "../handler/types.js";
import { silentLogger } from "../handler/types.js";
import { positiveInt } from "../option-checks.js";
import type { StoredPushConfig } from "../stores/push-config-store.js";
import type { TaskScope } from "../stores/scope.js";
import {
  type Instrumentation,
  noopInstrumentation,
  type PushOutcome,
} from "../telemetry/instrumentation.js";
import { MemoryPushOutbox } from "./memory-outbox.js";
import type { PushDeadLetter, PushJob, PushOutbox } from "./outbox.js";
import { buildPushRequest, type PushSigner } from "./request.js";
import {
  type PushRetryOptions,
  parseRetryAfter,
  type ResolvedRetryOptions,
  resolveRetry,
  statusVerdict,
} from "./retry.js";
import {
  checkPushUrl,
  type PushUrlPolicy,
  PushUrlRefusedError,
  PushUrlResolutionError,
} from "./url-guard.js";

/** Options of {@link createPushDeliveries}. */
export interface PushDeliveryOptions {
  /** Where jobs wait; default an in-memory outbox (pending jobs are lost on shutdown). */
  outbox?: PushOutbox;
  /** Signs each POST (e.g. `@a2akit/push-jwt`'s `PushSigner`). */
  signer?: PushSigner;
  /** Which webhook URLs are allowed; the SSRF guard is on by default. */
  urlPolicy?: PushUrlPolicy;
  /** When a failed POST is tried again, and when it is given up on. */
  retry?: PushRetryOptions;
  /** POSTs in flight at once, across all webhooks (default 16). */
  concurrency?: number;
  /**
   * POSTs in flight at once to one host and port (default 4), so a webhook host that hangs
   * cannot take every slot while other webhooks wait; its further deliveries wait their turn.
   */
  maxInFlightPerHost?: number;
  /** Bound of each config's queue in the default outbox (default 1,000). */
  maxQueuedPerConfig?: number;
  /** The fetch to send with (default the global one). */
  fetch?: typeof fetch;
  /** Where deliveries, retries, dead letters and outbox failures are reported; default silent. */
  logger?: Logger;
  /** The clock, in epoch ms. */
  now?: () => number;
  /** Reports each attempt (a span and the deliveries metric); default none. */
  instrumentation?: Instrumentation;
}

/** Delivery counts of one push config, since this process started. */
export interface PushConfigStats {
  readonly tenant: string;
  readonly taskId: string;
  readonly configId: string;
  /** POSTs answered with 2xx. */
  delivered: number;
  /** Failed attempts that were scheduled again. */
  retried: number;
  /** Deliveries given up on. */
  deadLettered: number;
}

/** An event to deliver to one config. */
export interface PushEventInput {
  scope: TaskScope;
  taskId: string;
  config: StoredPushConfig;
  seq: number;
  event: StreamResponse;
  /**
   * The job id; random when absent. Give the same id for the same event of the same config
   * (as the handler's log readers do) and a durable outbox that recognizes ids queues it once.
   */
  id?: string;
}

type Outcome =
  | { kind: "delivered"; status: number }
  | { kind: "retry"; error: string; retryAfterMs?: number }
  | { kind: "permanent"; error: string }
  | { kind: "stopped" };

/** Claimed jobs parked for a busy host, per slot of `concurrency`. */
const MAX_PARKED_PER_SLOT = 64;

/** Per-config stats kept; the oldest configs are forgotten beyond this. */
const MAX_STATS = 10_000;

/** The queue key of a config: unambiguous whatever the ids contain. */
export function pushQueueKey(scope: TaskScope, taskId: string, configId: string): string {
  return JSON.stringify([scope.tenant, scope.owner, taskId, configId]);
}

/**
 * Sends push notifications: takes jobs from the outbox, POSTs them with bounded concurrency,
 * retries with backoff, dead-letters what cannot be delivered, and counts what happened. One
 * instance serves a whole request handler; create it yourself to read `stats()` and the dead
 * letters, and pass it as the handler's `pushDeliveries`.
 */
export class PushDeliveries {
  private readonly outbox: PushOutbox;
  private readonly signer: PushSigner | undefined;
  private readonly policy: PushUrlPolicy;
  private readonly retryOptions: ResolvedRetryOptions;
  private readonly concurrency: number;
  private readonly perHost: number;
  /** POSTs in flight per host. */
  private readonly hostLoad = new Map<string, number>();
  /** Claimed jobs waiting for a slot of their host, oldest first. */
  private readonly parked = new Map<string, PushJob[]>();
  private parkedCount = 0;
  private readonly fetch: typeof fetch;
  private readonly logger: Logger;
  private readonly now: () => number;
  private readonly telemetry: Instrumentation;
  private readonly counts = new Map<string, PushConfigStats>();
  private readonly inFlight = new Set<Promise<void>>();
  private readonly stop = new AbortController();
  private readonly loop: Promise<void>;
  private closed = false;

  /** Starts the dispatcher; with a durable outbox it picks up jobs left from earlier runs. */
  constructor(options: PushDeliveryOptions = {}) {
    this.retryOptions = resolveRetry(options.retry);
    this.concurrency = positiveInt(options.concurrency, 16, "concurrency");
    this.perHost = positiveInt(options.maxInFlightPerHost, 4, "maxInFlightPerHost");
    this.now = options.now ?? Date.now;
    this.outbox =
      options.outbox ??
      new MemoryPushOutbox({
        now: this.now,
        ...(options.maxQueuedPerConfig !== undefined
          ? { maxQueuedPerConfig: options.maxQueuedPerConfig }
          : {}),
      });
    this.signer = options.signer;
    this.policy = options.urlPolicy ?? {};
    this.fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.logger = options.logger ?? silentLogger;
    this.telemetry = options.instrumentation ?? noopInstrumentation;
    this.loop = this.run();
  }

  /**
   * Checks a webhook URL against the SSRF policy, as the handler does when a config is created.
   * Throws `PushUrlRefusedError` naming the URL and the reason, also when the host name does not
   * resolve. Without a resolver, host names pass here and are refused at send time
   * (dead-lettered with that reason).
   */
  async checkUrl(url: string): Promise<void> {
    try {
      await checkPushUrl(url, this.policy, { unresolvedNames: "accept" });
    } catch (e) {
      // A name that does not resolve now is most likely a mistake: the client hears it now,
      // instead of the deliveries dead-lettering later.
      if (!(e instanceof PushUrlResolutionError)) throw e;
      throw new PushUrlRefusedError(url, `its host could not be resolved (${messageOf(e.cause)})`);
    }
  }

  /** Queues one event for one config; a full queue dead-letters it at once. */
  async enqueue(input: PushEventInput): Promise<void> {
    if (this.closed) return;
    const job: PushJob = {
      id: input.id ?? newId(),
      queue: pushQueueKey(input.scope, input.taskId, input.config.id),
      scope: input.scope,
      taskId: input.taskId,
      config: input.config,
      seq: input.seq,
      event: input.event,
      createdAt: this.now(),
      attempts: 0,
    };
    if ((await this.outbox.enqueue(job)) === "queued") return;
    await this.giveUp(job, "the config's delivery queue is full (the webhook is not keeping up)");
  }

  /** Delivery counts per config, since this process started. */
  stats(): PushConfigStats[] {
    return [...this.counts.values()].map((s) => ({ ...s }));
  }

  /** Deliveries that were given up on, with the reason, oldest first. */
  deadLetters(): Promise<PushDeadLetter[]> {
    return this.outbox.deadLetters();
  }

  /** Sends a dead letter again, from a fresh attempt count; false when the id is unknown. */
  async replay(id: string): Promise<boolean> {
    const ok = await this.outbox.replay(id);
    if (ok) this.logger.info("Push delivery replayed", { deliveryId: id });
    return ok;
  }

  /**
   * Stops sending: attempts in flight are aborted and left in the outbox. With the in-memory
   * outbox, pending deliveries are lost; a durable outbox sends them after the next start.
   */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.stop.abort(new DOMException("Push delivery is shutting down", "AbortError"));
    await this.loop;
    await Promise.allSettled([...this.inFlight]);
    await this.outbox.close?.();
  }

  private async run(): Promise<void> {
    const signal = this.stop.signal;
    while (!signal.aborted) {
      const free = this.concurrency - this.inFlight.size;
      // Parked jobs are bounded too: claiming stops until some of them have gone.
      const parkedFull = this.parkedCount >= this.concurrency * MAX_PARKED_PER_SLOT;
      if ((free <= 0 || parkedFull) && this.inFlight.size > 0) {
        await Promise.race(this.inFlight);
        continue;
      }
      let jobs: PushJob[];
      try {
        jobs = await this.outbox.claim(free);
      } catch (error) {
        this.logger.error("Could not claim push deliveries from the outbox", { error });
        jobs = [];
      }
      if (signal.aborted) return;
      for (const job of jobs) this.dispatch(job);
      if (jobs.length === 0) await this.outbox.wait(signal);
    }
  }

  /** Sends a claimed job now, or parks it until its host has a free slot. */
  private dispatch(job: PushJob): void {
    const host = hostOf(job.config.url);
    const load = this.hostLoad.get(host) ?? 0;
    if (load >= this.perHost) {
      const waiting = this.parked.get(host);
      if (waiting) waiting.push(job);
      else this.parked.set(host, [job]);
      this.parkedCount++;
      return;
    }
    this.hostLoad.set(host, load + 1);
    const p: Promise<void> = this.attempt(job).finally(() => {
      this.inFlight.delete(p);
      const left = (this.hostLoad.get(host) ?? 1) - 1;
      if (left > 0) this.hostLoad.set(host, left);
      else this.hostLoad.delete(host);
      if (this.stop.signal.aborted) return;
      // The slot just freed goes to the host's next parked job, so the global bound holds.
      const waiting = this.parked.get(host);
      const next = waiting?.shift();
      if (!next) return;
      if (waiting?.length === 0) this.parked.delete(host);
      this.parkedCount--;
      this.dispatch(next);
    });
    this.inFlight.add(p);
  }

  private async attempt(job: PushJob): Promise<void> {
    const observer = this.telemetry.pushAttempt({
      taskId: job.taskId,
      configId: job.config.id,
      seq: job.seq,
      attempt: job.attempts + 1,
    });
    let outcome: Outcome;
    try {
      outcome = await observer.run(() => this.send(job));
    } catch (error) {
      outcome = { kind: "retry", error: messageOf(error) };
    }
    try {
      const settled = await this.settle(job, outcome);
      observer.end(settled, "error" in outcome ? outcome.error : undefined);
    } catch (error) {
      observer.end("retried", messageOf(error));
      this.logger.error("Could not record a push delivery's outcome", {
        deliveryId: job.id,
        error,
      });
    }
  }

  private async settle(job: PushJob, outcome: Outcome): Promise<PushOutcome> {
    const fields = { deliveryId: job.id, taskId: job.taskId, configId: job.config.id };
    switch (outcome.kind) {
      case "stopped":
        return "stopped";
      case "delivered":
        await this.outbox.complete(job);
        this.count(job).delivered++;
        this.logger.debug("Push delivered", { ...fields, seq: job.seq, status: outcome.status });
        return "delivered";
      case "permanent":
        await this.giveUp(job, outcome.error);
        return "dead_lettered";
      case "retry": {
        const attempts = job.attempts + 1;
        const o = this.retryOptions;
        const age = this.now() - job.createdAt;
        if (attempts >= o.maxAttempts || age >= o.maxAgeMs) {
          const why = attempts >= o.maxAttempts ? `${attempts} attempts` : `${age} ms`;
          await this.giveUp(job, `gave up after ${why}; last error: ${outcome.error}`);
          return "dead_lettered";
        }
        const wait =
          outcome.retryAfterMs !== undefined
            ? Math.min(outcome.retryAfterMs, o.maxRetryAfterMs)
            : Math.max(0, o.backoff(attempts));
        await this.outbox.retry(job, {
          attempts,
          notBefore: this.now() + wait,
          error: outcome.error,
        });
        this.count(job).retried++;
        this.logger.info("Push delivery failed; retrying", {
          ...fields,
          attempt: attempts,
          retryInMs: wait,
          error: outcome.error,
        });
        return "retried";
      }
    }
  }

  private async giveUp(job: PushJob, reason: string): Promise<void> {
    await this.outbox.deadLetter(job, reason);
    this.count(job).deadLettered++;
    this.logger.warn("Push delivery dead-lettered", {
      deliveryId: job.id,
      taskId: job.taskId,
      configId: job.config.id,
      seq: job.seq,
      reason,
    });
  }

  private async send(job: PushJob): Promise<Outcome> {
    const url = job.config.url;
    try {
      // Checked again at send time: the name may resolve elsewhere now (DNS rebinding).
      await checkPushUrl(url, this.policy);
    } catch (e) {
      if (e instanceof PushUrlRefusedError) return { kind: "permanent", error: e.message };
      if (e instanceof PushUrlResolutionError) return { kind: "retry", error: e.message };
      throw e;
    }
    const request = await buildPushRequest(job, this.signer);
    const timeout = AbortSignal.timeout(this.retryOptions.timeoutMs);
    let response: Response;
    try {
      response = await this.fetch(url, {
        method: "POST",
        headers: request.headers,
        body: request.body,
        // A redirect could point at a forbidden address; it counts as a failure instead.
        redirect: "manual",
        // Not AbortSignal.any: on Node 20 it keeps an entry on the long-lived stop signal for
        // every attempt, for good.
        signal: anySignal([timeout, this.stop.signal]),
      });
    } catch (e) {
      if (this.stop.signal.aborted) return { kind: "stopped" };
      if (timeout.aborted) {
        return { kind: "retry", error: `no response within ${this.retryOptions.timeoutMs} ms` };
      }
      // A guarded fetch (see `nodePushOptions`) refuses a forbidden address while connecting.
      const refusal = refusalOf(e);
      if (refusal) return { kind: "permanent", error: refusal };
      return { kind: "retry", error: `network error: ${messageOf(e)}` };
    }
    // The body is never read; dropping it frees the connection.
    await response.body?.cancel().catch(() => undefined);
    const status = response.status;
    if (response.type === "opaqueredirect" || (status >= 300 && status < 400)) {
      const to = response.headers.get("location");
      return {
        kind: "permanent",
        error: `the webhook answered ${status || "a redirect"}${to ? ` to ${to}` : ""}; redirects are not followed`,
      };
    }
    const verdict = statusVerdict(status);
    if (verdict === "delivered") return { kind: "delivered", status };
    const error = `the webhook answered HTTP ${status}`;
    if (verdict === "permanent") return { kind: "permanent", error };
    const retryAfterMs = parseRetryAfter(response.headers.get("retry-after"), this.now());
    return retryAfterMs === undefined
      ? { kind: "retry", error }
      : { kind: "retry", error, retryAfterMs };
  }

  private count(job: PushJob): PushConfigStats {
    let s = this.counts.get(job.queue);
    if (!s) {
      if (this.counts.size >= MAX_STATS) {
        const oldest = this.counts.keys().next().value;
        if (oldest !== undefined) this.counts.delete(oldest);
      }
      s = {
        tenant: job.scope.tenant,
        taskId: job.taskId,
        configId: job.config.id,
        delivered: 0,
        retried: 0,
        deadLettered: 0,
      };
      this.counts.set(job.queue, s);
    }
    return s;
  }
}

/** Creates the push dispatcher (see {@link PushDeliveries}). */
export function createPushDeliveries(options: PushDeliveryOptions = {}): PushDeliveries {
  return new PushDeliveries(options);
}

/** The host and port a webhook URL names: the unit the per-host bound counts. */
function hostOf(url: string): string {
  try {
    return new URL(url).host.toLowerCase();
  } catch {
    return url;
  }
}

/** The message of a `PushUrlRefusedError` thrown or carried as a fetch error's cause. */
function refusalOf(e: unknown): string | undefined {
  // By name: the Node entry may be bundled with its own copy of the class.
  for (const x of [e, e instanceof Error ? e.cause : undefined]) {
    if (x instanceof Error && x.name === "PushUrlRefusedError") return x.message;
  }
  return undefined;
}

function messageOf(e: unknown): string {
  if (e instanceof Error) {
    const cause = e.cause instanceof Error ? ` (${e.cause.message})` : "";
    return `${e.message}${cause}`;
  }
  return String(e);
}
