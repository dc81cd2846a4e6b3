import { createPushDeliveries, type PushDeliveries, type TaskScope } from "@a2akit/server-core";
import { afterAll, describe, expect, it } from "vitest";
import { createRedisPushOutbox } from "../src/index.js";
import { connect, dropPrefix, testPrefix } from "./support/redis.js";
import { byPath, startWebhook } from "./support/webhook.js";

const redis = connect();
const prefix = testPrefix("dispatch");
const cleanups: Array<() => Promise<void>> = [];

afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
  await dropPrefix(redis, prefix);
  await redis.quit();
});

const CONFIGS = 6;
const EVENTS = 8;
const CONCURRENCY = 2;

/** The seq a push body carries in its artifact text. */
function seqOf(body: string): number {
  const e = JSON.parse(body) as { artifactUpdate: { artifact: { parts: [{ text: string }] } } };
  return Number(e.artifactUpdate.artifact.parts[0].text);
}

describe("two dispatchers on one Redis outbox", () => {
  it("share the jobs, and each webhook still sees its events once, in order", async () => {
    // Requests are held until both dispatchers have theirs in flight: one alone can have at
    // most CONCURRENCY open, so the webhook only goes on once the other one took jobs too.
    const hook = await startWebhook({ hold: (held) => held < 2 * CONCURRENCY });
    cleanups.push(() => hook.close());
    const dispatchers: PushDeliveries[] = [0, 1].map(() => {
      const deliveries = createPushDeliveries({
        outbox: createRedisPushOutbox({ redis, prefix }),
        urlPolicy: { allowHosts: [`127.0.0.1:${hook.port}`] },
        concurrency: CONCURRENCY,
      });
      cleanups.push(() => deliveries.close());
      return deliveries;
    });

    const scope: TaskScope = { tenant: "", owner: "" };
    for (let seq = 1; seq <= EVENTS; seq++) {
      for (let c = 0; c < CONFIGS; c++) {
        const taskId = `task-${c}`;
        // Events of one config are queued from either instance, as followers would.
        await (dispatchers[(seq + c) % 2] as PushDeliveries).enqueue({
          scope,
          taskId,
          config: { id: "hook", taskId, url: `http://127.0.0.1:${hook.port}/c${c}` },
          seq,
          event: {
            artifactUpdate: {
              taskId,
              contextId: "ctx",
              artifact: { artifactId: "a", parts: [{ text: String(seq) }] },
            },
          },
        });
      }
    }

    const total = () =>
      dispatchers.reduce((n, d) => n + d.stats().reduce((m, s) => m + s.delivered, 0), 0);
    await hook.until((all) => all.length >= CONFIGS * EVENTS);
    for (let i = 0; i < 500 && total() < CONFIGS * EVENTS; i++) {
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(hook.received).toHaveLength(CONFIGS * EVENTS);
    const seqs = byPath(hook.received, seqOf);
    const inOrder = Array.from({ length: EVENTS }, (_, i) => i + 1);
    expect([...seqs.keys()].sort()).toEqual(Array.from({ length: CONFIGS }, (_, c) => `/c${c}`));
    for (const got of seqs.values()) expect(got).toEqual(inOrder);

    const delivered = dispatchers.map((d) => d.stats().reduce((n, s) => n + s.delivered, 0));
    expect(delivered[0]).toBeGreaterThan(0);
    expect(delivered[1]).toBeGreaterThan(0);
    expect((delivered[0] ?? 0) + (delivered[1] ?? 0)).toBe(CONFIGS * EVENTS);
    expect(await dispatchers[0]?.deadLetters()).toEqual([]);
    // Nothing is left to send: no queue, no claim.
    expect(await redis.keys(`{${prefix}}:outbox:q:*`)).toEqual([]);
    expect(await redis.hlen(`{${prefix}}:outbox:claims`)).toBe(0);
  });
});
