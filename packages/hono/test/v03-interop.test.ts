import { readFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { ClientFactory, ClientFactoryOptions } from "@a2a-js/sdk/client";
import { ANONYMOUS, createRequestHandler, defineAgent } from "@a2akit/server-core";
import { serve } from "@hono/node-server";
import type { Message, MessageSendParams, Task, TaskStatusUpdateEvent } from "a2a-sdk-v03";
import {
  A2AClient,
  ClientFactory as ClientFactory03,
  ClientFactoryOptions as ClientFactoryOptions03,
  JsonRpcTransport,
  RestTransportFactory,
  TaskNotFoundError,
} from "a2a-sdk-v03/client";
import Ajv from "ajv";
import addFormats from "ajv-formats";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type A2AApp, createA2AApp } from "../src/index.js";

// The official a2a-js 0.3.14 client (a v0.3 client: no A2A-Version header, v0.3 method names)
// drives the same app a v1.0 client uses, over JSON-RPC and over HTTP+JSON.
// The v0.3 JSON Schema: what the SDK's REST client makes of our answers must fit it.
const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema(
  JSON.parse(
    readFileSync(new URL("../../types/test/fixtures/v03/a2a.json", import.meta.url), "utf8"),
  ),
  "a2a",
);
const KIND_DEFINITION: Record<string, string> = {
  task: "Task",
  message: "Message",
  "status-update": "TaskStatusUpdateEvent",
  "artifact-update": "TaskArtifactUpdateEvent",
};
/** Drops the `undefined`s the SDK leaves in its objects, as JSON would. */
const plain = (v: unknown) => JSON.parse(JSON.stringify(v));
function fitsV03(definition: string, value: unknown): void {
  const validate = ajv.getSchema(`a2a#/definitions/${definition}`);
  if (!validate) throw new Error(`a2a.json has no ${definition}`);
  const ok = validate(plain(value));
  expect(ok ? [] : validate.errors, `${definition}: ${JSON.stringify(value)}`).toEqual([]);
}
const fitsV03Event = (e: { kind: string }) => fitsV03(KIND_DEFINITION[e.kind] ?? "?", e);

let app: A2AApp;
let server: ReturnType<typeof serve>;
let base: string;
let waiting = 0;

// The extended card is for authenticated callers: this bearer token makes one.
const TOKEN = "Bearer member-token";
const withToken: typeof fetch = (input, init) => {
  const headers = new Headers(init?.headers);
  headers.set("Authorization", TOKEN);
  return fetch(input, { ...init, headers });
};

beforeAll(async () => {
  const port = await new Promise<number>((resolve) => {
    const probe = serve({ fetch: () => new Response(), port: 0, hostname: "127.0.0.1" }, (info) => {
      resolve((info as AddressInfo).port);
      probe.close();
    });
  });
  base = `http://127.0.0.1:${port}`;
  const card = {
    name: "Interop",
    description: "Driven by the official v0.3 SDK",
    version: "1.0.0",
    supportedInterfaces: [
      { url: `${base}/rpc`, protocolBinding: "JSONRPC", protocolVersion: "1.0" },
      { url: `${base}/rest`, protocolBinding: "HTTP+JSON", protocolVersion: "1.0" },
    ],
    capabilities: { streaming: true, pushNotifications: true, extendedAgentCard: true },
    defaultInputModes: ["text/plain"],
    defaultOutputModes: ["text/plain"],
    skills: [{ id: "echo", name: "Echo", description: "Echoes", tags: [] }],
  };
  app = createA2AApp({
    authenticate: (request) =>
      request.headers.get("authorization") === TOKEN
        ? { id: "member", authenticated: true }
        : ANONYMOUS,
    handler: createRequestHandler({
      agentCard: card,
      extendedAgentCard: { ...card, description: "For members" },
      executor: defineAgent(async (ctx, task) => {
        await task.working();
        if (ctx.userText === "wait") {
          await task.inputRequired("more please");
          return;
        }
        if (ctx.userText === "slow") {
          waiting++;
          // Runs until cancelled (or the server shuts down).
          await new Promise<void>((resolve) =>
            ctx.signal.addEventListener("abort", () => resolve(), { once: true }),
          );
          return;
        }
        await task.artifact({ name: "echo", parts: [{ text: `echo: ${ctx.userText}` }] });
        await task.complete();
      }),
    }),
  });
  server = serve({ fetch: app.fetch, port, hostname: "127.0.0.1" });
});

afterAll(async () => {
  await app.close({ timeoutMs: 1000 });
  await new Promise((r) => server.close(r));
});

const params = (text: string, extra: Partial<MessageSendParams> = {}): MessageSendParams => ({
  message: {
    kind: "message",
    role: "user",
    messageId: crypto.randomUUID(),
    parts: [{ kind: "text", text }],
  },
  ...extra,
});

async function untilWaiting(n: number): Promise<void> {
  for (let i = 0; i < 100_000 && waiting < n; i++) await new Promise((r) => setImmediate(r));
  expect(waiting).toBeGreaterThanOrEqual(n);
}

describe("@a2a-js/sdk 0.3.14 client over JSON-RPC", () => {
  it("reads the card as a v0.3 card", async () => {
    const client = await A2AClient.fromCardUrl(`${base}/.well-known/agent-card.json`);
    const card = await client.getAgentCard();
    expect(card.protocolVersion).toBe("0.3.0");
    expect(card.url).toBe(`${base}/rpc`);
    expect(card.preferredTransport).toBe("JSONRPC");
    expect(card.capabilities.streaming).toBe(true);
    expect(card.supportsAuthenticatedExtendedCard).toBe(true);
  });

  it("sends, streams, gets, cancels and resubscribes", async () => {
    const client = await A2AClient.fromCardUrl(`${base}/.well-known/agent-card.json`);
    const sent = await client.sendMessage(params("hello"));
    if (!("result" in sent)) throw new Error(JSON.stringify(sent));
    const task = sent.result as Task;
    expect(task.kind).toBe("task");
    expect(task.status.state).toBe("completed");
    expect(task.artifacts?.[0]?.parts).toEqual([{ kind: "text", text: "echo: hello" }]);

    const events = [];
    for await (const e of client.sendMessageStream(params("stream me"))) events.push(e);
    expect(events.map((e) => e.kind)).toEqual([
      "task",
      "status-update",
      "artifact-update",
      "status-update",
    ]);
    const last = events.at(-1) as TaskStatusUpdateEvent;
    expect(last.status.state).toBe("completed");
    expect(last.final).toBe(true);

    const asked = [];
    for await (const e of client.sendMessageStream(params("wait"))) asked.push(e);
    const paused = asked.at(-1) as TaskStatusUpdateEvent;
    expect(paused).toMatchObject({ kind: "status-update", final: true });
    expect(paused.status.state).toBe("input-required");

    const got = await client.getTask({ id: task.id, historyLength: 1 });
    if (!("result" in got)) throw new Error(JSON.stringify(got));
    expect(got.result.id).toBe(task.id);
    expect(got.result.history).toHaveLength(1);

    const started = await client.sendMessage(
      params("slow", { configuration: { blocking: false } }),
    );
    if (!("result" in started)) throw new Error(JSON.stringify(started));
    const slowId = (started.result as Task).id;
    const followed = (async () => {
      const seen = [];
      for await (const e of client.resubscribeTask({ id: slowId })) seen.push(e);
      return seen;
    })();
    await untilWaiting(1);
    const canceled = await client.cancelTask({ id: slowId });
    if (!("result" in canceled)) throw new Error(JSON.stringify(canceled));
    expect(canceled.result.status.state).toBe("canceled");
    const seen = await followed;
    expect(seen[0]?.kind).toBe("task");
    expect(seen.at(-1)).toMatchObject({ kind: "status-update", final: true });

    const missing = await client.getTask({ id: "nope" });
    expect("error" in missing && missing.error.code).toBe(-32001);
  });

  it("sets, gets, lists and deletes push configs", async () => {
    const client = await A2AClient.fromCardUrl(`${base}/.well-known/agent-card.json`);
    const sent = await client.sendMessage(params("for push"));
    if (!("result" in sent)) throw new Error(JSON.stringify(sent));
    const taskId = (sent.result as Task).id;
    const config = {
      taskId,
      pushNotificationConfig: {
        id: "hook",
        url: "https://hooks.example.com/a2a",
        token: "tok",
        authentication: { schemes: ["Bearer"], credentials: "cred" },
      },
    };
    const set = await client.setTaskPushNotificationConfig(config);
    if (!("result" in set)) throw new Error(JSON.stringify(set));
    expect(set.result).toEqual(config);
    // A2AClient types this parameter as TaskIdParams; the wire (and its transport) take the
    // config id too.
    const which = { id: taskId, pushNotificationConfigId: "hook" };
    const got = await client.getTaskPushNotificationConfig(which);
    if (!("result" in got)) throw new Error(JSON.stringify(got));
    expect(got.result).toEqual(config);
    const list = await client.listTaskPushNotificationConfig({ id: taskId });
    if (!("result" in list)) throw new Error(JSON.stringify(list));
    expect(list.result).toEqual([config]);
    const del = await client.deleteTaskPushNotificationConfig({
      id: taskId,
      pushNotificationConfigId: "hook",
    });
    expect("result" in del && del.result).toBeNull();
    const empty = await client.listTaskPushNotificationConfig({ id: taskId });
    expect("result" in empty && empty.result).toEqual([]);
  });

  it("gets the extended card and typed errors through the SDK's transport", async () => {
    const transport = new JsonRpcTransport({ endpoint: `${base}/rpc`, fetchImpl: withToken });
    const extended = await transport.getExtendedAgentCard();
    expect(extended.description).toBe("For members");
    expect(extended.protocolVersion).toBe("0.3.0");
    await expect(transport.getTask({ id: "nope" })).rejects.toBeInstanceOf(TaskNotFoundError);
    const reply = (await transport.sendMessage(params("typed"))) as Task | Message;
    expect(reply.kind).toBe("task");
  });
});

describe("@a2a-js/sdk 0.3.14 client over HTTP+JSON", () => {
  /** A v0.3 client that picks the card's HTTP+JSON interface; `urls` records what it called. */
  async function restClient() {
    const urls: string[] = [];
    const fetchImpl: typeof fetch = (input, init) => {
      urls.push(`${init?.method ?? "GET"} ${String(input)}`);
      return withToken(input, init);
    };
    const client = await new ClientFactory03(
      ClientFactoryOptions03.createFrom(ClientFactoryOptions03.default, {
        transports: [new RestTransportFactory({ fetchImpl })],
        preferredTransports: ["HTTP+JSON"],
      }),
    ).createFromUrl(base);
    return { client, urls };
  }

  it("finds the HTTP+JSON interface on the card and reads the extended card at /v1/card", async () => {
    const { client, urls } = await restClient();
    const card = await client.getAgentCard();
    fitsV03("AgentCard", card);
    expect(card.description).toBe("For members");
    expect(card.protocolVersion).toBe("0.3.0");
    expect(card.additionalInterfaces).toContainEqual({
      url: `${base}/rest`,
      transport: "HTTP+JSON",
    });
    expect(urls).toEqual([`GET ${base}/rest/v1/card`]);
  });

  it("sends, streams, gets, cancels and resubscribes", async () => {
    const { client, urls } = await restClient();
    const task = (await client.sendMessage(params("hello"))) as Task;
    fitsV03("Task", task);
    expect(task.kind).toBe("task");
    expect(task.status.state).toBe("completed");
    expect(task.artifacts?.[0]?.parts).toEqual([{ kind: "text", text: "echo: hello" }]);

    const events = [];
    for await (const e of client.sendMessageStream(params("stream me"))) events.push(e);
    expect(events.map((e) => e.kind)).toEqual([
      "task",
      "status-update",
      "artifact-update",
      "status-update",
    ]);
    for (const e of events) fitsV03Event(e);
    expect(events.at(-1)).toMatchObject({ status: { state: "completed" }, final: true });

    const got = await client.getTask({ id: task.id, historyLength: 1 });
    fitsV03("Task", got);
    expect(got.id).toBe(task.id);
    expect(got.history).toHaveLength(1);

    const before = waiting;
    const started = (await client.sendMessage(
      params("slow", { configuration: { blocking: false } }),
    )) as Task;
    const followed = (async () => {
      const seen = [];
      for await (const e of client.resubscribeTask({ id: started.id })) seen.push(e);
      return seen;
    })();
    await untilWaiting(before + 1);
    const canceled = await client.cancelTask({ id: started.id });
    fitsV03("Task", canceled);
    expect(canceled.status.state).toBe("canceled");
    const seen = await followed;
    for (const e of seen) fitsV03Event(e);
    expect(seen[0]?.kind).toBe("task");
    expect(seen.at(-1)).toMatchObject({
      kind: "status-update",
      status: { state: "canceled" },
      final: true,
    });

    await expect(client.getTask({ id: "nope" })).rejects.toBeInstanceOf(TaskNotFoundError);
    expect(urls.every((u) => u.includes(`${base}/rest/v1/`))).toBe(true);
  });

  it("sets, gets, lists and deletes push configs", async () => {
    const { client } = await restClient();
    const task = (await client.sendMessage(params("for push"))) as Task;
    const config = {
      taskId: task.id,
      pushNotificationConfig: {
        id: "hook",
        url: "https://hooks.example.com/a2a",
        token: "tok",
        authentication: { schemes: ["Bearer"], credentials: "cred" },
      },
    };
    const set = await client.setTaskPushNotificationConfig(config);
    fitsV03("TaskPushNotificationConfig", set);
    expect(set).toEqual(config);
    const which = { id: task.id, pushNotificationConfigId: "hook" };
    expect(await client.getTaskPushNotificationConfig(which)).toEqual(config);
    expect(await client.listTaskPushNotificationConfig({ id: task.id })).toEqual([config]);
    await client.deleteTaskPushNotificationConfig(which);
    expect(await client.listTaskPushNotificationConfig({ id: task.id })).toEqual([]);
  });
});

describe("mixed versions", () => {
  it("a v1.0 client cancels a v0.3 client's slow task; the v0.3 stream ends with final: true", async () => {
    const old = await A2AClient.fromCardUrl(`${base}/.well-known/agent-card.json`);
    const before = waiting;
    const stream = old.sendMessageStream(params("slow"));
    const first = await stream.next();
    const task = first.value as Task;
    expect(task.kind).toBe("task");
    const rest = (async () => {
      const seen = [];
      for await (const e of stream) seen.push(e);
      return seen;
    })();
    await untilWaiting(before + 1);

    const v1 = await new ClientFactory(
      ClientFactoryOptions.createFrom(ClientFactoryOptions.default, {
        preferredTransports: ["JSONRPC"],
      }),
    ).createFromUrl(base);
    expect(v1.protocolVersion).toBe("1.0");
    const canceled = await v1.cancelTask({ tenant: "", id: task.id, metadata: undefined });
    expect(canceled.id).toBe(task.id);

    const seen = await rest;
    const last = seen.at(-1) as TaskStatusUpdateEvent;
    expect(last.kind).toBe("status-update");
    expect(last.status.state).toBe("canceled");
    expect(last.final).toBe(true);
    expect(seen.filter((e) => e.kind === "status-update" && e.final)).toHaveLength(1);
  });
});

describe("a v0.3 browser client", () => {
  it("may send and read X-A2A-Extensions across origins", async () => {
    const browserApp = createA2AApp({
      cors: true,
      handler: createRequestHandler({
        agentCard: {
          name: "Cors",
          description: "For browsers",
          version: "1.0.0",
          supportedInterfaces: [
            { url: "http://agent.test/rpc", protocolBinding: "JSONRPC", protocolVersion: "1.0" },
          ],
          capabilities: {},
          defaultInputModes: ["text/plain"],
          defaultOutputModes: ["text/plain"],
          skills: [],
        },
        executor: defineAgent(async (_ctx, task) => {
          await task.complete("ok");
        }),
      }),
    });
    const preflight = await browserApp.request("/rpc", {
      method: "OPTIONS",
      headers: {
        Origin: "https://console.test",
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type, x-a2a-extensions",
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-headers")).toContain("X-A2A-Extensions");
    const res = await browserApp.request("/rpc", {
      method: "POST",
      headers: { Origin: "https://console.test", "Content-Type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "message/send", params: params("hi") }),
    });
    expect((await res.json()).result.status.state).toBe("completed");
    expect(res.headers.get("access-control-expose-headers")).toContain("X-A2A-Extensions");
    await browserApp.close();
  });
});
