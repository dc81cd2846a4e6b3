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

/**
 * Streams until the code they run is optimized, so the measured ones time the target rather than
 * its JIT: five of 100 chunks, then streams of 1,000 for up to ten in a row or `WARM_UP_MS`,
 * whichever ends first (a target that takes most of a second per stream gets a few). A target
 * with more work per event takes more streams to settle: with one K=1,000 stream of warm-up, the
 * measured times were mostly JIT and varied by a third between rounds.
 */
export async function warmUpStreams(target: RunningTarget, timeoutMs: number): Promise<void> {
  for (let i = 0; i < 5; i++) await measureStream(target, 100, timeoutMs);
  const until = performance.now() + WARM_UP_MS;
  for (let i = 0; i < 10 && performance.now() < until; i++) {
    await measureStream(target, 1000, timeoutMs);
  }
}

/** The most time the K=1,000 part of a stream warm-up takes, in ms. */
const WARM_UP_MS = 3_000;
