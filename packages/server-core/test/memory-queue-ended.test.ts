import { describe, expect, it } from "vitest";
import { MemoryQueueStore, QueueGapError } from "../src/index.js";

const scope = { tenant: "", owner: "" };
const event = (n: number) => ({
  message: { messageId: `m${n}`, role: "ROLE_AGENT" as const, parts: [{ text: String(n) }] },
});

async function readAll(queue: MemoryQueueStore, taskId: string, from: number): Promise<number[]> {
  const seen: number[] = [];
  for await (const e of queue.read(scope, taskId, from)) seen.push(e.seq);
  return seen;
}

describe("memory queue store: ended logs nobody reads", () => {
  it("still answers late readers and refuses appends after it ended", async () => {
    const queue = new MemoryQueueStore();
    for (let seq = 1; seq <= 3; seq++) await queue.append(scope, "t", seq, event(seq));
    await queue.end(scope, "t");
    expect(queue.stats()).toEqual({ logs: 1, entries: 0 });
    // What was trimmed is a gap; reading after the last seq ends at once.
    await expect(readAll(queue, "t", 1)).rejects.toBeInstanceOf(QueueGapError);
    expect(await readAll(queue, "t", 4)).toEqual([]);
    await expect(queue.append(scope, "t", 4, event(4))).rejects.toThrow("has ended");
    await queue.end(scope, "t");
    expect(queue.stats()).toEqual({ logs: 1, entries: 0 });
    await queue.delete(scope, "t");
    expect(queue.stats()).toEqual({ logs: 0, entries: 0 });
  });

  it("keeps the log whole while a reader is on it, and retires it when the reader leaves", async () => {
    const queue = new MemoryQueueStore();
    await queue.append(scope, "t", 1, event(1));
    const reading = readAll(queue, "t", 1);
    await queue.append(scope, "t", 2, event(2));
    await queue.end(scope, "t");
    expect(await reading).toEqual([1, 2]);
    expect(queue.stats()).toEqual({ logs: 1, entries: 0 });
    await expect(readAll(queue, "t", 2)).rejects.toBeInstanceOf(QueueGapError);
  });
});
