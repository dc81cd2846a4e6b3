import type { StreamResponse, Task } from "@a2akit/types";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { artifactIds, getTask, message, rpc, stateOf, stream } from "./support/a2a.js";
import { type Instance, startInstance } from "./support/instances.js";
import { type PrivateRedis, startPrivateRedis } from "./support/private-redis.js";
import { testPrefix } from "./support/redis.js";

const prefix = testPrefix("restart");
let server: PrivateRedis;
let control: Redis;
let agent: Instance;

beforeAll(async () => {
  server = await startPrivateRedis();
  control = new Redis(server.url);
  agent = await startInstance(server.url, prefix);
});

afterAll(async () => {
  await agent?.stop();
  control?.disconnect();
  await server?.stop();
});

const all = Array.from({ length: 10 }, (_, i) => `a${i}`);

describe("a Redis restart in the middle of work", () => {
  it("loses and repeats no event of a stream or a blocking SendMessage", async () => {
    // A stream, read until the first half of its artifacts arrived.
    const streamCtx = crypto.randomUUID();
    const items = stream(
      agent.url,
      "SendStreamingMessage",
      message("chunks 5", { contextId: streamCtx }),
    );
    const seen: StreamResponse[] = [];
    await control.set(`${prefix}:gate:${streamCtx}`, "1", "EX", 600);
    while (seen.flatMap(artifactIds).length < 5) {
      const next = await items.next();
      expect(next.done).toBe(false);
      seen.push(next.value as StreamResponse);
    }

    // A blocking SendMessage, waiting in the middle of its task.
    const blockingCtx = crypto.randomUUID();
    const blocking = rpc<{ task: Task }>(
      agent.url,
      "SendMessage",
      message("chunks 5", { contextId: blockingCtx }),
    );
    await control.set(`${prefix}:gate:${blockingCtx}`, "1", "EX", 600);
    let blockingId: string | undefined;
    for (let i = 0; i < 1_000; i++) {
      const list = await rpc<{ tasks: Task[] }>(agent.url, "ListTasks", {
        contextId: blockingCtx,
        includeArtifacts: true,
      });
      const t = list.tasks[0];
      if (t && (t.artifacts?.length ?? 0) === 5) {
        blockingId = t.id;
        break;
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(blockingId).toBeDefined();

    await server.restart();

    await control.set(`${prefix}:gate2:${streamCtx}`, "1", "EX", 600);
    await control.set(`${prefix}:gate2:${blockingCtx}`, "1", "EX", 600);
    for await (const item of items) seen.push(item);
    expect(seen.flatMap(artifactIds)).toEqual(all);
    expect(stateOf(seen[seen.length - 1] as StreamResponse)).toBe("TASK_STATE_COMPLETED");

    const answer = (await blocking).task;
    expect(answer.status.state).toBe("TASK_STATE_COMPLETED");
    expect(answer.artifacts?.map((a) => a.artifactId)).toEqual(all);

    const streamTask = seen[0]?.task as Task;
    for (const id of [streamTask.id, blockingId as string]) {
      const task = await getTask(agent.url, id);
      expect(task.status.state).toBe("TASK_STATE_COMPLETED");
      expect(task.artifacts?.map((a) => a.artifactId)).toEqual(all);
    }
  });
});
