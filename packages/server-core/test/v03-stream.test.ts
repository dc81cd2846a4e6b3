import type { StreamResponse } from "@a2akit/types";
import { describe, expect, it } from "vitest";
import { markFinal } from "../src/v03/stream.js";

const status = (state: string) => ({ state, timestamp: "2025-01-01T00:00:00.000Z" }) as never;
const task: StreamResponse = {
  task: { id: "t", contextId: "c", status: status("TASK_STATE_WORKING") },
};
const update = (state: string): StreamResponse => ({
  statusUpdate: { taskId: "t", contextId: "c", status: status(state) },
});

async function* of(items: StreamResponse[]) {
  yield* items;
}

async function collect(items: StreamResponse[]) {
  const out = [];
  for await (const x of markFinal(of(items))) out.push(x);
  return out;
}

describe("markFinal", () => {
  it("marks the status update that ends the stream, not the ones before", async () => {
    const out = await collect([task, update("TASK_STATE_WORKING"), update("TASK_STATE_COMPLETED")]);
    expect(out.map((x) => x.final)).toEqual([false, false, true]);
  });

  it("keeps auth-required open: the handler's streams go on past it", async () => {
    const out = await collect([
      task,
      update("TASK_STATE_AUTH_REQUIRED"),
      update("TASK_STATE_FAILED"),
    ]);
    expect(out.map((x) => x.final)).toEqual([false, false, true]);
  });

  it("ends a stream that stops early with one more status update marked final", async () => {
    const out = await collect([task, update("TASK_STATE_WORKING")]);
    expect(out).toHaveLength(3);
    expect(out[2]).toEqual({ item: update("TASK_STATE_WORKING"), final: true });
    const onlyTask = await collect([task]);
    expect(onlyTask[1]).toEqual({ item: update("TASK_STATE_WORKING"), final: true });
  });

  it("adds nothing after a message, which ends a v0.3 stream by itself", async () => {
    const message: StreamResponse = {
      message: { messageId: "m", role: "ROLE_AGENT", parts: [{ text: "hi" }] },
    };
    expect(await collect([message])).toEqual([{ item: message, final: false }]);
  });

  it("passes return() on at once, even while next() waits for an event", async () => {
    let returned = false;
    const inner: AsyncIterable<StreamResponse> = {
      [Symbol.asyncIterator]: () => ({
        next: () => new Promise<IteratorResult<StreamResponse>>(() => {}),
        return: async () => {
          returned = true;
          return { done: true, value: undefined };
        },
      }),
    };
    const it = markFinal(inner)[Symbol.asyncIterator]();
    void it.next();
    await it.return?.();
    expect(returned).toBe(true);
  });
});
