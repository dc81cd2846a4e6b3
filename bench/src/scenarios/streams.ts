import { sendBody } from "../rpc.js";
import { checkChunkStream, readStream } from "../sse.js";
import type { RunningTarget } from "../targets.js";

export interface SingleStreamResult {
  firstMs: number;
  lastMs: number;
}

/** One `stream:K` call: time to the first and to the last event. */
export async function measureStream(
  target: RunningTarget,
  chunks: number,
  timeoutMs: number,
): Promise<SingleStreamResult> {
  const result = await readStream(
    target.url,
    sendBody(`stream:${chunks}`, "SendStreamingMessage"),
    { timeoutMs },
  );
  checkChunkStream(result, chunks);
  return { firstMs: result.firstMs, lastMs: result.lastMs };
}

/** `streams` concurrent `stream:K` calls: all the events delivered per second of wall time. */
export async function measureConcurrentStreams(
  target: RunningTarget,
  streams: number,
  chunks: number,
  timeoutMs: number,
): Promise<number> {
  const start = performance.now();
  const results = await Promise.all(
    Array.from({ length: streams }, () =>
      readStream(target.url, sendBody(`stream:${chunks}`, "SendStreamingMessage"), { timeoutMs }),
    ),
  );
  const seconds = (performance.now() - start) / 1000;
  let events = 0;
  for (const result of results) {
    checkChunkStream(result, chunks);
    events += result.events;
  }
  return events / seconds;
}

/** A few short streams first, so the measured ones run on optimized code. */
export async function warmUpStreams(target: RunningTarget, timeoutMs: number): Promise<void> {
  for (let i = 0; i < 5; i++) await measureStream(target, 100, timeoutMs);
  await measureStream(target, 1000, timeoutMs);
}
