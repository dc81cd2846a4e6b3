import { sendBody, subscribeBody } from "../rpc.js";
import { type ArrivedEvent, readStream, type StreamResult } from "../sse.js";
import { median } from "../stats.js";
import type { RunningTarget } from "../targets.js";

const TICK = /^tick (\d+) (\d+)$/;

/**
 * Median ms from an event's emission (inside the executor on `emitter`) to its arrival through
 * a SubscribeToTask stream on `subscriber`. The executor waits `waitMs` before the first tick,
 * so the subscription is in place; ticks are `gapMs` apart, so each is measured unqueued.
 */
export async function measureSubscribeLatency(
  emitter: RunningTarget,
  subscriber: RunningTarget,
  options: { ticks: number; waitMs: number; gapMs: number },
): Promise<number> {
  const latencies: number[] = [];
  const onTick = (event: ArrivedEvent) => {
    const update = (
      JSON.parse(event.data) as {
        result?: { artifactUpdate?: { artifact: { parts: { text?: string }[] } } };
      }
    ).result?.artifactUpdate;
    const match = TICK.exec(update?.artifact.parts[0]?.text ?? "");
    if (match) latencies.push(Number(event.at - BigInt(match[2] as string)) / 1e6);
  };
  let subscription: Promise<StreamResult> | undefined;
  await readStream(
    emitter.url,
    sendBody(`ticks:${options.ticks}:${options.waitMs}:${options.gapMs}`, "SendStreamingMessage"),
    {
      onEvent: (event) => {
        if (subscription) return;
        const taskId = (JSON.parse(event.data) as { result: { task: { id: string } } }).result.task
          .id;
        subscription = readStream(subscriber.url, subscribeBody(taskId), { onEvent: onTick });
      },
    },
  );
  await subscription;
  if (latencies.length !== options.ticks) {
    throw new Error(`the subscriber saw ${latencies.length} of ${options.ticks} ticks`);
  }
  return median(latencies);
}
