import {
  type AgentCard,
  type StreamResponse,
  type Task,
  TaskNotFoundError,
  type TaskPushNotificationConfig,
  textPart,
  UnsupportedOperationError,
} from "@a2akit/types";
import type { A2ARequestHandler, CallContext } from "../src/handler/types.js";

/** A card with both bindings under `base`. */
export function testCard(base: string, extra: Partial<AgentCard> = {}): AgentCard {
  return {
    name: "Fake",
    description: "A fake agent for binding tests",
    version: "1.2.3",
    supportedInterfaces: [
      { url: `${base}/rpc`, protocolBinding: "JSONRPC", protocolVersion: "1.0" },
      { url: `${base}/rest`, protocolBinding: "HTTP+JSON", protocolVersion: "1.0" },
    ],
    capabilities: { streaming: true, pushNotifications: true },
    defaultInputModes: ["text/plain"],
    defaultOutputModes: ["text/plain"],
    skills: [],
    ...extra,
  };
}

/**
 * A handler with just enough behaviour to exercise the bindings: it records each call, echoes
 * messages into completed tasks, and lets a test inject errors and hold streams open.
 */
export class FakeHandler implements A2ARequestHandler {
  readonly calls: { method: string; request: unknown; ctx: CallContext }[] = [];
  readonly tasks = new Map<string, Task>();
  readonly configs = new Map<string, TaskPushNotificationConfig>();
  /** Thrown by the next call, if set. */
  failWith: unknown;
  /** Thrown by a stream after its first event, if set. */
  streamFailWith: unknown;
  /** When set, streams wait for it after their first event. */
  gate: Promise<void> | undefined;
  /** Streams that saw `return()` (a detached reader). */
  detached = 0;
  closed = false;
  private n = 0;

  constructor(private card: AgentCard) {}

  setCard(card: AgentCard): void {
    this.card = card;
  }

  getAgentCard(): AgentCard {
    return this.card;
  }

  private record(method: string, request: unknown, ctx: CallContext): void {
    this.calls.push({ method, request, ctx });
    if (this.failWith !== undefined) {
      const e = this.failWith;
      this.failWith = undefined;
      throw e;
    }
  }

  private task(text: string, ctx: CallContext): Task {
    const id = `task-${++this.n}`;
    const task: Task = {
      id,
      contextId: "ctx-1",
      status: { state: "TASK_STATE_COMPLETED", timestamp: "2025-01-01T00:00:00.000Z" },
      artifacts: [{ artifactId: "a1", parts: [textPart(`echo: ${text}`)] }],
      metadata: { tenant: ctx.tenant, user: ctx.user.id },
    };
    this.tasks.set(id, task);
    return task;
  }

  private find(id: string): Task {
    const t = this.tasks.get(id);
    if (!t) throw TaskNotFoundError.forTask(id);
    return t;
  }

  async sendMessage(request: Parameters<A2ARequestHandler["sendMessage"]>[0], ctx: CallContext) {
    this.record("sendMessage", request, ctx);
    const text = request.message.parts.map((p) => p.text ?? "").join("");
    if (text === "reply") return { message: { ...request.message, role: "ROLE_AGENT" as const } };
    return { task: this.task(text, ctx) };
  }

  async sendStreamingMessage(
    request: Parameters<A2ARequestHandler["sendMessage"]>[0],
    ctx: CallContext,
  ) {
    this.record("sendStreamingMessage", request, ctx);
    const task = this.task(request.message.parts.map((p) => p.text ?? "").join(""), ctx);
    return this.stream(task);
  }

  private stream(task: Task): AsyncIterable<StreamResponse> {
    const self = this;
    const events: StreamResponse[] = [
      { task: { ...task, status: { state: "TASK_STATE_WORKING" } } },
      { artifactUpdate: { taskId: task.id, contextId: "ctx-1", artifact: task.artifacts![0]! } },
      { statusUpdate: { taskId: task.id, contextId: "ctx-1", status: task.status } },
    ];
    return {
      [Symbol.asyncIterator]() {
        let i = 0;
        let done = false;
        return {
          async next() {
            if (done || i >= events.length) return { done: true, value: undefined };
            if (i === 1 && self.gate) await self.gate;
            if (done) return { done: true, value: undefined };
            if (i === 1 && self.streamFailWith !== undefined) throw self.streamFailWith;
            return { done: false, value: events[i++]! };
          },
          async return() {
            done = true;
            self.detached++;
            return { done: true, value: undefined };
          },
        };
      },
    };
  }

  async getTask(request: { id: string; historyLength?: number }, ctx: CallContext) {
    this.record("getTask", request, ctx);
    return this.find(request.id);
  }

  async listTasks(request: { pageSize?: number }, ctx: CallContext) {
    this.record("listTasks", request, ctx);
    const tasks = [...this.tasks.values()];
    return { tasks, nextPageToken: "", pageSize: request.pageSize ?? 50, totalSize: tasks.length };
  }

  async cancelTask(request: { id: string }, ctx: CallContext) {
    this.record("cancelTask", request, ctx);
    const t = this.find(request.id);
    return { ...t, status: { state: "TASK_STATE_CANCELED" as const } };
  }

  async subscribeToTask(request: { id: string }, ctx: CallContext) {
    this.record("subscribeToTask", request, ctx);
    const t = this.find(request.id);
    if (request.id.endsWith("done")) throw new UnsupportedOperationError("terminal");
    return this.stream(t);
  }

  async createTaskPushNotificationConfig(request: TaskPushNotificationConfig, ctx: CallContext) {
    this.record("createTaskPushNotificationConfig", request, ctx);
    this.find(request.taskId ?? "");
    const config = { ...request, id: request.id || `cfg-${++this.n}` };
    this.configs.set(config.id, config);
    return config;
  }

  async getTaskPushNotificationConfig(request: { taskId: string; id: string }, ctx: CallContext) {
    this.record("getTaskPushNotificationConfig", request, ctx);
    const c = this.configs.get(request.id);
    if (!c) throw TaskNotFoundError.forTask(request.taskId);
    return c;
  }

  async listTaskPushNotificationConfigs(request: { taskId: string }, ctx: CallContext) {
    this.record("listTaskPushNotificationConfigs", request, ctx);
    return { configs: [...this.configs.values()].filter((c) => c.taskId === request.taskId) };
  }

  async deleteTaskPushNotificationConfig(request: { id: string }, ctx: CallContext) {
    this.record("deleteTaskPushNotificationConfig", request, ctx);
    this.configs.delete(request.id);
  }

  async getExtendedAgentCard(request: unknown, ctx: CallContext) {
    this.record("getExtendedAgentCard", request, ctx);
    return { ...this.card, description: "extended" };
  }

  async close() {
    this.closed = true;
  }
}
