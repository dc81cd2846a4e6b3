import type { AgentCard } from "@a2akit/types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createA2AFetchHandler, createRequestHandler, defineAgent } from "../src/index.js";
import { readSse, serveFetch, type TestServer } from "./http-helpers.js";

const H = { "A2A-Version": "1.0", "Content-Type": "application/json" };

/**
 * The real engine behind the bindings: an agent that echoes, asks for input on "ask", and
 * waits for the test to release it on "hold".
 */
function engine() {
  const holds: (() => void)[] = [];
  let waiting = 0;
  const executor = defineAgent(async (ctx, task) => {
    await task.working();
    if (ctx.userText === "ask") {
      await task.inputRequired("what else?");
      return;
    }
    if (ctx.userText === "hold") {
      waiting++;
      await new Promise<void>((resolve) => holds.push(resolve));
    }
    await task.artifact({ parts: [{ text: `echo: ${ctx.userText}` }] });
    await task.complete();
  });
  return {
    executor,
    waiting: () => waiting,
    release: () => {
      for (const r of holds.splice(0)) r();
    },
  };
}

function card(base: string): AgentCard {
  return {
    name: "Echo",
    description: "Echoes over both bindings",
    version: "1.0.0",
    supportedInterfaces: [
      { url: `${base}/rpc`, protocolBinding: "JSONRPC", protocolVersion: "1.0" },
      { url: `${base}/rest`, protocolBinding: "HTTP+JSON", protocolVersion: "1.0" },
    ],
    capabilities: { streaming: true, pushNotifications: true, extendedAgentCard: true },
    defaultInputModes: ["text/plain"],
    defaultOutputModes: ["text/plain"],
    skills: [],
  };
}

const message = (text: string, extra: Record<string, unknown> = {}) => ({
  message: { messageId: crypto.randomUUID(), role: "ROLE_USER", parts: [{ text }], ...extra },
});

/** Waits, turn by turn of the event loop (no clock), until `condition` holds. */
async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 100_000 && !condition(); i++) await new Promise((r) => setImmediate(r));
  expect(condition()).toBe(true);
}

describe("the 11 operations over HTTP with the real engine", () => {
  const agent = engine();
  let server: TestServer;
  let a2a: ReturnType<typeof createA2AFetchHandler>;
  let rpcUrl: string;
  let rest: string;

  beforeAll(async () => {
    const handler = createRequestHandler({
      agentCard: card("http://agent.test"),
      executor: agent.executor,
      extendedAgentCard: { ...card("http://agent.test"), description: "for members" },
    });
    // Every caller is a signed-in member: the extended card is only served to authenticated ones.
    a2a = createA2AFetchHandler({
      handler,
      authenticate: () => ({ id: "member", authenticated: true }),
    });
    server = await serveFetch(a2a.fetch);
    rpcUrl = `${server.url}/rpc`;
    rest = `${server.url}/rest`;
  });
  afterAll(async () => {
    agent.release();
    await a2a.close();
    await server.close();
  });

  let n = 0;
  async function rpc(method: string, params?: unknown) {
    const res = await fetch(rpcUrl, {
      method: "POST",
      headers: H,
      body: JSON.stringify({ jsonrpc: "2.0", id: ++n, method, params }),
    });
    const body = await res.json();
    expect(body.id).toBe(n);
    return body;
  }
  const restCall = (path: string, method = "GET", body?: unknown) =>
    fetch(`${rest}${path}`, {
      method,
      headers: H,
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  it("JSON-RPC: every operation", async () => {
    const sent = await rpc("SendMessage", message("hi"));
    const task = sent.result.task;
    expect(task.status.state).toBe("TASK_STATE_COMPLETED");
    expect(task.artifacts[0].parts[0].text).toBe("echo: hi");

    expect((await rpc("GetTask", { id: task.id, historyLength: 0 })).result).not.toHaveProperty(
      "history",
    );
    const list = (await rpc("ListTasks", { contextId: task.contextId })).result;
    expect(list).toMatchObject({ pageSize: 50, totalSize: 1, nextPageToken: "" });
    expect(list.tasks[0].id).toBe(task.id);

    const stream = await fetch(rpcUrl, {
      method: "POST",
      headers: H,
      body: JSON.stringify({
        jsonrpc: "2.0",
        id: "s",
        method: "SendStreamingMessage",
        params: message("ask"),
      }),
    });
    const { events } = await readSse(stream);
    expect(events.every((e) => (e.data as { id: string }).id === "s")).toBe(true);
    const first = (events[0]!.data as any).result;
    expect(first.task).toBeDefined();
    const last = (events.at(-1)!.data as any).result;
    expect(last.statusUpdate?.status.state ?? last.task?.status.state).toBe(
      "TASK_STATE_INPUT_REQUIRED",
    );
    const asked = first.task.id;

    const config = (
      await rpc("CreateTaskPushNotificationConfig", { taskId: asked, url: "https://hooks.test/a" })
    ).result;
    expect(config).toMatchObject({ taskId: asked, url: "https://hooks.test/a" });
    expect(config.id).toBeTruthy();
    const got = (await rpc("GetTaskPushNotificationConfig", { taskId: asked, id: config.id }))
      .result;
    expect(got.url).toBe("https://hooks.test/a");
    const configs = (await rpc("ListTaskPushNotificationConfigs", { taskId: asked })).result;
    expect(configs.configs).toHaveLength(1);
    expect(
      (await rpc("DeleteTaskPushNotificationConfig", { taskId: asked, id: config.id })).result,
    ).toBeNull();

    const sub = await fetch(rpcUrl, {
      method: "POST",
      headers: H,
      body: JSON.stringify({
        jsonrpc: "2.0",
        id: 99,
        method: "SubscribeToTask",
        params: { id: asked },
      }),
    });
    expect(sub.headers.get("content-type")).toBe("text/event-stream");
    const subscribed = readSse(sub, 1);
    expect(((await subscribed).events[0]!.data as any).result.task.id).toBe(asked);

    const canceled = (await rpc("CancelTask", { id: asked })).result;
    expect(canceled.status.state).toBe("TASK_STATE_CANCELED");
    expect((await rpc("CancelTask", { id: task.id })).error.code).toBe(-32002);
    expect((await rpc("SubscribeToTask", { id: task.id })).error.code).toBe(-32004);
    expect((await rpc("GetExtendedAgentCard")).result.description).toBe("for members");
    expect((await rpc("GetTask", { id: "nope" })).error.code).toBe(-32001);
    expect((await rpc("ListTasks", { pageToken: "garbage" })).error.code).toBe(-32602);
  });

  it("REST: every operation", async () => {
    const sent = await restCall("/message:send", "POST", message("rest"));
    expect(sent.status).toBe(200);
    const { task } = await sent.json();
    expect(task.status.state).toBe("TASK_STATE_COMPLETED");
    expect(
      (await (await restCall(`/tasks/${task.id}?historyLength=1`)).json()).history,
    ).toHaveLength(1);
    const list = await (
      await restCall(`/tasks?contextId=${task.contextId}&includeArtifacts=true`)
    ).json();
    expect(list.tasks[0].artifacts[0].parts[0].text).toBe("echo: rest");

    const stream = await restCall("/message:stream", "POST", message("ask"));
    const { events } = await readSse(stream);
    const asked = (events[0]!.data as any).task.id;
    const created = await restCall(`/tasks/${asked}/pushNotificationConfigs`, "POST", {
      url: "https://hooks.test/b",
    });
    expect(created.status).toBe(201);
    const config = await created.json();
    expect((await restCall(`/tasks/${asked}/pushNotificationConfigs/${config.id}`)).status).toBe(
      200,
    );
    expect(
      (await (await restCall(`/tasks/${asked}/pushNotificationConfigs`)).json()).configs,
    ).toHaveLength(1);
    expect(
      (await restCall(`/tasks/${asked}/pushNotificationConfigs/${config.id}`, "DELETE")).status,
    ).toBe(204);

    for (const verb of ["GET", "POST"]) {
      const sub = await restCall(`/tasks/${asked}:subscribe`, verb);
      expect(sub.status).toBe(200);
      expect(Object.keys((await readSse(sub, 1)).events[0]!.data as object)).toEqual(["task"]);
    }
    const canceled = await restCall(`/tasks/${asked}:cancel`, "POST");
    expect((await canceled.json()).status.state).toBe("TASK_STATE_CANCELED");
    const again = await restCall(`/tasks/${task.id}:cancel`, "POST");
    expect(again.status).toBe(400);
    expect((await again.json()).error.details[0].reason).toBe("TASK_NOT_CANCELABLE");
    expect((await restCall("/tasks/none")).status).toBe(404);
    expect((await restCall("/tasks?pageToken=%00bad")).status).toBe(400);
    expect((await (await restCall("/extendedAgentCard")).json()).description).toBe("for members");
  });

  it("scopes tasks by tenant: another tenant sees TaskNotFound", async () => {
    const sent = await restCall("/acme/message:send", "POST", message("tenant"));
    const { task } = await sent.json();
    expect((await restCall(`/acme/tasks/${task.id}`)).status).toBe(200);
    expect((await restCall(`/globex/tasks/${task.id}`)).status).toBe(404);
    expect((await restCall(`/tasks/${task.id}`)).status).toBe(404);
    const viaRpc = await rpc("GetTask", { id: task.id, tenant: "acme" });
    expect(viaRpc.result.id).toBe(task.id);
  });

  it("serves 100 parallel streams to completion", async () => {
    const streams = Array.from({ length: 100 }, (_, i) =>
      restCall("/message:stream", "POST", message(`p${i}`)).then((r) => readSse(r)),
    );
    const results = await Promise.all(streams);
    for (const [i, { events }] of results.entries()) {
      const last = events.at(-1)!.data as any;
      expect(last.statusUpdate?.status.state ?? last.task?.status.state).toBe(
        "TASK_STATE_COMPLETED",
      );
      const artifact = events.find((e) => (e.data as any).artifactUpdate)!.data as any;
      expect(artifact.artifactUpdate.artifact.parts[0].text).toBe(`echo: p${i}`);
    }
  });

  it("keeps the task running when the streaming client disconnects", async () => {
    const abort = new AbortController();
    const before = agent.waiting();
    const res = await fetch(`${rest}/message:stream`, {
      method: "POST",
      headers: H,
      body: JSON.stringify(message("hold")),
      signal: abort.signal,
    });
    const { events } = await readSse(res, 1);
    const taskId = (events[0]!.data as any).task.id;
    await until(() => agent.waiting() > before);
    abort.abort();
    agent.release();
    // Poll GetTask (no clock): the task must finish although its only reader went away.
    let done: any;
    for (let i = 0; i < 10_000; i++) {
      done = await (await restCall(`/tasks/${taskId}`)).json();
      if (done.status.state === "TASK_STATE_COMPLETED") break;
      await new Promise((r) => setImmediate(r));
    }
    expect(done.status.state).toBe("TASK_STATE_COMPLETED");
    expect(done.artifacts[0].parts[0].text).toBe("echo: hold");
  });
});
