import { cpuSeconds } from "../cpu.js";
import type { LoadTool } from "../load.js";
import { checkEchoAnswer, postJson, sendBody } from "../rpc.js";
import type { RunningTarget } from "../targets.js";

export interface SendMessageResult {
  requestsPerSec: number;
  p50Ms: number;
  p99Ms: number;
  /** Server CPU time (user + system) per answered request, in microseconds. */
  cpuUsPerRequest: number;
  /** Main-thread garbage collection pauses per answered request, in microseconds. */
  gcUsPerRequest: number;
}

async function gcMs(target: RunningTarget): Promise<number> {
  const res = await fetch(target.gcUrl);
  if (!res.ok) throw new Error(`${target.gcUrl} answered ${res.status}`);
  return ((await res.json()) as { gcMs: number }).gcMs;
}

/** Blocking SendMessage from `connections` kept-alive connections: a warm-up, then the measure. */
export async function measureSendMessage(
  target: RunningTarget,
  load: LoadTool,
  options: { connections: number; warmupSec: number; seconds: number },
): Promise<SendMessageResult> {
  checkEchoAnswer(await postJson(target.url, sendBody("hello")), "hello");
  await load.run(target.url, options.connections, options.warmupSec);
  const gcBefore = await gcMs(target);
  const cpuBefore = cpuSeconds(target.pid);
  const run = await load.run(target.url, options.connections, options.seconds);
  const cpuAfter = cpuSeconds(target.pid);
  const gcAfter = await gcMs(target);
  if (run.errors > 0) throw new Error(`${run.errors} failed requests`);
  if (run.requests === 0) throw new Error("no request was answered");
  return {
    requestsPerSec: run.requestsPerSec,
    p50Ms: run.p50Ms,
    p99Ms: run.p99Ms,
    cpuUsPerRequest: ((cpuAfter - cpuBefore) * 1e6) / run.requests,
    gcUsPerRequest: ((gcAfter - gcBefore) * 1e3) / run.requests,
  };
}
