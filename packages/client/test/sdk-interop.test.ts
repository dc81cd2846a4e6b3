import {
  InvalidParamsError,
  type StreamResponse,
  type Task,
  TaskNotCancelableError,
  TaskNotFoundError,
  textOf,
} from "@a2akit/types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { A2AClient, applyEvent, artifactText } from "../src/index.js";
import { type SdkAgent, startSdkAgent } from "./support/sdk-agent.js";

let agent: SdkAgent;
beforeAll(async () => {
  agent = await startSdkAgent();
});
afterAll(() => agent.close());

async function collect(stream: AsyncIterable<StreamResponse>): Promise<StreamResponse[]> {
  const out: StreamResponse[] = [];
  for await (const e of stream) out.push(e);
  return out;
}

/** Waits until the agent has stored the task in WORKING (the executor is then parked). */
async function working(client: A2AClient, id: string): Promise<Task> {
  for (;;) {
    const t = await client.getTask(id);
    if (t.status.state === "TASK_STATE_WORKING") return t;
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe.each([
  ["JSONRPC", "/a2a/jsonrpc"],
  ["HTTP+JSON", "/a2a/rest"],
])("against the @a2a-js/sdk 1.3.0 server over %s", (binding, path) => {
  let client: A2AClient;
  beforeAll(async () => {
    client = await A2AClient.fromUrl(agent.baseUrl, { bindings: [binding] });
  });

  it("discovers the card and picks the preferred interface", () => {
    expect(client.card.name).toBe("SDK test agent");
    expect(client.agentInterface.protocolBinding).toBe(binding);
    expect(client.agentInterface.url.endsWith(path)).toBe(true);
    expect(client.protocolVersion).toBe("1.0");
  });

  it("sends a message and waits for the finished task", async () => {
    const { task } = await client.sendMessage("hi there");
    expect(task?.status.state).toBe("TASK_STATE_COMPLETED");
    expect(artifactText(task as Task)).toBe("echo: hi there");
    expect(task?.contextId).toBeTruthy();
  });

  it("gets a direct message reply", async () => {
    const res = await client.sendMessage("hello Bob");
    expect(res.task).toBeUndefined();
    expect(res.message?.role).toBe("ROLE_AGENT");
    expect(textOf(res.message?.parts ?? [])).toBe("hi, Bob");
  });

  it("returns immediately, then cancels the running task", async () => {
    const { task } = await client.sendMessage("wait", { returnImmediately: true });
    expect(["TASK_STATE_SUBMITTED", "TASK_STATE_WORKING"]).toContain(task?.status.state);
    const id = (task as Task).id;
    await working(client, id);
    const canceled = await client.cancelTask(id);
    expect(canceled.status.state).toBe("TASK_STATE_CANCELED");
    expect((await client.getTask(id)).status.state).toBe("TASK_STATE_CANCELED");
  });

  it("refuses to cancel a finished task with TaskNotCancelableError", async () => {
    const { task } = await client.sendMessage("done already");
    await expect(client.cancelTask((task as Task).id)).rejects.toBeInstanceOf(
      TaskNotCancelableError,
    );
  });

  it("streams every event in order, and the events rebuild the task", async () => {
    const events = await collect(client.sendStreamingMessage("chunks 3"));
    const kinds = events.map((e) => Object.keys(e)[0]);
    expect(kinds).toEqual([
      "task",
      "statusUpdate",
      "artifactUpdate",
      "artifactUpdate",
      "artifactUpdate",
      "statusUpdate",
    ]);
    let view: Task | undefined;
    for (const e of events) view = applyEvent(view, e);
    expect(view?.status.state).toBe("TASK_STATE_COMPLETED");
    expect(artifactText(view as Task)).toBe("c0;c1;c2;");
    const stored = await client.getTask((view as Task).id);
    expect(artifactText(stored)).toBe("c0;c1;c2;");
  });

  it("reads a task with historyLength", async () => {
    const { task } = await client.sendMessage("history please");
    const full = await client.getTask((task as Task).id);
    expect(full.history?.length).toBeGreaterThan(0);
    const none = await client.getTask((task as Task).id, { historyLength: 0 });
    expect(none.history ?? []).toEqual([]);
  });

  it("reports an unknown task as TaskNotFoundError", async () => {
    await expect(client.getTask("no-such-task")).rejects.toBeInstanceOf(TaskNotFoundError);
  });

  it("validates requests before sending them", async () => {
    await expect(client.getTask("")).rejects.toBeInstanceOf(InvalidParamsError);
  });

  it("lists tasks page by page and across all pages", async () => {
    const { task } = await client.sendMessage("for listing");
    const contextId = (task as Task).contextId as string;
    await client.sendMessage("second in context", { contextId });
    const page = await client.listTasks({ contextId, pageSize: 1 });
    expect(page.tasks).toHaveLength(1);
    expect(page.totalSize).toBe(2);
    expect(page.nextPageToken).not.toBe("");
    const all: Task[] = [];
    for await (const t of client.listAllTasks({ contextId, pageSize: 1 })) all.push(t);
    expect(all).toHaveLength(2);
    expect(new Set(all.map((t) => t.id)).size).toBe(2);
  });

  it("subscribes to a running task: snapshot first, then live events to the end", async () => {
    const { task } = await client.sendMessage("wait", { returnImmediately: true });
    const id = (task as Task).id;
    await working(client, id);
    const seen: StreamResponse[] = [];
    for await (const e of client.subscribeToTask(id)) {
      seen.push(e);
      if (seen.length === 1) agent.executor.release(id);
    }
    expect(seen[0]?.task?.id).toBe(id);
    expect(seen.at(-1)?.statusUpdate?.status.state).toBe("TASK_STATE_COMPLETED");
    expect(seen.some((e) => e.artifactUpdate?.artifact.artifactId === "result")).toBe(true);
  });

  it("waits for a task until it finishes", async () => {
    const { task } = await client.sendMessage("wait", { returnImmediately: true });
    const id = (task as Task).id;
    await working(client, id);
    const done = client.waitForTask(id);
    agent.executor.release(id);
    const final = await done;
    expect(final.status.state).toBe("TASK_STATE_COMPLETED");
    expect(artifactText(final)).toBe("done");
  });

  it("creates, reads, lists and deletes push notification configs", async () => {
    const { task } = await client.sendMessage("push target");
    const taskId = (task as Task).id;
    const created = await client.createTaskPushNotificationConfig({
      taskId,
      id: "hook-1",
      url: "https://example.com/hook",
      token: "secret-token",
    });
    expect(created.id).toBe("hook-1");
    expect(created.url).toBe("https://example.com/hook");
    const got = await client.getTaskPushNotificationConfig(taskId, "hook-1");
    expect(got.token).toBe("secret-token");
    const list = await client.listTaskPushNotificationConfigs(taskId);
    expect(list.configs?.map((c) => c.id)).toEqual(["hook-1"]);
    await client.deleteTaskPushNotificationConfig(taskId, "hook-1");
    const after = await client.listTaskPushNotificationConfigs(taskId);
    expect(after.configs ?? []).toEqual([]);
  });

  it("fetches the extended card and uses it from then on", async () => {
    const c = await A2AClient.fromUrl(agent.baseUrl, { bindings: [binding] });
    const extended = await c.getExtendedAgentCard();
    expect(extended.name).toBe("SDK test agent (extended)");
    expect(c.card.name).toBe("SDK test agent (extended)");
  });

  it("carries context and task across the turns of a conversation", async () => {
    const chat = client.conversation();
    const first = (await chat.send("ask something")) as Task;
    expect(first.status.state).toBe("TASK_STATE_INPUT_REQUIRED");
    expect(textOf(first.status.message?.parts ?? [])).toBe("What is your name?");
    expect(chat.taskId).toBe(first.id);
    const second = (await chat.send("Ada")) as Task;
    expect(second.id).toBe(first.id);
    expect(second.contextId).toBe(first.contextId);
    expect(second.status.state).toBe("TASK_STATE_COMPLETED");
    expect(artifactText(second)).toBe("got: Ada");
    expect(chat.taskId).toBeUndefined();
    expect(chat.contextId).toBe(first.contextId);
  });

  it("streams a conversation turn and tracks the ids", async () => {
    const chat = client.conversation();
    const states: string[] = [];
    for await (const e of chat.stream("ask again")) {
      const s = e.task?.status.state ?? e.statusUpdate?.status.state;
      if (s) states.push(s);
    }
    expect(states.at(-1)).toBe("TASK_STATE_INPUT_REQUIRED");
    expect(chat.taskId).toBeTruthy();
    const answer = (await chat.send("Grace")) as Task;
    expect(answer.id).toBe(chat.task?.id);
    expect(artifactText(answer)).toBe("got: Grace");
  });

  it("stops the stream and closes the connection when the consumer breaks", async () => {
    let n = 0;
    for await (const _e of client.sendStreamingMessage("chunks 20")) {
      n++;
      if (n === 2) break;
    }
    expect(n).toBe(2);
  });
});
