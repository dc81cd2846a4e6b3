import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  createPushDeliveries,
  exponentialBackoff,
  type PushDeliveryOptions,
  type PushSigner,
  parseRetryAfter,
  statusVerdict,
} from "../src/index.js";
import {
  chunkAgent,
  deferred,
  describeBody,
  distinct,
  expectedOrder,
  startWebhook,
} from "./push-helpers.js";
import { call, collect, send, setup } from "./support/fixtures.js";

type Hook = Awaited<ReturnType<typeof startWebhook>>;
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function webhook(answer?: Parameters<typeof startWebhook>[0]): Promise<Hook> {
  const hook = await startWebhook(answer);
  cleanups.push(() => hook.close());
  return hook;
}

/** A handler whose deliveries may reach the given webhooks (and nothing else on loopback). */
function agentWith(
  hooks: Hook[],
  chunks: number,
  extra: PushDeliveryOptions = {},
  go?: Promise<void>,
) {
  const allowHosts = hooks.map((h) => `127.0.0.1:${h.port}`);
  const deliveries = createPushDeliveries({
    ...extra,
    urlPolicy: { allowHosts },
    // No real waiting between retries: the tests count attempts, never time.
    retry: { backoff: () => 0, ...extra.retry },
  });
  const { handler } = setup({ executor: chunkAgent(chunks, go), pushDeliveries: deliveries });
  cleanups.push(() => handler.close({ timeoutMs: 1000 }));
  return { handler, deliveries };
}

/** Resolves once every config has nothing left in flight: delivered + dead == expected. */
async function settled(
  deliveries: ReturnType<typeof createPushDeliveries>,
  expected: number,
): Promise<void> {
  for (;;) {
    const done = deliveries.stats().reduce((n, s) => n + s.delivered + s.deadLettered, 0);
    if (done >= expected) return;
    await new Promise((r) => setTimeout(r, 5));
  }
}

// The same deliveries over @a2akit/node's transport are in that package's tests.
describe("push delivery", () => {
  it("POSTs every update in order, with the config's credentials and token", async () => {
    const hook = await webhook();
    const { handler, deliveries } = agentWith([hook], 5);
    const res = await handler.sendMessage(
      send(
        "go",
        {},
        {
          taskPushNotificationConfig: {
            url: hook.url,
            token: "tok-1",
            authentication: { scheme: "Basic", credentials: "dXNlcjpwYXNz" },
          },
        },
      ),
      call(),
    );
    expect(res.task?.status.state).toBe("TASK_STATE_COMPLETED");
    await hook.until((all) => all.length === 7);
    expect(hook.received.map((r) => describeBody(r.body))).toEqual(expectedOrder(5));
    for (const r of hook.received) {
      expect(r.headers["content-type"]).toBe("application/a2a+json");
      expect(r.headers.authorization).toBe("Basic dXNlcjpwYXNz");
      expect(r.headers["x-a2a-notification-token"]).toBe("tok-1");
      expect(
        JSON.parse(r.body).statusUpdate?.taskId ?? JSON.parse(r.body).artifactUpdate?.taskId,
      ).toBe(res.task?.id);
    }
    await settled(deliveries, 7);
    expect(deliveries.stats()).toEqual([
      expect.objectContaining({ taskId: res.task?.id, delivered: 7, retried: 0, deadLettered: 0 }),
    ]);
  });

  it("retries 500s and delivers the event once, keeping the order", async () => {
    const hook = await webhook((r) => (r.n <= 3 ? 500 : 204));
    const { handler, deliveries } = agentWith([hook], 3);
    await handler.sendMessage(
      send("go", {}, { taskPushNotificationConfig: { url: hook.url } }),
      call(),
    );
    await settled(deliveries, 5);
    expect(hook.received).toHaveLength(8);
    // The first event three times (failed), then once more (delivered), then the rest once.
    expect(hook.received.slice(0, 4).every((r) => r.body === hook.received[0]?.body)).toBe(true);
    expect(distinct(hook.received)).toEqual(expectedOrder(3));
    expect(deliveries.stats()[0]).toMatchObject({ delivered: 5, retried: 3, deadLettered: 0 });
    expect(await deliveries.deadLetters()).toEqual([]);
  });

  it("dead-letters a 400 at once, goes on with the next events, and replays on request", async () => {
    const hook = await webhook((r) => (r.n === 1 ? 400 : 204));
    const { handler, deliveries } = agentWith([hook], 0);
    await handler.sendMessage(
      send("go", {}, { taskPushNotificationConfig: { url: hook.url } }),
      call(),
    );
    await settled(deliveries, 2);
    expect(hook.received.map((r) => describeBody(r.body))).toEqual([
      "TASK_STATE_WORKING",
      "TASK_STATE_COMPLETED",
    ]);
    const dead = await deliveries.deadLetters();
    expect(dead).toHaveLength(1);
    expect(dead[0]?.reason).toContain("HTTP 400");
    expect(describeBody(JSON.stringify(dead[0]?.job.event))).toBe("TASK_STATE_WORKING");
    expect(deliveries.stats()[0]).toMatchObject({ delivered: 1, retried: 0, deadLettered: 1 });

    expect(await deliveries.replay(dead[0]?.job.id ?? "")).toBe(true);
    expect(await deliveries.replay("no-such-id")).toBe(false);
    await hook.until((all) => all.length === 3);
    expect(describeBody(hook.received[2]?.body ?? "")).toBe("TASK_STATE_WORKING");
    await settled(deliveries, 3);
    expect(await deliveries.deadLetters()).toEqual([]);
  });

  it("honours Retry-After on 429, capped by maxRetryAfterMs", async () => {
    const hook = await webhook((r) =>
      r.n === 1 ? { status: 429, headers: { "Retry-After": "3600" } } : 204,
    );
    // Without the cap this test would wait an hour.
    const { handler, deliveries } = agentWith([hook], 0, { retry: { maxRetryAfterMs: 1 } });
    await handler.sendMessage(
      send("go", {}, { taskPushNotificationConfig: { url: hook.url } }),
      call(),
    );
    await settled(deliveries, 2);
    expect(distinct(hook.received)).toEqual(expectedOrder(0));
    expect(deliveries.stats()[0]).toMatchObject({ delivered: 2, retried: 1 });
  });

  it("reads Retry-After as seconds or an HTTP date", () => {
    const now = Date.parse("2025-01-01T00:00:00Z");
    expect(parseRetryAfter("120", now)).toBe(120_000);
    expect(parseRetryAfter("Wed, 01 Jan 2025 00:00:30 GMT", now)).toBe(30_000);
    expect(parseRetryAfter("Tue, 31 Dec 2024 23:00:00 GMT", now)).toBe(0);
    expect(parseRetryAfter("soon", now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });

  it("gives up after maxAttempts, and at once when maxAgeMs has passed", async () => {
    const hook = await webhook(() => 503);
    const { handler, deliveries } = agentWith([hook], 0, { retry: { maxAttempts: 3 } });
    await handler.sendMessage(
      send("go", {}, { taskPushNotificationConfig: { url: hook.url } }),
      call(),
    );
    await settled(deliveries, 2);
    expect(hook.received).toHaveLength(6);
    const dead = await deliveries.deadLetters();
    expect(dead.map((d) => d.reason)).toEqual([
      "gave up after 3 attempts; last error: the webhook answered HTTP 503",
      "gave up after 3 attempts; last error: the webhook answered HTTP 503",
    ]);

    const aged = await webhook(() => 503);
    const second = agentWith([aged], 0, { retry: { maxAgeMs: 0 } });
    await second.handler.sendMessage(
      send("go", {}, { taskPushNotificationConfig: { url: aged.url } }),
      call(),
    );
    await settled(second.deliveries, 2);
    expect(aged.received).toHaveLength(2);
  });

  it("a hanging webhook times out and is retried; the task and other webhooks go on", async () => {
    let open = false;
    const slow = await webhook(() => (open ? 204 : "hang"));
    const fast = await webhook();
    const go = deferred();
    const { handler, deliveries } = agentWith(
      [slow, fast],
      10,
      { retry: { timeoutMs: 200, maxAttempts: 1_000_000 } },
      go.promise,
    );
    const first = await handler.sendMessage(
      send("go", {}, { returnImmediately: true, taskPushNotificationConfig: { url: slow.url } }),
      call(),
    );
    const taskId = first.task?.id ?? "";
    await handler.createTaskPushNotificationConfig({ taskId, id: "fast", url: fast.url }, call());
    const stream = await handler.subscribeToTask({ id: taskId }, call());
    go.resolve();
    const events = await collect(stream);

    // The task finished and its stream got every event while the slow webhook delivered nothing.
    expect(events).toHaveLength(1 + 12);
    expect(events.at(-1)?.statusUpdate?.status.state).toBe("TASK_STATE_COMPLETED");
    await fast.until((all) => distinct(all).length === 12);
    expect(distinct(fast.received)).toEqual(expectedOrder(10));
    // Wait for a retry of the first event: the first attempt timed out.
    await slow.until((all) => all.length >= 2);
    const slowStats = () => deliveries.stats().find((s) => s.configId !== "fast");
    expect(slowStats()?.delivered).toBe(0);
    expect(new Set(slow.received.map((r) => describeBody(r.body)))).toEqual(
      new Set(["TASK_STATE_WORKING"]),
    );

    open = true;
    slow.release();
    await settled(deliveries, 24);
    expect(distinct(slow.received)).toEqual(expectedOrder(10));
    expect(slowStats()).toMatchObject({ delivered: 12, deadLettered: 0 });
    expect(slowStats()?.retried).toBeGreaterThanOrEqual(1);
  });

  it("a hanging host gets at most maxInFlightPerHost slots; other webhooks go on", async () => {
    let open = false;
    const dead = await webhook(() => (open ? 204 : "hang"));
    const fast = await webhook();
    const { deliveries } = agentWith([dead, fast], 0, { retry: { timeoutMs: 60_000 } });
    const scope = { tenant: "", owner: "" };
    const event = (n: number) => ({
      statusUpdate: {
        taskId: "t",
        contextId: "c",
        status: { state: "TASK_STATE_WORKING" as const },
        metadata: { n },
      },
    });
    // One client registered the same dead webhook for 20 tasks: more configs than slots (16).
    for (let i = 0; i < 20; i++) {
      const config = { id: `dead-${i}`, taskId: `t${i}`, url: dead.url };
      await deliveries.enqueue({ scope, taskId: `t${i}`, config, seq: 1, event: event(i) });
    }
    await dead.until((all) => all.length === 4);
    const config = { id: "fast", taskId: "t", url: fast.url };
    for (let n = 0; n < 5; n++) {
      await deliveries.enqueue({ scope, taskId: "t", config, seq: n + 1, event: event(n) });
    }
    await fast.until((all) => all.length === 5);
    expect(fast.received.map((r) => JSON.parse(r.body).statusUpdate.metadata.n)).toEqual([
      0, 1, 2, 3, 4,
    ]);
    // The dead host never had more than its 4 slots, all still hanging.
    expect(dead.received).toHaveLength(4);

    open = true;
    dead.release();
    await dead.until((all) => all.length === 20);
    await settled(deliveries, 25);
    expect(new Set(dead.received.map((r) => JSON.parse(r.body).statusUpdate.metadata.n)).size).toBe(
      20,
    );
  });

  it("dead-letters events that overflow a config's bounded queue", async () => {
    const hook = await webhook(() => "hang");
    const { handler, deliveries } = agentWith([hook], 5, {
      maxQueuedPerConfig: 2,
      retry: { timeoutMs: 60_000 },
    });
    await handler.sendMessage(
      send("go", {}, { taskPushNotificationConfig: { url: hook.url } }),
      call(),
    );
    await settled(deliveries, 5);
    const dead = await deliveries.deadLetters();
    expect(dead).toHaveLength(5);
    expect(dead[0]?.reason).toContain("queue is full");
    expect(dead.map((d) => describeBody(JSON.stringify(d.job.event)))).toEqual(
      expectedOrder(5).slice(2),
    );
  });

  it("does not follow redirects, not even to an allowed address", async () => {
    const target = await webhook();
    const hook = await webhook(() => ({ status: 302, headers: { Location: target.url } }));
    const { handler, deliveries } = agentWith([hook, target], 0);
    await handler.sendMessage(
      send("go", {}, { taskPushNotificationConfig: { url: hook.url } }),
      call(),
    );
    await settled(deliveries, 2);
    expect(target.received).toEqual([]);
    const dead = await deliveries.deadLetters();
    expect(dead[0]?.reason).toBe(
      `the webhook answered 302 to ${target.url}; redirects are not followed`,
    );
  });

  it("sends v0.3 bodies to configs created through v0.3", async () => {
    const hook = await webhook();
    const go = deferred();
    const { handler, deliveries } = agentWith([hook], 1, {}, go.promise);
    const first = await handler.sendMessage(send("go", {}, { returnImmediately: true }), call());
    const taskId = first.task?.id ?? "";
    const v03 = { ...call(), protocolVersion: "0.3" };
    const created = await handler.createTaskPushNotificationConfig(
      { taskId, url: hook.url, token: "t03" },
      v03,
    );
    expect(created).not.toHaveProperty("protocolVersion");
    go.resolve();
    await settled(deliveries, 3);
    expect(hook.received.map((r) => JSON.parse(r.body).kind)).toEqual([
      "status-update",
      "artifact-update",
      "status-update",
    ]);
    for (const r of hook.received) {
      expect(r.headers["content-type"]).toBe("application/json");
      expect(r.headers["x-a2a-notification-token"]).toBe("t03");
    }
    expect(JSON.parse(hook.received[2]?.body ?? "{}")).toMatchObject({
      taskId,
      final: true,
      status: { state: "completed" },
    });
  });

  it("signs with the signer unless the config brings its own credentials", async () => {
    const hook = await webhook();
    const signed: string[] = [];
    const signer: PushSigner = {
      async sign(input) {
        signed.push(input.body);
        return { headers: { Authorization: `Bearer for-${input.taskId}`, "Content-Type": "x/y" } };
      },
    };
    const go = deferred();
    const { handler, deliveries } = agentWith([hook], 0, { signer }, go.promise);
    const first = await handler.sendMessage(send("go", {}, { returnImmediately: true }), call());
    const taskId = first.task?.id ?? "";
    await handler.createTaskPushNotificationConfig(
      { taskId, id: "a", url: `${hook.url}/a` },
      call(),
    );
    await handler.createTaskPushNotificationConfig(
      { taskId, id: "b", url: `${hook.url}/b`, authentication: { scheme: "Bearer" } },
      call(),
    );
    await handler.createTaskPushNotificationConfig(
      {
        taskId,
        id: "c",
        url: `${hook.url}/c`,
        authentication: { scheme: "Bearer", credentials: "own" },
      },
      call(),
    );
    go.resolve();
    await settled(deliveries, 6);
    const auth = (path: string) =>
      hook.received.filter((r) => r.path === path).map((r) => r.headers.authorization);
    expect(auth("/hook/a")).toEqual([`Bearer for-${taskId}`, `Bearer for-${taskId}`]);
    expect(auth("/hook/b")).toEqual([`Bearer for-${taskId}`, `Bearer for-${taskId}`]);
    expect(auth("/hook/c")).toEqual(["Bearer own", "Bearer own"]);
    // The signature covers the exact bytes sent.
    const sentToA = hook.received.filter((r) => r.path === "/hook/a").map((r) => r.body);
    for (const body of sentToA) expect(signed).toContain(body);
    expect(hook.received.every((r) => r.headers["content-type"] === "application/a2a+json")).toBe(
      true,
    );
  });

  it("stops delivering to a deleted config", async () => {
    const hook = await webhook();
    const go = deferred();
    const { handler, deliveries } = agentWith([hook], 2, {}, go.promise);
    const first = await handler.sendMessage(send("go", {}, { returnImmediately: true }), call());
    const taskId = first.task?.id ?? "";
    await handler.createTaskPushNotificationConfig({ taskId, id: "gone", url: hook.url }, call());
    await handler.deleteTaskPushNotificationConfig({ taskId, id: "gone" }, call());
    go.resolve();
    await collect(await handler.subscribeToTask({ id: taskId }, call()));
    expect(hook.received).toEqual([]);
    expect(deliveries.stats()).toEqual([]);
  });

  it("close() stops delivery cleanly", async () => {
    const hook = await webhook(() => "hang");
    const { handler } = agentWith([hook], 3, { retry: { timeoutMs: 60_000 } });
    await handler.sendMessage(
      send("go", {}, { taskPushNotificationConfig: { url: hook.url } }),
      call(),
    );
    await hook.until((all) => all.length === 1);
    await handler.close({ timeoutMs: 1000 });
    // The held request was aborted by the close; nothing further is sent.
    await new Promise((r) => setTimeout(r, 20));
    expect(hook.received).toHaveLength(1);
  });
});

describe("status verdicts", () => {
  it("retries 5xx, 408 and 429 only; other 4xx and any 3xx are final", () => {
    const verdicts = Object.fromEntries(
      [
        200, 202, 204, 301, 302, 307, 400, 401, 403, 404, 408, 410, 413, 422, 429, 500, 502, 503,
      ].map((status) => [status, statusVerdict(status)]),
    );
    expect(verdicts).toEqual({
      200: "delivered",
      202: "delivered",
      204: "delivered",
      301: "permanent",
      302: "permanent",
      307: "permanent",
      400: "permanent",
      401: "permanent",
      403: "permanent",
      404: "permanent",
      408: "retry",
      410: "permanent",
      413: "permanent",
      422: "permanent",
      429: "retry",
      500: "retry",
      502: "retry",
      503: "retry",
    });
  });
});

describe("exponential backoff", () => {
  it("doubles from 1 s up to the 5 min cap, with full jitter below that bound", () => {
    const top = exponentialBackoff({ random: () => 0.999_999 });
    expect([1, 2, 3, 4, 9, 10, 30].map((n) => Math.round(top(n) / 1000))).toEqual([
      1, 2, 4, 8, 256, 300, 300,
    ]);
    expect(exponentialBackoff({ random: () => 0 })(5)).toBe(0);
    const half = exponentialBackoff({ baseMs: 100, capMs: 1000, random: () => 0.5 });
    expect([1, 2, 3, 4, 5].map(half)).toEqual([50, 100, 200, 400, 500]);
  });
});
