import type { AgentCard } from "@a2akit/types";
import { afterEach, describe, expect, it } from "vitest";
import {
  type AgentExecutor,
  createA2AFetchHandler,
  createLimiter,
  createRequestHandler,
  type LimitCall,
  limitKeys,
  MemoryTokenBucketStore,
} from "../src/index.js";
import { readSse, serveFetch, type TestServer } from "./http-helpers.js";

const BASE = "http://agent.test";
const H = { "A2A-Version": "1.0", "Content-Type": "application/json" };

function limitCard(): AgentCard {
  return {
    name: "Limited agent",
    description: "An agent for limit tests",
    supportedInterfaces: [
      { url: `${BASE}/a2a`, protocolBinding: "JSONRPC", protocolVersion: "1.0" },
      { url: `${BASE}/rest`, protocolBinding: "HTTP+JSON", protocolVersion: "1.0" },
    ],
    version: "1.0.0",
    capabilities: { streaming: true },
    defaultInputModes: ["text/plain"],
    defaultOutputModes: ["text/plain"],
    skills: [],
  };
}

/** An executor that works until `release()` is called, then completes. */
function heldExecutor() {
  let release!: () => void;
  let held = new Promise<void>((r) => {
    release = r;
  });
  const executor: AgentExecutor = {
    async execute(ctx, task) {
      await task.working();
      await held;
      await task.complete(`done: ${ctx.userText}`);
    },
  };
  return {
    executor,
    release: () => {
      release();
      held = Promise.resolve();
    },
  };
}

const message = (text: string) => ({
  message: { messageId: crypto.randomUUID(), role: "ROLE_USER", parts: [{ text }] },
});

function rpc(method: string, params: unknown, id = 1) {
  return new Request(`${BASE}/a2a`, {
    method: "POST",
    headers: H,
    body: JSON.stringify({ jsonrpc: "2.0", id, method, params }),
  });
}

describe("MemoryTokenBucketStore", () => {
  it("admits exactly the capacity in a burst, then refills at the given rate", async () => {
    let now = 1_000_000;
    const buckets = new MemoryTokenBucketStore({ now: () => now });
    const rule = { capacity: 5, refillPerSecond: 2 };
    const burst = [];
    for (let i = 0; i < 12; i++) burst.push(await buckets.take("k", rule));
    expect(burst.filter((r) => r.allowed)).toHaveLength(5);
    const refused = burst.find((r) => !r.allowed);
    expect(refused?.retryAfterMs).toBe(500);
    now += 500;
    expect((await buckets.take("k", rule)).allowed).toBe(true);
    expect((await buckets.take("k", rule)).allowed).toBe(false);
    // Another key has its own bucket.
    expect((await buckets.take("other", rule)).allowed).toBe(true);
    // A long pause refills to the capacity, never beyond.
    now += 60_000;
    const after = [];
    for (let i = 0; i < 8; i++) after.push(await buckets.take("k", rule));
    expect(after.filter((r) => r.allowed)).toHaveLength(5);
  });

  it("rejects rules no bucket can honour", async () => {
    const buckets = new MemoryTokenBucketStore();
    await expect(buckets.take("k", { capacity: 0, refillPerSecond: 1 })).rejects.toThrow(
      /capacity/,
    );
    await expect(buckets.take("k", { capacity: 1, refillPerSecond: 1 }, 2)).rejects.toThrow(/cost/);
    expect(() => createLimiter({ requestsPerSecond: -1 })).toThrow(/requestsPerSecond/);
    expect(() => createLimiter({ burst: 3 })).toThrow(/burst needs requestsPerSecond/);
  });
});

describe("request rate limit", () => {
  it("answers a REST burst with exactly `burst` admitted calls and 429 + Retry-After for the rest", async () => {
    const now = 5_000;
    const limiter = createLimiter({ requestsPerSecond: 1, burst: 4, now: () => now });
    const { executor } = heldExecutor();
    const handler = createRequestHandler({ agentCard: limitCard(), executor, limiter });
    const a2a = createA2AFetchHandler({ handler });
    const responses = [];
    for (let i = 0; i < 10; i++) {
      responses.push(await a2a.fetch(new Request(`${BASE}/rest/tasks/nope`, { headers: H })));
    }
    // Admitted calls reach the handler (an unknown task is a 404); the rest are refused.
    expect(responses.filter((r) => r.status === 404)).toHaveLength(4);
    const refused = responses.filter((r) => r.status === 429);
    expect(refused).toHaveLength(6);
    expect(refused[0]!.headers.get("Retry-After")).toBe("1");
    const body = (await refused[0]!.json()) as {
      error: { status: string; details: { reason: string; metadata: Record<string, string> }[] };
    };
    expect(body.error.status).toBe("RESOURCE_EXHAUSTED");
    expect(body.error.details[0]!.reason).toBe("RESOURCE_EXHAUSTED");
    expect(body.error.details[0]!.metadata).toEqual({ limit: "requests", retryAfterSeconds: "1" });
  });

  it("answers a JSON-RPC burst with -32092 on HTTP 429 beyond the bucket", async () => {
    let now = 5_000;
    const limiter = createLimiter({ requestsPerSecond: 0.5, burst: 3, now: () => now });
    const { executor } = heldExecutor();
    const handler = createRequestHandler({ agentCard: limitCard(), executor, limiter });
    const a2a = createA2AFetchHandler({ handler });
    const answers = [];
    for (let i = 0; i < 7; i++) {
      const res = await a2a.fetch(rpc("GetTask", { id: "nope" }, i));
      answers.push({ res, body: (await res.json()) as { id: number; error: { code: number } } });
    }
    expect(answers.filter((a) => a.body.error.code === -32001)).toHaveLength(3);
    const refused = answers.filter((a) => a.body.error.code === -32092);
    expect(refused).toHaveLength(4);
    for (const a of refused) {
      expect(a.res.status).toBe(429);
      // One token per 2 s: the wait is rounded up to whole seconds.
      expect(a.res.headers.get("Retry-After")).toBe("2");
    }
    expect(refused.map((a) => a.body.id)).toEqual([3, 4, 5, 6]);
    now += 2_000;
    const later = await a2a.fetch(rpc("GetTask", { id: "nope" }, 9));
    expect(((await later.json()) as { error: { code: number } }).error.code).toBe(-32001);
  });

  it("keeps one bucket per user by default, and per client address with limitKeys.ip", async () => {
    const { executor } = heldExecutor();
    const handler = createRequestHandler({
      agentCard: limitCard(),
      executor,
      limiter: createLimiter({ requestsPerSecond: 1, burst: 2, now: () => 0 }),
    });
    const a2a = createA2AFetchHandler({
      handler,
      authenticate: (r) => ({ id: r.headers.get("x-user") ?? "", authenticated: true }),
    });
    const statuses = async (user: string) => {
      const out = [];
      for (let i = 0; i < 3; i++) {
        const res = await a2a.fetch(
          new Request(`${BASE}/rest/tasks/nope`, { headers: { ...H, "x-user": user } }),
        );
        out.push(res.status);
      }
      return out;
    };
    expect(await statuses("alice")).toEqual([404, 404, 429]);
    expect(await statuses("bob")).toEqual([404, 404, 429]);

    const ip = limitKeys.ip();
    const at = (xff: string): LimitCall => ({
      user: { id: "", authenticated: false },
      tenant: "",
      method: "GetTask",
      headers: new Headers({ "x-forwarded-for": xff }),
    });
    // The last hop is the one the load balancer appended; what the client wrote comes first.
    expect(ip(at("203.0.113.9, 10.0.0.1"))).toBe("10.0.0.1");
    expect(ip(at("198.51.100.7"))).toBe("198.51.100.7");
    expect(ip({ ...at(""), headers: new Headers() })).toBe("unknown");
  });
});

describe("concurrency limits", () => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it("caps concurrent streams per key and frees a slot when a stream ends", async () => {
    const { executor, release } = heldExecutor();
    const handler = createRequestHandler({
      agentCard: limitCard(),
      executor,
      limiter: createLimiter({ maxConcurrentStreams: 2 }),
    });
    const a2a = createA2AFetchHandler({ handler });
    server = await serveFetch(a2a.fetch);
    const open = () =>
      fetch(`${server!.url}/rest/message:stream`, {
        method: "POST",
        headers: H,
        body: JSON.stringify(message("stream")),
      });
    const first = await open();
    const second = await open();
    expect([first.status, second.status]).toEqual([200, 200]);
    const third = await open();
    expect(third.status).toBe(429);
    expect(((await third.json()) as { error: { message: string } }).error.message).toMatch(
      /at most 2/,
    );
    // JSON-RPC streams count against the same slots.
    const rpcStream = await fetch(`${server.url}/a2a`, {
      method: "POST",
      headers: H,
      body: JSON.stringify({
        jsonrpc: "2.0",
        id: 7,
        method: "SendStreamingMessage",
        params: message("x"),
      }),
    });
    expect(rpcStream.status).toBe(429);
    expect(((await rpcStream.json()) as { error: { code: number } }).error.code).toBe(-32092);

    release();
    await readSse(first);
    await readSse(second);
    const again = await open();
    expect(again.status).toBe(200);
    const { events } = await readSse(again);
    expect(events.at(-1)?.data).toMatchObject({
      statusUpdate: { status: { state: "TASK_STATE_COMPLETED" } },
    });
  });

  it("caps running tasks per key until one ends", async () => {
    const { executor, release } = heldExecutor();
    const handler = createRequestHandler({
      agentCard: limitCard(),
      executor,
      limiter: createLimiter({ maxRunningTasks: 1 }),
    });
    const a2a = createA2AFetchHandler({ handler });
    const sendNow = (text: string) =>
      a2a.fetch(
        new Request(`${BASE}/rest/message:send`, {
          method: "POST",
          headers: H,
          body: JSON.stringify({ ...message(text), configuration: { returnImmediately: true } }),
        }),
      );
    const first = await sendNow("one");
    expect(first.status).toBe(200);
    const task = ((await first.json()) as { task: { id: string } }).task;
    const second = await sendNow("two");
    expect(second.status).toBe(429);
    const body = (await second.json()) as {
      error: { details: { metadata: Record<string, string> }[] };
    };
    expect(body.error.details[0]!.metadata.limit).toBe("tasks");

    release();
    // Wait for the first task to finish (GetTask until COMPLETED), then the slot is free.
    for (let i = 0; i < 1000; i++) {
      const res = await a2a.fetch(new Request(`${BASE}/rest/tasks/${task.id}`, { headers: H }));
      const t = (await res.json()) as { status: { state: string } };
      if (t.status.state === "TASK_STATE_COMPLETED") break;
      await new Promise((r) => setImmediate(r));
    }
    await new Promise((r) => setImmediate(r));
    const third = await sendNow("three");
    expect(third.status).toBe(200);
    await handler.close();
  });
});

describe("idle stream timeout", () => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it("ends a stream that sent no event for the timeout, pings notwithstanding", async () => {
    const { executor, release } = heldExecutor();
    const handler = createRequestHandler({ agentCard: limitCard(), executor });
    const a2a = createA2AFetchHandler({ handler, keepAliveMs: 5, streamIdleTimeoutMs: 60 });
    server = await serveFetch(a2a.fetch);
    const res = await fetch(`${server.url}/rest/message:stream`, {
      method: "POST",
      headers: H,
      body: JSON.stringify(message("idle")),
    });
    const { events, comments } = await readSse(res);
    // The stream closed by itself: no error event, the task's own events only.
    expect(events.map((e) => e.event)).toEqual([undefined, undefined]);
    expect(events.map((e) => Object.keys(e.data as object)[0])).toEqual(["task", "statusUpdate"]);
    expect(comments).toBeGreaterThan(0);
    // The task kept running; a resubscription sees it finish.
    const taskId = (events[0]!.data as { task: { id: string } }).task.id;
    const again = await fetch(`${server.url}/rest/tasks/${taskId}:subscribe`, {
      method: "POST",
      headers: H,
    });
    release();
    const rest = await readSse(again);
    expect(rest.events.at(-1)?.data).toMatchObject({
      statusUpdate: { status: { state: "TASK_STATE_COMPLETED" } },
    });
    await handler.close();
  });

  it("rejects a negative timeout", () => {
    const { executor } = heldExecutor();
    const handler = createRequestHandler({ agentCard: limitCard(), executor });
    expect(() => createA2AFetchHandler({ handler, streamIdleTimeoutMs: -1 })).toThrow(
      /streamIdleTimeoutMs/,
    );
  });
});
