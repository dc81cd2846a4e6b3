import { afterEach, describe, expect, it, vi } from "vitest";
import { MemoryPushOutbox, type PushJob } from "../src/index.js";

afterEach(() => vi.restoreAllMocks());

const job: PushJob = {
  id: "j1",
  queue: "q1",
  scope: { tenant: "", owner: "" },
  taskId: "t1",
  config: {
    id: "c1",
    taskId: "t1",
    url: "https://hook.example/",
    protocolVersion: "1.0",
  } as PushJob["config"],
  seq: 1,
  event: {
    statusUpdate: { taskId: "t1", contextId: "c", status: { state: "TASK_STATE_WORKING" } },
  },
  createdAt: 0,
  attempts: 0,
};

describe("the memory outbox's retry timer", () => {
  it("holds a retry due beyond what one timer can wait, without a warning or an early send", async () => {
    // A webhook may ask for a long Retry-After, and `backoff` is the user's: a due time past
    // 2^31-1 ms used to overflow the timer, which Node reports on the console and fires at once.
    const warned = vi.spyOn(process, "emitWarning");
    const outbox = new MemoryPushOutbox();
    await outbox.enqueue(job);
    const [claimed] = await outbox.claim(1);
    const due = Date.now() + 40 * 24 * 3_600_000;
    await outbox.retry(claimed as PushJob, { attempts: 1, notBefore: due, error: "503" });
    await new Promise((r) => setTimeout(r, 20));
    expect(warned).not.toHaveBeenCalled();
    expect(await outbox.claim(1)).toEqual([]);
    await outbox.close();
  });
});
