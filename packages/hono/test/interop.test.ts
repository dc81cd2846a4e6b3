import type { AddressInfo } from "node:net";
import { SendMessageRequest, type Task, TaskState } from "@a2a-js/sdk";
import { ClientFactory, ClientFactoryOptions } from "@a2a-js/sdk/client";
import { createRequestHandler, defineAgent } from "@a2akit/server-core";
import { serve } from "@hono/node-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type A2AApp, createA2AApp } from "../src/index.js";

// The official a2a-js 1.3.0 client drives our server over both bindings.
let app: A2AApp;
let server: ReturnType<typeof serve>;
let base: string;

beforeAll(async () => {
  const port = await new Promise<number>((resolve) => {
    const probe = serve({ fetch: () => new Response(), port: 0, hostname: "127.0.0.1" }, (info) => {
      resolve((info as AddressInfo).port);
      probe.close();
    });
  });
  base = `http://127.0.0.1:${port}`;
  app = createA2AApp({
    handler: createRequestHandler({
      agentCard: {
        name: "Interop",
        description: "Driven by the official SDK",
        version: "1.0.0",
        supportedInterfaces: [
          { url: `${base}/rpc`, protocolBinding: "JSONRPC", protocolVersion: "1.0" },
          { url: `${base}/rest`, protocolBinding: "HTTP+JSON", protocolVersion: "1.0" },
        ],
        capabilities: { streaming: true, pushNotifications: true },
        defaultInputModes: ["text/plain"],
        defaultOutputModes: ["text/plain"],
        skills: [],
      },
      executor: defineAgent(async (ctx, task) => {
        await task.working();
        if (ctx.userText === "wait") {
          await task.inputRequired("more please");
          return;
        }
        await task.artifact({ parts: [{ text: `echo: ${ctx.userText}` }] });
        await task.complete();
      }),
    }),
  });
  server = serve({ fetch: app.fetch, port, hostname: "127.0.0.1" });
});

afterAll(async () => {
  await app.close();
  await new Promise((r) => server.close(r));
});

const send = (text: string) =>
  SendMessageRequest.fromJSON({
    message: { messageId: crypto.randomUUID(), role: "ROLE_USER", parts: [{ text }] },
  });

describe.each(["JSONRPC", "HTTP+JSON"])("@a2a-js/sdk client over %s", (transport) => {
  it("discovers the card and runs every operation", async () => {
    const factory = new ClientFactory(
      ClientFactoryOptions.createFrom(ClientFactoryOptions.default, {
        preferredTransports: [transport],
      }),
    );
    const client = await factory.createFromUrl(base);
    expect(client.protocolVersion).toBe("1.0");

    const task = (await client.sendMessage(send("hello"))) as Task;
    expect(task.status?.state).toBe(TaskState.TASK_STATE_COMPLETED);
    expect(task.artifacts[0]?.parts[0]?.content).toEqual({ $case: "text", value: "echo: hello" });

    const got = await client.getTask({ tenant: "", id: task.id, historyLength: undefined });
    expect(got.id).toBe(task.id);
    const list = await client.listTasks({
      tenant: "",
      contextId: task.contextId,
      status: TaskState.TASK_STATE_UNSPECIFIED,
      pageSize: undefined,
      pageToken: "",
      historyLength: undefined,
      statusTimestampAfter: undefined,
      includeArtifacts: undefined,
    } as any);
    expect(list.tasks.map((t) => t.id)).toContain(task.id);

    const events = [];
    for await (const event of client.sendMessageStream(send("wait"))) events.push(event);
    const first = events[0] as any;
    const waiting = (first.payload?.value ?? first) as { id: string };
    expect(waiting.id).toBeTruthy();

    const config = await client.createTaskPushNotificationConfig({
      tenant: "",
      id: "",
      taskId: waiting.id,
      url: "https://hooks.test/interop",
      token: "t",
      authentication: undefined,
    });
    expect(config.id).toBeTruthy();
    expect(config.taskId).toBe(waiting.id);
    const one = await client.getTaskPushNotificationConfig({
      tenant: "",
      taskId: waiting.id,
      id: config.id,
    });
    expect(one.url).toBe("https://hooks.test/interop");
    const configs = await client.listTaskPushNotificationConfig({
      tenant: "",
      taskId: waiting.id,
      pageSize: 0,
      pageToken: "",
    });
    expect(configs.configs).toHaveLength(1);
    await client.deleteTaskPushNotificationConfig({
      tenant: "",
      taskId: waiting.id,
      id: config.id,
    });

    const sub = client.resubscribeTask({ tenant: "", id: waiting.id });
    const firstSub = (await sub.next()).value as any;
    expect((firstSub.payload?.value ?? firstSub).id).toBe(waiting.id);
    await sub.return(undefined);

    const canceled = await client.cancelTask({ tenant: "", id: waiting.id, metadata: undefined });
    expect(canceled.status?.state).toBe(TaskState.TASK_STATE_CANCELED);
  });
});
