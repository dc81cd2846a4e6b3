import { createServer, type Socket } from "node:net";
import type { Task } from "@a2akit/types";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { message, rpc } from "./support/a2a.js";
import { type Instance, startInstance } from "./support/instances.js";
import { type PrivateRedis, startPrivateRedis } from "./support/private-redis.js";
import { testPrefix } from "./support/redis.js";
import { startWebhook } from "./support/webhook.js";

const prefix = testPrefix("push-restart");
let server: PrivateRedis;
let control: Redis;
const instances: Instance[] = [];
const cleanups: Array<() => Promise<void>> = [];

beforeAll(async () => {
  server = await startPrivateRedis();
  control = new Redis(server.url);
});

afterAll(async () => {
  for (const c of cleanups) await c();
  for (const i of instances) await i.stop();
  control?.disconnect();
  await server?.stop();
});

/** A webhook that is down: it accepts connections and never answers. */
async function blackHole() {
  const sockets = new Set<Socket>();
  const s = createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => s.listen(0, "127.0.0.1", resolve));
  return {
    port: (s.address() as { port: number }).port,
    /** Frees the port for the real webhook. */
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => s.close(() => resolve()));
    },
  };
}

/** Jobs waiting in the outbox, over every config's queue. */
async function queuedJobs(): Promise<number> {
  const queues = await control.keys(`{${prefix}}:outbox:q:*`);
  let n = 0;
  for (const q of queues) n += await control.llen(q);
  return n;
}

/** Failed attempts recorded on the head job of the (only) queue. */
async function headAttempts(): Promise<number> {
  const [queue] = await control.keys(`{${prefix}}:outbox:q:*`);
  const [id] = queue ? await control.lrange(queue, 0, 0) : [];
  return id ? Number(await control.hget(`{${prefix}}:outbox:job:${id}`, "a")) : 0;
}

async function until(what: string, probe: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 2_000; i++) {
    if (await probe()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`gave up waiting until ${what}`);
}

/** A push body in short: the state of a status update, or the id of an artifact. */
function describeBody(body: string): string {
  const e = JSON.parse(body) as {
    statusUpdate?: { status: { state: string } };
    artifactUpdate?: { artifact: { artifactId: string } };
    task?: { status: { state: string } };
  };
  return (
    e.statusUpdate?.status.state ??
    e.artifactUpdate?.artifact.artifactId ??
    `task ${e.task?.status.state}`
  );
}

describe("push deliveries across a restart of the server process and of Redis", () => {
  it("delivers every pending notification exactly once, in order", async () => {
    const env = { PUSH_BACKOFF_MS: "50", PUSH_VISIBILITY_MS: "1500" };
    // The webhook is down: the first attempt hangs, so the first instance holds a claim.
    const down = await blackHole();
    const port = down.port;
    const first = await startInstance(server.url, prefix, env);
    instances.push(first);

    const contextId = crypto.randomUUID();
    await control.set(`${prefix}:gate:${contextId}`, "1", "EX", 600);
    await control.set(`${prefix}:gate2:${contextId}`, "1", "EX", 600);
    const sent = await rpc<{ task: Task }>(first.url, "SendMessage", {
      ...message("chunks 3", { contextId }),
      configuration: { taskPushNotificationConfig: { url: `http://127.0.0.1:${port}/hook` } },
    });
    expect(sent.task.status.state).toBe("TASK_STATE_COMPLETED");
    // WORKING, six artifacts, COMPLETED: all queued, the first one out and unanswered.
    const expected = [
      "TASK_STATE_WORKING",
      ...Array.from({ length: 6 }, (_, i) => `a${i}`),
      "TASK_STATE_COMPLETED",
    ];
    await until("all notifications are queued", async () => (await queuedJobs()) === 8);
    await until("the first job is claimed", async () => {
      return (await control.hlen(`{${prefix}}:outbox:claims`)) === 1;
    });

    // The server process dies without a word, holding that claim; then Redis dies too and
    // comes back from its append-only file.
    await first.kill();
    await server.restart();
    expect(await queuedJobs()).toBe(8);
    expect(await control.hlen(`{${prefix}}:outbox:claims`)).toBe(1);

    // A new process on the same Redis, with the webhook now refusing connections: once the
    // dead instance's claim runs out, the new one takes the head over and retries it.
    await down.close();
    const second = await startInstance(server.url, prefix, env);
    instances.push(second);
    await until("the new process retries the head", async () => (await headAttempts()) >= 2);

    // Redis restarts under the running process, which rides it out; then the webhook comes up.
    await server.restart();
    const hook = await startWebhook({ port });
    cleanups.push(() => hook.close());

    await hook.until((all) => all.length >= expected.length);
    // Sent means done: the outbox is empty, so nothing can arrive twice later.
    await until("the outbox is empty", async () => (await queuedJobs()) === 0);
    expect(await control.hlen(`{${prefix}}:outbox:claims`)).toBe(0);
    expect(hook.received.map((r) => r.path)).toEqual(expected.map(() => "/hook"));
    expect(hook.received.map((r) => describeBody(r.body))).toEqual(expected);
  });
});
