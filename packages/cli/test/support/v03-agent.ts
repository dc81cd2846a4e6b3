// An agent on the official @a2a-js/sdk 0.3.14 server (the v0.3 wire, JSON-RPC only), on a real
// socket: the CLI must reach it through the client's v0.3 adapter.
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { AgentCard, Task, TaskState } from "a2a-sdk-v03";
import {
  type AgentExecutor,
  DefaultRequestHandler,
  type ExecutionEventBus,
  InMemoryPushNotificationStore,
  InMemoryTaskStore,
  type RequestContext,
} from "a2a-sdk-v03/server";
import { agentCardHandler, jsonRpcHandler, UserBuilder } from "a2a-sdk-v03/server/express";
import express from "express";

const now = () => new Date().toISOString();

/**
 * `wait` parks the task in WORKING until canceled; `name?` asks for a name (input-required)
 * and greets whatever the next message says; anything else is echoed.
 */
class V03Executor implements AgentExecutor {
  private readonly waiting = new Map<string, () => void>();

  async execute(ctx: RequestContext, bus: ExecutionEventBus): Promise<void> {
    const text = ctx.userMessage.parts.map((p) => (p.kind === "text" ? p.text : "")).join("");
    const { taskId, contextId } = ctx;
    const status = (state: TaskState, final: boolean, say?: string) =>
      bus.publish({
        kind: "status-update",
        taskId,
        contextId,
        status: {
          state,
          timestamp: now(),
          ...(say
            ? {
                message: {
                  kind: "message",
                  messageId: crypto.randomUUID(),
                  role: "agent",
                  taskId,
                  contextId,
                  parts: [{ kind: "text", text: say }],
                },
              }
            : {}),
        },
        final,
      });
    if (!ctx.task) {
      const task: Task = {
        kind: "task",
        id: taskId,
        contextId,
        status: { state: "submitted", timestamp: now() },
        history: [ctx.userMessage],
      };
      bus.publish(task);
    }
    const asked = ctx.task?.status.state === "input-required";
    if (text === "name?") {
      status("input-required", true, "What is your name?");
      bus.finished();
      return;
    }
    status("working", false);
    if (text === "wait") {
      await new Promise<void>((r) => this.waiting.set(taskId, r));
      this.waiting.delete(taskId);
      bus.finished();
      return;
    }
    bus.publish({
      kind: "artifact-update",
      taskId,
      contextId,
      artifact: {
        artifactId: "reply",
        name: "reply",
        parts: [{ kind: "text", text: asked ? `Hello, ${text}!` : `echo: ${text}` }],
      },
      lastChunk: true,
    });
    status("completed", true);
    bus.finished();
  }

  async cancelTask(taskId: string, bus: ExecutionEventBus): Promise<void> {
    bus.publish({
      kind: "status-update",
      taskId,
      contextId: "",
      status: { state: "canceled", timestamp: now() },
      final: true,
    });
    this.waiting.get(taskId)?.();
  }
}

/** A running v0.3 agent. */
export interface V03Agent {
  baseUrl: string;
  close(): Promise<void>;
}

/** Starts the v0.3 agent on 127.0.0.1 with a free port. */
export async function startV03Agent(): Promise<V03Agent> {
  const app = express();
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, "127.0.0.1", () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;
  const card: AgentCard = {
    protocolVersion: "0.3.0",
    name: "v0.3 agent",
    description: "An agent that speaks only the v0.3 wire",
    url: `${baseUrl}/rpc`,
    preferredTransport: "JSONRPC",
    version: "0.3.14",
    capabilities: { streaming: true, pushNotifications: true },
    defaultInputModes: ["text/plain"],
    defaultOutputModes: ["text/plain"],
    skills: [{ id: "echo", name: "Echo", description: "Echoes what you say", tags: [] }],
  };
  const handler = new DefaultRequestHandler(
    card,
    new InMemoryTaskStore(),
    new V03Executor(),
    undefined,
    new InMemoryPushNotificationStore(),
  );
  app.use("/.well-known/agent-card.json", agentCardHandler({ agentCardProvider: handler }));
  app.use(
    "/rpc",
    jsonRpcHandler({ requestHandler: handler, userBuilder: UserBuilder.noAuthentication }),
  );
  return {
    baseUrl,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
