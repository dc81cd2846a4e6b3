import type { StreamResponse } from "@a2akit/types";
import { afterEach, describe, expect, it } from "vitest";
import {
  createPushDeliveries,
  type PushDeliveries,
  type PushDeliveryOptions,
  type PushUrlPolicy,
  PushUrlRefusedError,
} from "../src/index.js";
import { startWebhook } from "./push-helpers.js";

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

type Hook = Awaited<ReturnType<typeof startWebhook>>;

/** A webhook on every local address (IPv4 and IPv6): a guard that let a POST through shows here. */
async function webhook(answer?: Parameters<typeof startWebhook>[0]): Promise<Hook> {
  const hook = await startWebhook(answer, "::");
  cleanups.push(() => hook.close());
  return hook;
}

const EVENT: StreamResponse = {
  statusUpdate: { taskId: "t1", contextId: "c1", status: { state: "TASK_STATE_WORKING" } },
};

function deliveriesOver(policy: PushUrlPolicy, extra?: PushDeliveryOptions) {
  const deliveries = createPushDeliveries({ ...extra, urlPolicy: policy });
  cleanups.push(() => deliveries.close());
  return deliveries;
}

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

// The same attacks over @a2akit/node's transport are in that package's tests.
describe("push attacks over the runtime's fetch", () => {
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
    // Refused for good: never attempted again, never delivered.
    expect(deliveries.stats().every((s) => s.deadLettered === 1 && s.retried === 0)).toBe(true);
    expect(hook.received).toEqual([]);

    // The same webhook is reachable once allowlisted: the refusals above were the guard's doing.
    const allowed = deliveriesOver({
      allowHosts: [`127.0.0.1:${port}`, `[::1]:${port}`],
    });
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
});
