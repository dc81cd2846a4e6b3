import { checkEchoAnswer, postJson, sendBody, sendMany } from "../rpc.js";
import type { RunningTarget } from "../targets.js";

export interface MemoryResult {
  /** Heap growth per retained completed task, after GC, in bytes. */
  heapPerTask: number;
  rssPerTask: number;
}

interface Usage {
  heapUsed: number;
  rss: number;
}

async function readMemory(target: RunningTarget): Promise<Usage> {
  const res = await fetch(target.memUrl);
  if (!res.ok) throw new Error(`memory route answered ${res.status}`);
  return (await res.json()) as Usage;
}

/**
 * Completes `tasks` tasks on a fresh server and divides the growth of heap and RSS (after GC)
 * by their number. A short warm-up first, so lazily built state is in the baseline.
 */
export async function measureMemory(target: RunningTarget, tasks: number): Promise<MemoryResult> {
  checkEchoAnswer(await postJson(target.url, sendBody("hello")), "hello");
  await sendMany(target.url, 200, 16);
  const before = await readMemory(target);
  await sendMany(target.url, tasks, 16);
  const after = await readMemory(target);
  return {
    heapPerTask: (after.heapUsed - before.heapUsed) / tasks,
    rssPerTask: (after.rss - before.rss) / tasks,
  };
}
