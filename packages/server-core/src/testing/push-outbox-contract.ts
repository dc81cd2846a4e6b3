import type { StreamResponse } from "@a2akit/types";
import { pushQueueKey } from "../push/deliveries.js";
import type { PushJob, PushOutbox } from "../push/outbox.js";
import type { TaskScope } from "../stores/scope.js";
import { assert, assertEqual, type TestApi } from "./assert.js";

/** What a push outbox contract test runs against. */
export interface PushOutboxHarness {
  outbox: PushOutbox;
  /**
   * A second handle on the same storage, as another instance of the server would hold (durable
   * outboxes only): claims must exclude each other across the two, and wake-ups must cross.
   */
  peer?: PushOutbox;
  /** The clock the outbox compares `notBefore` with (default `Date.now`). */
  now?: () => number;
}

type Context = PushOutboxHarness & { now: () => number };

/** The bounds the suite asks for; `make` must build an empty outbox with exactly these. */
export interface PushOutboxContractBounds {
  maxQueuedPerConfig: number;
  maxDeadLetters: number;
}

// Odd characters in tenants, owners and ids: the queue key must keep them apart wherever it goes.
const ALICE: TaskScope = { tenant: 'ac{me}:"x"', owner: "alice" };
const BOB: TaskScope = { tenant: "acme", owner: "b:o{b}" };
const BOUNDS: PushOutboxContractBounds = { maxQueuedPerConfig: 4, maxDeadLetters: 3 };
const WAIT_LIMIT_MS = 10_000;

let serial = 0;

function event(taskId: string, n: number): StreamResponse {
  return {
    statusUpdate: {
      taskId,
      contextId: "ctx",
      status: { state: "TASK_STATE_WORKING", timestamp: new Date(n * 1000).toISOString() },
      // Shapes a careless serialiser alters: empty arrays and objects, large integers, unicode.
      metadata: { n, empty: [], none: {}, big: 9_007_199_254_740_991, text: 'ü{x}:"q"\n' },
    },
  };
}

function job(scope: TaskScope, taskId: string, configId: string, seq: number): PushJob {
  return {
    id: `job-${++serial}-${Math.random().toString(36).slice(2)}`,
    queue: pushQueueKey(scope, taskId, configId),
    scope,
    taskId,
    config: { id: configId, taskId, url: `https://hooks.example/${configId}`, token: "tok" },
    seq,
    event: event(taskId, seq),
    createdAt: 1_700_000_000_000 + seq,
    attempts: 0,
  };
}

function seqs(jobs: readonly PushJob[]): number[] {
  return jobs.map((j) => j.seq);
}

/** Completes every job the outbox hands out until it is empty; returns their seqs per queue. */
async function drain(outbox: PushOutbox): Promise<Map<string, number[]>> {
  const out = new Map<string, number[]>();
  for (let round = 0; round < 1000; round++) {
    const jobs = await outbox.claim(10);
    if (jobs.length === 0) return out;
    for (const j of jobs) {
      out.set(j.queue, [...(out.get(j.queue) ?? []), j.seq]);
      await outbox.complete(j);
    }
  }
  throw new Error("the outbox never ran empty");
}

/** Resolves when `outbox.wait` does, or fails after a generous limit (a lost wake-up). */
async function woken(wait: Promise<void>, what: string): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: wait() never resolved`)), WAIT_LIMIT_MS);
  });
  try {
    await Promise.race([wait, limit]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The behaviour every PushOutbox must show: per-config order with one job of a queue out at a
 * time, retries held until due, bounded queues, dead letters (bounded, oldest first) and replay,
 * and wake-ups that are never lost. `make` gets the bounds to build the outbox with. With
 * `shared` (a durable outbox), `make` also returns a `peer`, and the suite checks that claims
 * exclude each other and wake-ups reach the other handle.
 */
export function describePushOutboxContract(
  t: TestApi,
  name: string,
  make: (bounds: PushOutboxContractBounds) => PushOutboxHarness | Promise<PushOutboxHarness>,
  options: { shared?: boolean } = {},
): void {
  const { describe, it } = t;

  /** Runs a test on a fresh harness and closes it afterwards. */
  const test = (title: string, fn: (h: Context) => Promise<void>) =>
    it(title, async () => {
      const h = await make(BOUNDS);
      try {
        await fn({ ...h, now: h.now ?? Date.now });
      } finally {
        await h.outbox.close?.();
        await h.peer?.close?.();
      }
    });

  describe(`PushOutbox contract: ${name}`, () => {
    test("hands a job back exactly as it was queued", async ({ outbox }) => {
      const queued = { ...job(ALICE, "t1", "c1", 1), lastError: "earlier failure", attempts: 2 };
      assertEqual(await outbox.enqueue(queued), "queued", "enqueue");
      const [claimed, ...rest] = await outbox.claim(10);
      assertEqual(rest.length, 0, "one job out");
      assertEqual(claimed, queued, "the claimed job");
    });

    test("hands out one job per queue at a time, in order", async ({ outbox }) => {
      const jobs = [1, 2, 3].map((n) => job(ALICE, "t1", "c1", n));
      for (const j of jobs) await outbox.enqueue(j);
      const first = await outbox.claim(10);
      assertEqual(seqs(first), [1], "only the head is handed out");
      assertEqual(seqs(await outbox.claim(10)), [], "nothing while the head is claimed");
      await outbox.complete(first[0] as PushJob);
      const second = await outbox.claim(10);
      assertEqual(seqs(second), [2], "the next one after completing the head");
      await outbox.complete(second[0] as PushJob);
      assertEqual(seqs(await outbox.claim(10)), [3], "then the last one");
    });

    test("hands out the heads of different queues together, up to the limit", async ({
      outbox,
    }) => {
      const queues = [
        job(ALICE, "t1", "c1", 1),
        job(ALICE, "t1", "c2", 1),
        job(BOB, "t1", "c1", 1),
        job(ALICE, "t2", "c1", 1),
      ];
      for (const j of queues) await outbox.enqueue(j);
      const some = await outbox.claim(3);
      assertEqual(some.length, 3, "limited to 3");
      assertEqual(new Set(some.map((j) => j.queue)).size, 3, "each from another queue");
      const rest = await outbox.claim(3);
      assertEqual(rest.length, 1, "the fourth queue's head");
      assert(!some.some((j) => j.id === rest[0]?.id), "no job handed out twice");
    });

    test("lets queues take turns", async ({ outbox }) => {
      for (let n = 1; n <= 3; n++) {
        await outbox.enqueue(job(ALICE, "t1", "a", n));
        await outbox.enqueue(job(ALICE, "t1", "b", n));
      }
      const order: string[] = [];
      for (let i = 0; i < 6; i++) {
        const [j] = await outbox.claim(1);
        assert(j, `a job in round ${i}`);
        order.push(`${j.config.id}${j.seq}`);
        await outbox.complete(j);
      }
      assertEqual(order.length, 6, "all six");
      // A queue whose head was just completed goes behind the one that was waiting.
      for (let i = 1; i < order.length; i++) {
        assert(order[i]?.[0] !== order[i - 1]?.[0], `queues alternate: ${order.join(" ")}`);
      }
    });

    test("ignores a completion of a job that is not its queue's head", async ({ outbox }) => {
      const [a, b] = [1, 2].map((n) => job(ALICE, "t1", "c1", n)) as [PushJob, PushJob];
      await outbox.enqueue(a);
      await outbox.enqueue(b);
      const [claimed] = await outbox.claim(10);
      await outbox.complete(claimed as PushJob);
      await outbox.complete(claimed as PushJob);
      const [next] = await outbox.claim(10);
      assertEqual(next?.id, b.id, "the second job survived a repeated completion");
      await outbox.retry(a, { attempts: 1, notBefore: 0, error: "stale" });
      assertEqual((await outbox.claim(10)).length, 0, "a stale retry changes nothing");
    });

    test("holds a retried job, and the ones behind it, until it is due", async ({
      outbox,
      now,
    }) => {
      const [a, b] = [1, 2].map((n) => job(ALICE, "t1", "c1", n)) as [PushJob, PushJob];
      const other = job(BOB, "t9", "c1", 1);
      await outbox.enqueue(a);
      await outbox.enqueue(b);
      const [claimed] = await outbox.claim(10);
      await outbox.retry(claimed as PushJob, {
        attempts: 1,
        notBefore: now() + 3_600_000,
        error: "HTTP 503",
      });
      await outbox.enqueue(other);
      assertEqual(
        (await outbox.claim(10)).map((j) => j.id),
        [other.id],
        "only the other queue while the retry waits",
      );
    });

    test("hands a due retry out again with its attempts and error", async ({ outbox, now }) => {
      const a = job(ALICE, "t1", "c1", 1);
      await outbox.enqueue(a);
      const [claimed] = await outbox.claim(10);
      await outbox.retry(claimed as PushJob, {
        attempts: 1,
        notBefore: now() - 1,
        error: "HTTP 503",
      });
      const [again] = await outbox.claim(10);
      assertEqual(again, { ...a, attempts: 1, lastError: "HTTP 503" }, "the retried job");
      await outbox.retry(again as PushJob, { attempts: 2, notBefore: now(), error: "timeout" });
      const [third] = await outbox.claim(10);
      assertEqual([third?.attempts, third?.lastError], [2, "timeout"], "updated again");
    });

    test("refuses a job when its queue is full, storing nothing", async ({ outbox }) => {
      const max = BOUNDS.maxQueuedPerConfig;
      for (let n = 1; n <= max; n++) {
        assertEqual(await outbox.enqueue(job(ALICE, "t1", "c1", n)), "queued", `job ${n}`);
      }
      assertEqual(await outbox.enqueue(job(ALICE, "t1", "c1", max + 1)), "full", "one too many");
      assertEqual(await outbox.enqueue(job(ALICE, "t1", "c2", 1)), "queued", "another config");
      const drained = await drain(outbox);
      assertEqual(
        drained.get(pushQueueKey(ALICE, "t1", "c1")),
        Array.from({ length: max }, (_, i) => i + 1),
        "the full queue kept exactly what it took",
      );
      assertEqual(drained.get(pushQueueKey(ALICE, "t1", "c2")), [1], "the other config");
    });

    test("dead-letters a claimed job, and the next one becomes ready", async ({ outbox }) => {
      const [a, b] = [1, 2].map((n) => job(ALICE, "t1", "c1", n)) as [PushJob, PushJob];
      await outbox.enqueue(a);
      await outbox.enqueue(b);
      const [claimed] = await outbox.claim(10);
      await outbox.deadLetter(claimed as PushJob, "HTTP 410");
      assertEqual(
        (await outbox.claim(10)).map((j) => j.id),
        [b.id],
        "the next job",
      );
      const dead = await outbox.deadLetters();
      assertEqual(dead.length, 1, "one dead letter");
      assertEqual(dead[0]?.job, a, "its job");
      assertEqual(dead[0]?.reason, "HTTP 410", "its reason");
      assert(typeof dead[0]?.at === "number" && dead[0].at > 0, "its time");
    });

    test("dead-letters a job that was never queued, leaving the queue alone", async ({
      outbox,
    }) => {
      const a = job(ALICE, "t1", "c1", 1);
      const refused = job(ALICE, "t1", "c1", 2);
      await outbox.enqueue(a);
      await outbox.deadLetter(refused, "queue full");
      assertEqual(
        (await outbox.deadLetters()).map((d) => d.job.id),
        [refused.id],
        "dead",
      );
      assertEqual(
        (await outbox.claim(10)).map((j) => j.id),
        [a.id],
        "the queue's own job",
      );
    });

    test("keeps the newest dead letters, oldest first", async ({ outbox }) => {
      const jobs = [1, 2, 3, 4, 5].map((n) => job(ALICE, "t1", `c${n}`, n));
      for (const j of jobs) await outbox.deadLetter(j, `reason ${j.seq}`);
      const dead = await outbox.deadLetters();
      assertEqual(
        dead.map((d) => [d.job.seq, d.reason]),
        [
          [3, "reason 3"],
          [4, "reason 4"],
          [5, "reason 5"],
        ],
        "bounded, oldest first",
      );
    });

    test("replays a dead letter at the end of its queue with a fresh count", async ({
      outbox,
      now,
    }) => {
      const a = { ...job(ALICE, "t1", "c1", 1), attempts: 7, lastError: "HTTP 500" };
      const b = job(ALICE, "t1", "c1", 2);
      await outbox.deadLetter(a, "gave up");
      await outbox.enqueue(b);
      const before = now();
      assertEqual(await outbox.replay(a.id), true, "replayed");
      assertEqual(await outbox.replay(a.id), false, "not twice");
      assertEqual(await outbox.replay("no-such-id"), false, "unknown id");
      assertEqual(await outbox.deadLetters(), [], "no longer dead");
      const [first] = await outbox.claim(10);
      assertEqual(first?.id, b.id, "the queued job first");
      await outbox.complete(first as PushJob);
      const [again] = await outbox.claim(10);
      const { lastError: _, ...rest } = a;
      assertEqual({ ...again, createdAt: 0 }, { ...rest, attempts: 0, createdAt: 0 }, "replayed");
      assert((again?.createdAt ?? 0) >= before, "its age counts from the replay");
    });

    test("wakes a waiter when a job is queued", async ({ outbox }) => {
      await outbox.claim(10);
      const stop = new AbortController();
      const waiting = outbox.wait(stop.signal);
      await outbox.enqueue(job(ALICE, "t1", "c1", 1));
      await woken(waiting, "after enqueue");
      assertEqual((await outbox.claim(10)).length, 1, "the job is there");
    });

    test("never loses a change made between claim and wait", async ({ outbox }) => {
      const a = job(ALICE, "t1", "c1", 1);
      await outbox.enqueue(a);
      await outbox.enqueue(job(ALICE, "t1", "c1", 2));
      const [claimed] = await outbox.claim(10);
      await outbox.complete(claimed as PushJob);
      await woken(outbox.wait(new AbortController().signal), "after complete");
      assertEqual(seqs(await outbox.claim(10)), [2], "the next job");
    });

    test("stops waiting when the signal aborts", async ({ outbox }) => {
      await outbox.claim(10);
      const stop = new AbortController();
      const waiting = outbox.wait(stop.signal);
      stop.abort();
      await woken(waiting, "after abort");
    });

    if (!options.shared) return;

    test("shares claims and wake-ups with a second instance", async ({ outbox, peer }) => {
      assert(peer, "a shared outbox's harness gives a peer");
      const [a, b] = [1, 2].map((n) => job(ALICE, "t1", "c1", n)) as [PushJob, PushJob];
      await peer.claim(10);
      const waiting = peer.wait(new AbortController().signal);
      await outbox.enqueue(a);
      await outbox.enqueue(b);
      await woken(waiting, "the peer after an enqueue elsewhere");
      const [claimed] = await outbox.claim(10);
      assertEqual(claimed?.id, a.id, "the head");
      assertEqual(await peer.claim(10), [], "the peer gets nothing while the head is out");
      await outbox.complete(claimed as PushJob);
      assertEqual(seqs(await peer.claim(10)), [2], "the peer takes the next one");
      await outbox.deadLetter(job(BOB, "t1", "c1", 5), "seen by both");
      assertEqual((await peer.deadLetters()).length, 1, "dead letters are shared");
    });
  });
}
