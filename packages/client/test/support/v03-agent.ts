// An agent built on the official @a2a-js/sdk 0.3.14 server (the v0.3 wire), over JSON-RPC on a
// real socket: the client must reach it through its v0.3 adapter.
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { AgentCard, Message } from "a2a-sdk-v03";
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

/** `wait` parks the task in WORKING until canceled or released; anything else is echoed. */
class V03Executor implements AgentExecutor {
  private readonly waiting = new Map<string, (canceled: boolean) => void>();

  release(taskId: string): void {
    this.waiting.get(taskId)?.(false);
  }

  async execute(ctx: RequestContext, bus: ExecutionEventBus): Promise<void> {
    const text = ctx.userMessage.parts.map((p) => (p.kind === "text" ? p.text : "")).join("");
    const { taskId, contextId } = ctx;
    if (text.startsWith("hello")) {
      const reply: Message = {
        kind: "message",
        messageId: crypto.randomUUID(),
        role: "agent",
        contextId,
        parts: [{ kind: "text", text: "hi from v0.3" }],
      };
      bus.publish(reply);
      bus.finished();
      return;
    }
    bus.publish({
      kind: "task",
      id: taskId,
      contextId,
      status: { state: "submitted", timestamp: now() },
      history: [ctx.userMessage],
    });
    const status = (state: "working" | "completed", final: boolean) =>
      bus.publish({
        kind: "status-update",
        taskId,
        contextId,
        status: { state, timestamp: now() },
        final,
      });
    status("working", false);
    if (text === "wait") {
      const canceled = await new Promise<boolean>((r) => this.waiting.set(taskId, r));
      this.waiting.delete(taskId);
      if (canceled) {
        bus.finished();
        return;
      }
    }
    bus.publish({
      kind: "artifact-update",
      taskId,
      contextId,
      artifact: { artifactId: "echo", parts: [{ kind: "text", text: `echo: ${text}` }] },
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
    this.waiting.get(taskId)?.(true);
  }
}

/** A running v0.3 agent. */
export interface V03Agent {
  baseUrl: string;
  executor: V03Executor;
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
    description: "An agent on the v0.3 wire",
    url: `${baseUrl}/rpc`,
    preferredTransport: "JSONRPC",
    version: "0.3.14",
    capabilities: { streaming: true, pushNotifications: true },
    defaultInputModes: ["text/plain"],
    defaultOutputModes: ["text/plain"],
    skills: [{ id: "echo", name: "Echo", description: "Echoes", tags: [] }],
  };
  const executor = new V03Executor();
  const handler = new DefaultRequestHandler(
    card,
    new InMemoryTaskStore(),
    executor,
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
    executor,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
