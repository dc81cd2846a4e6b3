import {
  ANONYMOUS,
  type CallContext,
  createRequestHandler,
  defineAgent,
  type Logger,
  type TaskScope,
} from "@a2akit/server-core";
import type { AgentCard, Task } from "@a2akit/types";
import { afterAll, describe, expect, it } from "vitest";
import { createRedisStores, type RedisStores } from "../src/index.js";
import { Keys } from "../src/keys.js";
import { startJitterProxy } from "./support/jitter-proxy.js";
import { connect, dropPrefix, REDIS_URL, testPrefix } from "./support/redis.js";

// Two instances write the same task: the executor's artifacts on A, a CancelTask on B. Each
// write is a compare-and-set on the version followed by an append at that version; if the two
// steps of A and B interleave, the later seq can reach the log first and the earlier one is
// refused, and every reader of the log misses that event.

const redis = connect();
const prefix = testPrefix("cancel-race");
const opened: Array<{ close(): Promise<void> }> = [];
const SCOPE: TaskScope = { tenant: "", owner: "" };
const ROUNDS = 40;
const ARTIFACTS = 60;

afterAll(async () => {
  // Handlers and stores before the proxies their connections go through.
  for (const o of opened.reverse()) await o.close();
  await dropPrefix(redis, prefix);
  await redis.quit();
});

const card: AgentCard = {
  name: "Race test agent",
  description: "Streams artifacts until it is canceled",
  version: "1.0.0",
  supportedInterfaces: [
    { url: "http://agent.test/rpc", protocolBinding: "JSONRPC", protocolVersion: "1.0" },
  ],
  capabilities: { streaming: true },
  defaultInputModes: ["text/plain"],
  defaultOutputModes: ["text/plain"],
  skills: [],
};

function call(): CallContext {
  return {
    user: ANONYMOUS,
    tenant: "",
    protocolVersion: "1.0",
    requestedExtensions: [],
    activatedExtensions: new Set(),
  };
}

/** Errors the handlers log (a lost append shows up here as a failed executor). */
const logged: unknown[] = [];
const logger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: (message, fields) => logged.push({ message, ...fields }),
};

/** Set by each round: the executor calls it once it has written `after` artifacts. */
let started: { after: number; resolve: () => void } | undefined;

/** One instance: its own stores (and so its own connections) on the shared Redis. */
function instance(url: string) {
  const stores: RedisStores = createRedisStores({ redis: url, prefix, sweepIntervalMs: 0, logger });
  const handler = createRequestHandler({
    agentCard: card,
    logger,
    executor: defineAgent(async (ctx, task) => {
      for (let i = 0; i < ARTIFACTS && !ctx.signal.aborted; i++) {
        await task.artifact({ artifactId: `a${i}`, parts: [{ text: `chunk ${i}` }] });
        if (started && i + 1 === started.after) started.resolve();
        // A model streaming tokens: a short pause between chunks (cancel-contention.test.ts
        // covers an executor writing back to back).
        await new Promise((r) => setTimeout(r, 1));
      }
    }),
    ...stores,
  });
  opened.push({
    close: async () => {
      await handler.close();
      await stores.close();
    },
  });
  return { handler, stores };
}

describe("CancelTask on one instance racing the executor's events on another", () => {
  it("loses no event: every reader sees each seq once, in order, and the log has no gap", async () => {
    // Each instance reaches Redis over a network whose delays vary, A's more than B's: so B's
    // writes can land between A's two steps.
    const { hostname, port } = new URL(REDIS_URL);
    const proxies = [];
    for (const jitterMs of [8, 1]) {
      const proxy = await startJitterProxy(hostname, Number(port || 6379), jitterMs);
      opened.push(proxy);
      proxies.push(proxy);
    }
    const a = instance(proxies[0]?.url as string);
    const b = instance(proxies[1]?.url as string);
    const reader = instance(REDIS_URL);
    const failures: string[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const after = 1 + (round % 8);
      const ready = new Promise<void>((resolve) => {
        started = { after, resolve };
      });
      const sent = await a.handler.sendMessage(
        {
          tenant: "",
          message: {
            messageId: crypto.randomUUID(),
            role: "ROLE_USER",
            parts: [{ text: `round ${round}` }],
          },
          configuration: { returnImmediately: true },
        },
        call(),
      );
      const taskId = (sent as { task: Task }).task.id;
      // A subscriber tailing the log from the first event after the created snapshot.
      const seen = (async () => {
        const seqs: number[] = [];
        const signal = AbortSignal.timeout(20_000);
        for await (const entry of reader.stores.queueStore.read(SCOPE, taskId, 2, { signal })) {
          seqs.push(entry.seq);
        }
        return seqs;
      })();
      await ready;
      await b.handler.cancelTask({ tenant: "", id: taskId }, call());
      const seqs = await seen;
      const final = await reader.stores.taskStore.get(SCOPE, taskId);
      const keys = new Keys(prefix);
      const ids = (await redis.xrange(keys.log(keys.ref(SCOPE, taskId)), "-", "+"))
        .map(([id]) => id)
        .filter((id) => id !== "18446744073709551615-0")
        .map((id) => Number(id.split("-")[0]));
      const expected = Array.from({ length: (final?.version ?? 1) - 1 }, (_, i) => i + 2);
      if (JSON.stringify(seqs) !== JSON.stringify(expected)) {
        failures.push(
          `round ${round}: read ${seqs.join(",")} but the task is at v${final?.version}`,
        );
      }
      if (JSON.stringify(ids) !== JSON.stringify(expected)) {
        failures.push(`round ${round}: log holds ${ids.join(",")}`);
      }
      expect(final?.task.status.state).toBe("TASK_STATE_CANCELED");
    }
    expect(failures).toEqual([]);
    // Before the fix an executor whose append was refused failed; now none does.
    expect(logged).toEqual([]);
  });
});
