import {
  ANONYMOUS,
  createA2AFetchHandler,
  createRequestHandler,
  defineAgent,
} from "@a2akit/server-core";
import {
  type AgentCard,
  type StreamResponse,
  type Task,
  TaskNotCancelableError,
  TaskNotFoundError,
  textOf,
  UnauthenticatedError,
} from "@a2akit/types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { A2AClient, applyEvent, artifactText } from "../src/index.js";
import { type FetchServer, startFetchServer } from "./support/fetch-server.js";

let server: FetchServer;
const released = new Map<string, () => void>();
const TOKEN = "own-server-test-token";

beforeAll(async () => {
  server = await startFetchServer();
  const url = `${server.url}/a2a`;
  const agentCard: AgentCard = {
    name: "a2akit test agent",
    description: "Echoes, asks, streams chunks and waits",
    version: "1.0.0",
    supportedInterfaces: [
      { url, protocolBinding: "JSONRPC", protocolVersion: "1.0" },
      { url, protocolBinding: "HTTP+JSON", protocolVersion: "1.0" },
    ],
    capabilities: { streaming: true, pushNotifications: true, extendedAgentCard: true },
    defaultInputModes: ["text/plain"],
    defaultOutputModes: ["text/plain"],
    skills: [{ id: "echo", name: "Echo", description: "Echoes text", tags: ["echo"] }],
  };
  const handler = createRequestHandler({
    agentCard,
    extendedAgentCard: { ...agentCard, name: "a2akit test agent (extended)" },
    executor: defineAgent(async (ctx, task) => {
      const [verb = "", arg = ""] = ctx.userText.split(" ");
      if (verb === "hello") return task.reply(`hi, ${arg}`);
      if (ctx.task?.status.state === "TASK_STATE_INPUT_REQUIRED") {
        await task.artifact({ artifactId: "answer", parts: [{ text: `got: ${ctx.userText}` }] });
        return task.complete();
      }
      await task.working();
      if (verb === "ask") return task.inputRequired("What is your name?");
      if (verb === "wait") {
        await new Promise<void>((resolve) => {
          released.set(task.taskId, resolve);
          ctx.signal.addEventListener("abort", () => resolve(), { once: true });
        });
        if (ctx.signal.aborted) return;
        await task.artifact({ artifactId: "result", parts: [{ text: "done" }] });
        return task.complete();
      }
      if (verb === "chunks") {
        for (let i = 0; i < Number(arg); i++) {
          await task.artifact({
            artifactId: "chunks",
            parts: [{ text: `c${i};` }],
            append: i > 0,
          });
        }
        return task.complete();
      }
      await task.artifact({ artifactId: "echo", parts: [{ text: `echo: ${ctx.userText}` }] });
    }),
  });
  // The extended card is only served to authenticated callers; one fixed token stands in for
  // a real authenticator, every other call runs anonymously.
  const authenticate = (request: Request) =>
    request.headers.get("authorization") === `Bearer ${TOKEN}`
      ? { id: "tester", authenticated: true }
      : ANONYMOUS;
  server.serve(createA2AFetchHandler({ handler, authenticate }).fetch);
});
afterAll(() => server.close());

async function working(client: A2AClient, id: string): Promise<void> {
  while ((await client.getTask(id)).status.state !== "TASK_STATE_WORKING") {
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe.each(["JSONRPC", "HTTP+JSON"])("against @a2akit/server-core over %s", (binding) => {
  let client: A2AClient;
  beforeAll(async () => {
    client = await A2AClient.fromUrl(server.url, { bindings: [binding] });
  });

  it("discovers the card and uses the requested binding", () => {
    expect(client.card.name).toBe("a2akit test agent");
    expect(client.agentInterface.protocolBinding).toBe(binding);
  });

  it("sends, gets a message reply, and reads tasks", async () => {
    const { task } = await client.sendMessage("ping");
    expect(task?.status.state).toBe("TASK_STATE_COMPLETED");
    expect(artifactText(task as Task)).toBe("echo: ping");
    const again = await client.getTask((task as Task).id, { historyLength: 1 });
    expect(again.history?.length ?? 0).toBeLessThanOrEqual(1);
    const { message } = await client.sendMessage("hello Ada");
    expect(textOf(message?.parts ?? [])).toBe("hi, Ada");
    await expect(client.getTask("nope")).rejects.toBeInstanceOf(TaskNotFoundError);
  });

  it("streams a task and the events rebuild it", async () => {
    const events: StreamResponse[] = [];
    for await (const e of client.sendStreamingMessage("chunks 4")) events.push(e);
    expect(events[0]?.task).toBeDefined();
    expect(events.filter((e) => e.artifactUpdate)).toHaveLength(4);
    let view: Task | undefined;
    for (const e of events) view = applyEvent(view, e);
    expect(view?.status.state).toBe("TASK_STATE_COMPLETED");
    expect(artifactText(view as Task)).toBe("c0;c1;c2;c3;");
  });

  it("lists across pages, cancels, subscribes and waits", async () => {
    const { task: first } = await client.sendMessage("one");
    const contextId = (first as Task).contextId as string;
    await client.sendMessage("two", { contextId });
    const all: Task[] = [];
    for await (const t of client.listAllTasks({ contextId, pageSize: 1 })) all.push(t);
    expect(all).toHaveLength(2);

    const { task: slow } = await client.sendMessage("wait", { returnImmediately: true });
    const id = (slow as Task).id;
    await working(client, id);
    expect((await client.cancelTask(id)).status.state).toBe("TASK_STATE_CANCELED");
    await expect(client.cancelTask((first as Task).id)).rejects.toBeInstanceOf(
      TaskNotCancelableError,
    );

    const { task: watched } = await client.sendMessage("wait", { returnImmediately: true });
    const wid = (watched as Task).id;
    await working(client, wid);
    const seen: StreamResponse[] = [];
    for await (const e of client.subscribeToTask(wid)) {
      seen.push(e);
      if (seen.length === 1) released.get(wid)?.();
    }
    expect(seen[0]?.task?.id).toBe(wid);
    expect(seen.at(-1)?.statusUpdate?.status.state).toBe("TASK_STATE_COMPLETED");
    const final = await client.waitForTask(wid);
    expect(artifactText(final)).toBe("done");
  });

  it("manages push notification configs and reads the extended card", async () => {
    const { task } = await client.sendMessage("push");
    const taskId = (task as Task).id;
    const created = await client.createTaskPushNotificationConfig({
      taskId,
      url: "https://example.com/hook",
    });
    expect(created.id).toBeTruthy();
    const id = created.id as string;
    expect((await client.getTaskPushNotificationConfig(taskId, id)).url).toBe(
      "https://example.com/hook",
    );
    expect((await client.listTaskPushNotificationConfigs(taskId)).configs).toHaveLength(1);
    await client.deleteTaskPushNotificationConfig(taskId, id);
    expect((await client.listTaskPushNotificationConfigs(taskId)).configs ?? []).toEqual([]);
    await expect(client.getExtendedAgentCard()).rejects.toBeInstanceOf(UnauthenticatedError);
    const c = await A2AClient.fromUrl(server.url, {
      bindings: [binding],
      headers: { Authorization: `Bearer ${TOKEN}` },
    });
    expect((await c.getExtendedAgentCard()).name).toBe("a2akit test agent (extended)");
  });

  it("holds a multi-turn conversation", async () => {
    const chat = client.conversation();
    const asked = (await chat.send("ask")) as Task;
    expect(asked.status.state).toBe("TASK_STATE_INPUT_REQUIRED");
    const answered = (await chat.send("Grace")) as Task;
    expect(answered.id).toBe(asked.id);
    expect(artifactText(answered)).toBe("got: Grace");
  });
});

describe("resuming a stream from server-core after the connection is cut", () => {
  it("delivers every event once and the final state", async () => {
    const waiting = new Map<string, () => void>();
    let subscribes = 0;
    const cutting = await startFetchServer((req, chunk) => {
      // The first streaming answer dies after two events (task, WORKING).
      if (req.body.includes("SendStreamingMessage") && chunk === 1) return "cut";
      if (req.body.includes("SubscribeToTask") && chunk === 0) {
        subscribes++;
        // The snapshot is out: let the task finish, live on this subscription.
        for (const release of waiting.values()) release();
      }
      return undefined;
    });
    try {
      const url = `${cutting.url}/a2a`;
      const handler = createRequestHandler({
        agentCard: {
          name: "cut",
          description: "waits",
          version: "1.0.0",
          supportedInterfaces: [{ url, protocolBinding: "JSONRPC", protocolVersion: "1.0" }],
          capabilities: { streaming: true },
          defaultInputModes: ["text/plain"],
          defaultOutputModes: ["text/plain"],
          skills: [],
        },
        executor: defineAgent(async (_ctx, task) => {
          await task.working();
          await new Promise<void>((resolve) => waiting.set(task.taskId, resolve));
          await task.artifact({ artifactId: "result", parts: [{ text: "done" }] });
        }),
      });
      cutting.serve(createA2AFetchHandler({ handler, keepAliveMs: 0 }).fetch);
      const client = await A2AClient.fromUrl(cutting.url, {
        reconnect: { baseDelayMs: 1, maxDelayMs: 2 },
      });
      const events: StreamResponse[] = [];
      for await (const e of client.sendStreamingMessage("go")) events.push(e);
      expect(subscribes).toBe(1);
      // The resubscription's snapshot showed nothing new, so it was skipped.
      expect(events.map((e) => Object.keys(e)[0])).toEqual([
        "task",
        "statusUpdate",
        "artifactUpdate",
        "statusUpdate",
      ]);
      const completed = events.filter(
        (e) =>
          e.statusUpdate?.status.state === "TASK_STATE_COMPLETED" ||
          e.task?.status.state === "TASK_STATE_COMPLETED",
      );
      expect(completed).toHaveLength(1);
      const results = events.filter(
        (e) =>
          e.artifactUpdate?.artifact.artifactId === "result" ||
          e.task?.artifacts?.some((a) => a.artifactId === "result"),
      );
      expect(results).toHaveLength(1);
      let view: Task | undefined;
      for (const e of events) view = applyEvent(view, e);
      expect(view?.status.state).toBe("TASK_STATE_COMPLETED");
      expect(artifactText(view as Task)).toBe("done");
    } finally {
      await cutting.close();
    }
  });
});
