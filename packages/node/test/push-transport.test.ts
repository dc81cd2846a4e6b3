import {
  ANONYMOUS,
  checkPushUrl,
  createPushDeliveries,
  createRequestHandler,
  defineAgent,
  type PushDeliveries,
  type PushUrlPolicy,
  PushUrlRefusedError,
} from "@a2akit/server-core";
import { createMessage, type StreamResponse } from "@a2akit/types";
import { afterEach, describe, expect, it } from "vitest";
import { createNodePushFetch, nodePushOptions, nodeResolveHost } from "../src/index.js";
import { startWebhook } from "./webhook.js";

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

type Hook = Awaited<ReturnType<typeof startWebhook>>;

async function webhook(answer?: Parameters<typeof startWebhook>[0]): Promise<Hook> {
  const hook = await startWebhook(answer);
  cleanups.push(() => hook.close());
  return hook;
}

function deliveriesOver(policy: PushUrlPolicy) {
  const deliveries = createPushDeliveries(nodePushOptions(policy));
  cleanups.push(() => deliveries.close());
  return deliveries;
}

const EVENT: StreamResponse = {
  statusUpdate: { taskId: "t1", contextId: "c1", status: { state: "TASK_STATE_WORKING" } },
};

/** Queues EVENT for one config per URL, straight into the dispatcher (no creation-time check). */
async function push(deliveries: PushDeliveries, urls: readonly string[]): Promise<void> {
  for (const [i, url] of urls.entries()) {
    await deliveries.enqueue({
      scope: { tenant: "", owner: "" },
      taskId: "t1",
      config: { id: `c${i}`, taskId: "t1", url },
      seq: 1,
      event: EVENT,
    });
  }
}

async function deadLetterCount(deliveries: PushDeliveries, n: number) {
  for (;;) {
    const dead = await deliveries.deadLetters();
    if (dead.length >= n) return dead;
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe("nodeResolveHost", () => {
  it("resolves with the operating system's resolver", async () => {
    const addresses = await nodeResolveHost("localhost");
    expect(addresses.some((a) => a === "127.0.0.1" || a === "::1")).toBe(true);
    await expect(
      checkPushUrl("http://localhost.", { resolveHost: nodeResolveHost }),
    ).rejects.toBeInstanceOf(PushUrlRefusedError);
  });
});

describe("push deliveries over the node transport", () => {
  it("POSTs a task's updates in order, with the config's credentials and token", async () => {
    const hook = await webhook();
    const deliveries = createPushDeliveries(
      nodePushOptions({ allowHosts: [`127.0.0.1:${hook.port}`] }),
    );
    const handler = createRequestHandler({
      agentCard: {
        name: "Reporter",
        description: "Reports back by webhook",
        version: "1.0.0",
        supportedInterfaces: [
          { url: "http://localhost/a2a", protocolBinding: "JSONRPC", protocolVersion: "1.0" },
        ],
        capabilities: { pushNotifications: true },
        defaultInputModes: ["text/plain"],
        defaultOutputModes: ["text/plain"],
        skills: [],
      },
      executor: defineAgent(async (_ctx, task) => {
        await task.working();
        for (let i = 0; i < 3; i++) await task.artifact({ parts: [{ text: `chunk ${i}` }] });
        await task.complete();
      }),
      pushDeliveries: deliveries,
    });
    cleanups.push(() => handler.close({ timeoutMs: 1_000 }));
    const res = await handler.sendMessage(
      {
        message: createMessage({ parts: "go" }),
        configuration: {
          taskPushNotificationConfig: {
            url: `http://127.0.0.1:${hook.port}/hook`,
            token: "tok-1",
            authentication: { scheme: "Basic", credentials: "dXNlcjpwYXNz" },
          },
        },
      },
      {
        user: ANONYMOUS,
        tenant: "",
        protocolVersion: "1.0",
        requestedExtensions: [],
        activatedExtensions: new Set(),
      },
    );
    await hook.until((all) => all.length === 5);
    const events = hook.received.map((r) => JSON.parse(r.body) as StreamResponse);
    expect(events.map((e) => e.statusUpdate?.status.state ?? "artifact")).toEqual([
      "TASK_STATE_WORKING",
      "artifact",
      "artifact",
      "artifact",
      "TASK_STATE_COMPLETED",
    ]);
    for (const r of hook.received) {
      expect(r.headers).toMatchObject({
        "content-type": "application/a2a+json",
        authorization: "Basic dXNlcjpwYXNz",
        "x-a2a-notification-token": "tok-1",
      });
    }
    expect(events[0]?.statusUpdate?.taskId).toBe(res.task?.id);
  });

  it("refuses loopback, private and metadata targets at send time, with the reason", async () => {
    const hook = await webhook();
    const port = hook.port;
    const resolveHost = async (host: string) => (host === "rebind.test" ? ["127.0.0.1"] : []);
    const deliveries = deliveriesOver({ resolveHost });
    const attacks: Array<[string, string]> = [
      [`http://127.0.0.1:${port}/hook`, "127.0.0.1 is a loopback address"],
      [`http://10.0.0.1:${port}/hook`, "10.0.0.1 is a private address"],
      ["http://169.254.169.254/latest/meta-data/", "169.254.169.254 is a cloud metadata endpoint"],
      [`http://[::1]:${port}/hook`, "[::1] is a loopback address"],
      [`http://[::ffff:127.0.0.1]:${port}/hook`, "a loopback address embedded in IPv6"],
      [`http://rebind.test:${port}/hook`, "rebind.test resolves to 127.0.0.1, a loopback address"],
    ];
    await push(
      deliveries,
      attacks.map(([url]) => url),
    );
    const dead = await deadLetterCount(deliveries, attacks.length);
    const byUrl = new Map(dead.map((d) => [d.job.config.url, d.reason]));
    for (const [url, why] of attacks) {
      expect(byUrl.get(url)).toMatch(/^Push URL .* is refused: /);
      expect(byUrl.get(url)).toContain(why);
    }
    expect(deliveries.stats().every((s) => s.deadLettered === 1 && s.retried === 0)).toBe(true);
    expect(hook.received).toEqual([]);

    // The same webhook is reachable once allowlisted: the refusals above were the guard's doing.
    const allowed = deliveriesOver({ allowHosts: [`127.0.0.1:${port}`, `[::1]:${port}`] });
    await push(allowed, [`http://127.0.0.1:${port}/hook`, `http://[::1]:${port}/hook`]);
    await hook.until((all) => all.length === 2);
  });

  it("does not follow a redirect to loopback", async () => {
    const inside = await webhook();
    const hook = await webhook(() => ({
      status: 307,
      headers: { Location: `http://127.0.0.1:${inside.port}/admin` },
    }));
    const deliveries = deliveriesOver({ allowHosts: [`127.0.0.1:${hook.port}`] });
    await push(deliveries, [`http://127.0.0.1:${hook.port}/hook`]);
    const [dead] = await deadLetterCount(deliveries, 1);
    expect(dead?.reason).toBe(
      `the webhook answered 307 to http://127.0.0.1:${inside.port}/admin; redirects are not followed`,
    );
    expect(hook.received).toHaveLength(1);
    expect(inside.received).toEqual([]);
  });

  it("connects only to the addresses it checked, so DNS rebinding gets nothing", async () => {
    const hook = await webhook();
    // Public for the send-time check, loopback a moment later when the socket connects.
    const answers: string[][] = [];
    const resolveHost = async () => {
      const a = answers.length === 0 ? ["93.184.215.14"] : ["127.0.0.1"];
      answers.push(a);
      return a;
    };
    const deliveries = deliveriesOver({ resolveHost });
    const url = `http://rebind.test:${hook.port}/hook`;
    await push(deliveries, [url]);
    const [dead] = await deadLetterCount(deliveries, 1);
    expect(answers).toEqual([["93.184.215.14"], ["127.0.0.1"]]);
    expect(dead?.reason).toBe(
      `Push URL ${url} is refused: rebind.test resolves to 127.0.0.1, a loopback address`,
    );
    expect(deliveries.stats()[0]).toMatchObject({ delivered: 0, retried: 0, deadLettered: 1 });
    expect(hook.received).toEqual([]);
  });
});

describe("createNodePushFetch", () => {
  it("is a fetch: refuses with a typed cause, sends allowed POSTs, and aborts", async () => {
    const hook = await webhook((r) => (r.path === "/hang" ? "hang" : 202));
    const refused = await createNodePushFetch()(`http://127.0.0.1:${hook.port}/x`, {
      method: "POST",
      body: "{}",
    }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(TypeError);
    expect((refused as Error).cause).toBeInstanceOf(PushUrlRefusedError);

    // An allowlisted name resolves through the same lookup; Host stays the name.
    const fetch = createNodePushFetch({
      allowHosts: [`hooks.test:${hook.port}`],
      resolveHost: async () => ["127.0.0.1"],
    });
    const res = await fetch(`http://hooks.test:${hook.port}/x`, {
      method: "POST",
      headers: { "Content-Type": "application/a2a+json", "X-A2A-Notification-Token": "tok" },
      body: '{"a":1}',
    });
    expect(res.status).toBe(202);
    expect(hook.received[0]).toMatchObject({ path: "/x", body: '{"a":1}' });
    expect(hook.received[0]?.headers).toMatchObject({
      host: `hooks.test:${hook.port}`,
      "content-type": "application/a2a+json",
      "x-a2a-notification-token": "tok",
    });

    const abort = new AbortController();
    const pending = fetch(`http://hooks.test:${hook.port}/hang`, {
      method: "POST",
      body: "x",
      signal: abort.signal,
    });
    await hook.until((all) => all.length === 2);
    abort.abort(new Error("gave up"));
    await expect(pending).rejects.toThrow("gave up");
  });
});
