import {
  type StreamResponse,
  type Task,
  TaskNotFoundError,
  textOf,
  UnsupportedOperationError,
} from "@a2akit/types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { A2AClient, applyEvent, artifactText } from "../src/index.js";
import { startV03Agent, type V03Agent } from "./support/v03-agent.js";

let agent: V03Agent;
let client: A2AClient;
beforeAll(async () => {
  agent = await startV03Agent();
  client = await A2AClient.fromUrl(agent.baseUrl);
});
afterAll(() => agent.close());

async function working(id: string): Promise<void> {
  while ((await client.getTask(id)).status.state !== "TASK_STATE_WORKING") {
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe("against the @a2a-js/sdk 0.3.14 server (v0.3 JSON-RPC), in v1.0 types", () => {
  it("reads the v0.3 card and chooses the v0.3 adapter", () => {
    expect(client.protocolVersion).toBe("0.3");
    expect(client.card.supportedInterfaces[0]?.protocolVersion).toBe("0.3");
    expect(client.card.capabilities.streaming).toBe(true);
  });

  it("sends a message and gets a v1.0 task back", async () => {
    const { task } = await client.sendMessage("ping");
    expect(task?.status.state).toBe("TASK_STATE_COMPLETED");
    expect(artifactText(task as Task)).toBe("echo: ping");
    expect(task?.history?.[0]?.role).toBe("ROLE_USER");
  });

  it("gets a direct message reply", async () => {
    const { message } = await client.sendMessage("hello");
    expect(message?.role).toBe("ROLE_AGENT");
    expect(textOf(message?.parts ?? [])).toBe("hi from v0.3");
  });

  it("streams v1.0 events", async () => {
    const events: StreamResponse[] = [];
    for await (const e of client.sendStreamingMessage("streamed")) events.push(e);
    expect(events.map((e) => Object.keys(e)[0])).toEqual([
      "task",
      "statusUpdate",
      "artifactUpdate",
      "statusUpdate",
    ]);
    let view: Task | undefined;
    for (const e of events) view = applyEvent(view, e);
    expect(view?.status.state).toBe("TASK_STATE_COMPLETED");
    expect(artifactText(view as Task)).toBe("echo: streamed");
  });

  it("gets and cancels tasks", async () => {
    const { task } = await client.sendMessage("wait", { returnImmediately: true });
    const id = (task as Task).id;
    await working(id);
    const canceled = await client.cancelTask(id);
    expect(canceled.status.state).toBe("TASK_STATE_CANCELED");
    expect((await client.getTask(id)).status.state).toBe("TASK_STATE_CANCELED");
    await expect(client.getTask("missing")).rejects.toBeInstanceOf(TaskNotFoundError);
  });

  it("resubscribes to a running task", async () => {
    const { task } = await client.sendMessage("wait", { returnImmediately: true });
    const id = (task as Task).id;
    await working(id);
    const seen: StreamResponse[] = [];
    for await (const e of client.subscribeToTask(id)) {
      seen.push(e);
      if (seen.length === 1) agent.executor.release(id);
    }
    expect(seen.at(-1)?.statusUpdate?.status.state).toBe("TASK_STATE_COMPLETED");
    expect(seen.some((e) => e.artifactUpdate?.artifact.artifactId === "echo")).toBe(true);
  });

  it("sets, gets, lists and deletes push notification configs", async () => {
    const { task } = await client.sendMessage("push");
    const taskId = (task as Task).id;
    const created = await client.createTaskPushNotificationConfig({
      taskId,
      id: "h1",
      url: "https://example.com/hook",
      token: "tok",
      authentication: { scheme: "Bearer", credentials: "c" },
    });
    expect(created).toMatchObject({ taskId, id: "h1", url: "https://example.com/hook" });
    expect(created.authentication?.scheme).toBe("Bearer");
    const got = await client.getTaskPushNotificationConfig(taskId, "h1");
    expect(got.token).toBe("tok");
    const list = await client.listTaskPushNotificationConfigs(taskId);
    expect(list.configs?.map((c) => c.id)).toEqual(["h1"]);
    await client.deleteTaskPushNotificationConfig(taskId, "h1");
    expect((await client.listTaskPushNotificationConfigs(taskId)).configs ?? []).toEqual([]);
  });

  it("refuses ListTasks, which v0.3 JSON-RPC lacks", async () => {
    await expect(client.listTasks()).rejects.toBeInstanceOf(UnsupportedOperationError);
  });
});
