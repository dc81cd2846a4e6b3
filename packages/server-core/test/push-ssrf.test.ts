import { InvalidParamsError } from "@a2akit/types";
import { afterEach, describe, expect, it } from "vitest";
import {
  checkPushUrl,
  createPushDeliveries,
  forbiddenReason,
  PushUrlRefusedError,
  PushUrlResolutionError,
  parseIp,
} from "../src/index.js";
import { chunkAgent, startWebhook } from "./push-helpers.js";
import { call, send, setup } from "./support/fixtures.js";

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const ATTACKS: Array<[string, RegExp]> = [
  ["http://127.0.0.1/hook", /127\.0\.0\.1 is a loopback address/],
  ["http://127.9.9.9:8080/", /loopback/],
  ["http://10.0.0.1/", /10\.0\.0\.1 is a private address/],
  ["http://172.16.5.4/", /private/],
  ["http://192.168.1.1/", /private/],
  ["http://100.64.0.1/", /carrier-grade NAT/],
  ["http://169.254.169.254/latest/meta-data/", /cloud metadata endpoint/],
  ["http://169.254.10.10/", /link-local/],
  ["http://0.0.0.0/", /unspecified/],
  ["http://255.255.255.255/", /broadcast/],
  ["http://224.0.0.1/", /multicast/],
  ["http://[::1]/", /\[::1\] is a loopback address/],
  ["http://[::]/", /unspecified/],
  ["http://[::ffff:127.0.0.1]/", /loopback address embedded in IPv6/],
  ["http://[::ffff:7f00:1]/", /loopback address embedded in IPv6/],
  ["http://[::ffff:10.1.2.3]/", /private address embedded in IPv6/],
  ["http://[64:ff9b::a9fe:a9fe]/", /metadata endpoint embedded in IPv6/],
  ["http://[2002:7f00:1::]/", /loopback address embedded in IPv6/],
  ["http://[fd00:ec2::254]/", /cloud metadata endpoint/],
  ["http://[fc00::1]/", /unique-local/],
  ["http://[fe80::1]/", /link-local/],
  ["http://[ff02::1]/", /multicast/],
  ["http://2130706433/", /127\.0\.0\.1 is a loopback address/],
  ["http://0x7f.1/", /127\.0\.0\.1 is a loopback address/],
  ["http://017700000001/", /loopback/],
  ["http://127.1/", /loopback/],
  ["http://localhost:8080/", /localhost is a loopback host name/],
  ["http://LOCALHOST./", /localhost is a loopback host name/],
  ["http://evil.localhost/", /evil\.localhost is a loopback host name/],
  ["ftp://example.com/", /scheme ftp: is not http or https/],
  ["file:///etc/passwd", /scheme file: is not http or https/],
  ["not a url", /not an absolute URL/],
];

describe("push URL guard", () => {
  it.each(ATTACKS)("refuses %s", async (url, why) => {
    const error = await checkPushUrl(url).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PushUrlRefusedError);
    expect((error as Error).message).toMatch(why);
    expect((error as Error).message).toContain(url);
  });

  it("accepts public addresses", async () => {
    for (const url of ["https://93.184.215.14/hook", "https://[2606:4700:4700::1111]/x"]) {
      expect((await checkPushUrl(url)).href).toBe(new URL(url).href);
    }
    expect(forbiddenReason(parseIp("8.8.8.8") as Uint8Array)).toBeUndefined();
    expect(forbiddenReason(parseIp("::ffff:8.8.8.8") as Uint8Array)).toBeUndefined();
    expect(forbiddenReason(parseIp("2002:808:808::1") as Uint8Array)).toBeUndefined();
  });

  it("checks every address a host name resolves to", async () => {
    const resolveHost = async (host: string) =>
      host === "mixed.test" ? ["93.184.215.14", "10.0.0.7"] : ["127.0.0.1"];
    await expect(checkPushUrl("https://rebind.test/h", { resolveHost })).rejects.toThrow(
      "rebind.test resolves to 127.0.0.1, a loopback address",
    );
    await expect(checkPushUrl("https://mixed.test/h", { resolveHost })).rejects.toThrow(
      "mixed.test resolves to 10.0.0.7, a private address",
    );
    const ok = await checkPushUrl("https://ok.test/h", { resolveHost: async () => ["1.1.1.1"] });
    expect(ok.hostname).toBe("ok.test");
    const failing = checkPushUrl("https://down.test/", {
      resolveHost: async () => {
        throw new Error("ENOTFOUND");
      },
    });
    await expect(failing).rejects.toBeInstanceOf(PushUrlResolutionError);
  });

  it("refuses host names without a resolver, unless allowlisted", async () => {
    await expect(checkPushUrl("https://hooks.example/x")).rejects.toThrow(
      /no resolver is configured/,
    );
    const url = "https://hooks.example/x";
    expect((await checkPushUrl(url, {}, { unresolvedNames: "accept" })).href).toBe(url);
    expect((await checkPushUrl(url, { allowHosts: ["hooks.example"] })).href).toBe(url);
  });

  it("allowlists hosts with or without a port, and private networks on request", async () => {
    const allowHosts = ["127.0.0.1:9999", "localhost", "::1"];
    await expect(checkPushUrl("http://127.0.0.1:9999/", { allowHosts })).resolves.toBeDefined();
    await expect(checkPushUrl("http://127.0.0.1:9998/", { allowHosts })).rejects.toThrow(
      /loopback/,
    );
    await expect(checkPushUrl("http://localhost:1234/", { allowHosts })).resolves.toBeDefined();
    await expect(checkPushUrl("http://[::1]:80/", { allowHosts })).resolves.toBeDefined();
    await expect(
      checkPushUrl("http://10.0.0.1/", { allowPrivateNetworks: true }),
    ).resolves.toBeDefined();
    await expect(checkPushUrl("http://93.184.215.14/", { requireHttps: true })).rejects.toThrow(
      /only https/,
    );
  });
});

describe("push URL guard in the handler", () => {
  it.each([
    "http://127.0.0.1/",
    "http://10.0.0.1/",
    "http://169.254.169.254/",
    "http://[::1]/",
    "http://[::ffff:127.0.0.1]/",
    "http://2130706433/",
    "https://rebind.test/hook",
  ])("refuses %s when the config is created", async (url) => {
    const deliveries = createPushDeliveries({
      urlPolicy: { resolveHost: async () => ["127.0.0.1"] },
    });
    const { handler, stores } = setup({ executor: chunkAgent(0), pushDeliveries: deliveries });
    cleanups.push(() => handler.close());
    const done = await handler.sendMessage(send("go"), call());
    const taskId = done.task?.id ?? "";
    const error = await handler
      .createTaskPushNotificationConfig({ taskId, url }, call())
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidParamsError);
    expect((error as Error).message).toMatch(/^url .* is refused: /);
    expect((error as Error).message).toContain(url);
    expect(
      (
        await stores.pushConfigStore.list(
          call().user.id === "" ? { tenant: "", owner: "" } : { tenant: "", owner: "" },
          taskId,
          { pageSize: 10 },
        )
      ).configs,
    ).toEqual([]);

    // Inline with SendMessage: refused before a task is created.
    const before = (await stores.taskStore.list({ tenant: "", owner: "" }, { pageSize: 100 }))
      .tasks;
    await expect(
      handler.sendMessage(send("again", {}, { taskPushNotificationConfig: { url } }), call()),
    ).rejects.toBeInstanceOf(InvalidParamsError);
    const after = (await stores.taskStore.list({ tenant: "", owner: "" }, { pageSize: 100 })).tasks;
    expect(after).toHaveLength(before.length);
  });

  it("refuses a host name that does not resolve when the config is created", async () => {
    const deliveries = createPushDeliveries({
      urlPolicy: {
        resolveHost: async () => {
          throw new Error("getaddrinfo ENOTFOUND typo.test");
        },
      },
    });
    const { handler } = setup({ executor: chunkAgent(0), pushDeliveries: deliveries });
    cleanups.push(() => handler.close());
    const done = await handler.sendMessage(send("go"), call());
    const error = await handler
      .createTaskPushNotificationConfig(
        { taskId: done.task?.id ?? "", url: "https://typo.test/h" },
        call(),
      )
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidParamsError);
    expect((error as Error).message).toBe(
      "url https://typo.test/h is refused: its host could not be resolved (getaddrinfo ENOTFOUND typo.test)",
    );
  });

  it("checks again at send time, so a name that now resolves to loopback gets nothing", async () => {
    const hook = await startWebhook();
    cleanups.push(() => hook.close());
    // Public when the config is created, loopback when the POST is about to go (DNS rebinding).
    let calls = 0;
    const resolveHost = async () => (calls++ < 2 ? ["93.184.215.14"] : ["127.0.0.1"]);
    const deliveries = createPushDeliveries({ urlPolicy: { resolveHost } });
    const { handler } = setup({ executor: chunkAgent(0), pushDeliveries: deliveries });
    cleanups.push(() => handler.close());
    const url = `http://rebind.test:${hook.port}/hook`;
    await handler.sendMessage(send("go", {}, { taskPushNotificationConfig: { url } }), call());
    for (;;) {
      if ((await deliveries.deadLetters()).length === 2) break;
      await new Promise((r) => setTimeout(r, 5));
    }
    const dead = await deliveries.deadLetters();
    expect(dead[0]?.reason).toBe(
      `Push URL ${url} is refused: rebind.test resolves to 127.0.0.1, a loopback address`,
    );
    expect(hook.received).toEqual([]);
  });
});
