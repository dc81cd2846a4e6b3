import { describe, expect, it } from "vitest";
import { MemoryPushOutbox, type PushJob } from "../src/index.js";

function job(queue: string, seq: number): PushJob {
  return {
    id: `${queue}-${seq}`,
    queue,
    scope: { tenant: "", owner: "" },
    taskId: "t",
    config: { id: queue, taskId: "t", url: "https://hooks.example/x" },
    seq,
    event: {
      statusUpdate: { taskId: "t", contextId: "c", status: { state: "TASK_STATE_WORKING" } },
    },
    createdAt: 0,
    attempts: 0,
  };
}

describe("MemoryPushOutbox", () => {
  it("hands out one head per queue, in order, and the next only after completion", async () => {
    const outbox = new MemoryPushOutbox();
    for (const j of [job("a", 1), job("a", 2), job("b", 1)]) await outbox.enqueue(j);
    const first = await outbox.claim(10);
    expect(first.map((j) => j.id).sort()).toEqual(["a-1", "b-1"]);
    expect(await outbox.claim(10)).toEqual([]);
    await outbox.complete(first.find((j) => j.id === "a-1") as PushJob);
    expect((await outbox.claim(10)).map((j) => j.id)).toEqual(["a-2"]);
    expect(outbox.size).toBe(2);
  });

  it("wakes a waiter when a retry delay is over, even if its timer fires early", async () => {
    // A clock that only moves when told: the first wake-up finds the delay not yet over.
    let clock = 1000;
    const outbox = new MemoryPushOutbox({ now: () => clock });
    await outbox.enqueue(job("a", 1));
    const [claimed] = await outbox.claim(1);
    await outbox.retry(claimed as PushJob, { attempts: 1, notBefore: clock + 5, error: "503" });
    const stop = new AbortController();
    await outbox.wait(stop.signal);
    expect(await outbox.claim(1)).toEqual([]);
    clock += 5;
    await outbox.wait(stop.signal);
    const again = await outbox.claim(1);
    expect(again.map((j) => [j.id, j.attempts, j.lastError])).toEqual([["a-1", 1, "503"]]);
    await outbox.close();
  });

  it("refuses jobs beyond the bound, and replays dead letters from a fresh start", async () => {
    const outbox = new MemoryPushOutbox({ maxQueuedPerConfig: 1, now: () => 42 });
    expect(await outbox.enqueue(job("a", 1))).toBe("queued");
    expect(await outbox.enqueue(job("a", 2))).toBe("full");
    const [claimed] = await outbox.claim(1);
    await outbox.deadLetter({ ...(claimed as PushJob), attempts: 3 }, "HTTP 400");
    expect((await outbox.deadLetters()).map((d) => [d.job.id, d.reason, d.at])).toEqual([
      ["a-1", "HTTP 400", 42],
    ]);
    expect(await outbox.replay("a-1")).toBe(true);
    expect(await outbox.deadLetters()).toEqual([]);
    const [replayed] = await outbox.claim(1);
    expect(replayed).toMatchObject({ id: "a-1", attempts: 0, createdAt: 42 });
  });
});
