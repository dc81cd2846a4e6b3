import type { StreamResponse } from "@a2akit/types";
import type { QueueEntry, QueueStore } from "../stores/queue-store.js";
import type { TaskScope } from "../stores/scope.js";
import { assert, assertEqual, type TestApi } from "./assert.js";

const ALICE: TaskScope = { tenant: "acme", owner: "alice" };
const BOB: TaskScope = { tenant: "acme", owner: "bob" };

function event(n: number): StreamResponse {
  return {
    statusUpdate: {
      taskId: "t1",
      contextId: "ctx",
      status: { state: "TASK_STATE_WORKING", timestamp: new Date(n * 1000).toISOString() },
      metadata: { n },
    },
  };
}

function numbers(entries: QueueEntry[]): number[] {
  return entries.map((e) => e.event.statusUpdate?.metadata?.n as number);
}

async function take(iterable: AsyncIterable<QueueEntry>, count: number): Promise<QueueEntry[]> {
  const out: QueueEntry[] = [];
  if (count === 0) return out;
  for await (const e of iterable) {
    out.push(e);
    if (out.length === count) break;
  }
  return out;
}

async function drain(iterable: AsyncIterable<QueueEntry>): Promise<QueueEntry[]> {
  const out: QueueEntry[] = [];
  for await (const e of iterable) out.push(e);
  return out;
}

/**
 * The behaviour every QueueStore must show: replay from a seq then tail, order shared by all
 * readers, end, abort, the cancel channel, and scope isolation.
 */
export function describeQueueStoreContract(
  t: TestApi,
  name: string,
  make: () => { store: QueueStore } | Promise<{ store: QueueStore }>,
): void {
  const { describe, it } = t;
  describe(`QueueStore contract: ${name}`, () => {
    it("finishes a read at once when the log has ended", async () => {
      const { store } = await make();
      for (const seq of [2, 3, 5, 8]) await store.append(ALICE, "t1", seq, event(seq));
      await store.end(ALICE, "t1");
      assertEqual(await drain(store.read(ALICE, "t1", 9)), [], "reading past the end");
    });

    it("replays retained entries, then tails live ones", async () => {
      const { store } = await make();
      for (const seq of [2, 3, 5]) await store.append(ALICE, "t1", seq, event(seq));
      const fromFour = take(store.read(ALICE, "t1", 4), 3);
      const fromOne = take(store.read(ALICE, "t1", 1), 5);
      await store.append(ALICE, "t1", 6, event(6));
      await store.append(ALICE, "t1", 9, event(9));
      assertEqual(
        (await fromFour).map((e) => e.seq),
        [5, 6, 9],
        "from 4",
      );
      assertEqual(numbers(await fromOne), [2, 3, 5, 6, 9], "from 1");
    });

    it("refuses a seq that is not after the last one", async () => {
      const { store } = await make();
      await store.append(ALICE, "t1", 3, event(3));
      let refused = false;
      await store.append(ALICE, "t1", 3, event(3)).catch(() => {
        refused = true;
      });
      assert(refused, "appending seq 3 twice is refused");
    });

    it("gives concurrent readers every event in the same order, and ends them", async () => {
      const { store } = await make();
      const readers = [1, 2, 3].map(() => drain(store.read(ALICE, "t1", 1)));
      for (let seq = 1; seq <= 50; seq++) await store.append(ALICE, "t1", seq, event(seq));
      await store.end(ALICE, "t1");
      const expected = Array.from({ length: 50 }, (_, i) => i + 1);
      for (const r of await Promise.all(readers)) {
        assertEqual(
          r.map((e) => e.seq),
          expected,
          "each reader's seqs",
        );
      }
    });

    it("stops a read when its signal aborts, without an error", async () => {
      const { store } = await make();
      await store.append(ALICE, "t1", 1, event(1));
      const controller = new AbortController();
      const seen: number[] = [];
      const reading = (async () => {
        for await (const e of store.read(ALICE, "t1", 1, { signal: controller.signal })) {
          seen.push(e.seq);
          if (e.seq === 1) controller.abort();
        }
      })();
      await reading;
      assertEqual(seen, [1], "entries before the abort");
    });

    it("keeps scopes apart", async () => {
      const { store } = await make();
      const bobReads = drain(store.read(BOB, "t1", 1));
      await store.append(ALICE, "t1", 1, event(1));
      await store.end(BOB, "t1");
      assertEqual(await bobReads, [], "bob's log of the same task id");
    });

    it("delivers cancel signals with their metadata to the right task only", async () => {
      const { store } = await make();
      const heard: { who: string; metadata: unknown }[] = [];
      let resolveBob!: () => void;
      let resolveAlice!: () => void;
      const bobHeard = new Promise<void>((r) => {
        resolveBob = r;
      });
      const aliceHeard = new Promise<void>((r) => {
        resolveAlice = r;
      });
      const offAlice = store.onCancel(ALICE, "t1", (metadata) => {
        heard.push({ who: "alice", metadata });
        resolveAlice();
      });
      const offBob = store.onCancel(BOB, "t1", (metadata) => {
        heard.push({ who: "bob", metadata });
        resolveBob();
      });
      await store.signalCancel(BOB, "t1", { by: "bob" });
      await bobHeard;
      await store.signalCancel(ALICE, "t1", { by: "ops", reason: "runaway" });
      await aliceHeard;
      assertEqual(
        heard,
        [
          { who: "bob", metadata: { by: "bob" } },
          { who: "alice", metadata: { by: "ops", reason: "runaway" } },
        ],
        "signals heard",
      );
      offAlice();
      offBob();
    });
  });
}
