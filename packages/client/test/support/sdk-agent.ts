// An agent built on the official @a2a-js/sdk 1.3.0 server, served over JSON-RPC and HTTP+JSON
// on a real socket, for interoperability tests.

import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import {
  AgentCard as SdkAgentCard,
  TaskArtifactUpdateEvent as SdkArtifactUpdate,
  Message as SdkMessage,
  TaskStatusUpdateEvent as SdkStatusUpdate,
  Task as SdkTask,
} from "@a2a-js/sdk";
import {
  AgentEvent,
  type AgentExecutor,
  DefaultRequestHandler,
  type ExecutionEventBus,
  InMemoryPushNotificationStore,
  InMemoryTaskStore,
  type RequestContext,
} from "@a2a-js/sdk/server";
import {
  agentCardHandler,
  jsonRpcHandler,
  restHandler,
  UserBuilder,
} from "@a2a-js/sdk/server/express";
import express from "express";

/**
 * What the agent does, chosen by the first word of the user's text:
 * - `hello …`: a direct message reply, no task;
 * - `ask …`: INPUT_REQUIRED; the next turn on that task completes it with "got: <text>";
 * - `chunks N`: N artifact chunks appended to one artifact, then COMPLETED;
 * - `wait`: WORKING until canceled (or `release(taskId)` is called);
 * - anything else: an artifact "echo: <text>", then COMPLETED.
 */
class TestExecutor implements AgentExecutor {
  private readonly waiting = new Map<string, (canceled: boolean) => void>();

  /** Lets a `wait` task finish (COMPLETED with artifact "done"). */
  release(taskId: string): void {
    this.waiting.get(taskId)?.(false);
  }

  async execute(ctx: RequestContext, bus: ExecutionEventBus): Promise<void> {
    const text = textOfSdk(ctx.userMessage);
    const { taskId, contextId } = ctx;
    const [verb = "", arg = ""] = text.split(" ");
    if (verb === "hello") {
      bus.publish(
        AgentEvent.message(
          SdkMessage.fromJSON({
            messageId: crypto.randomUUID(),
            role: "ROLE_AGENT",
            contextId,
            parts: [{ text: `hi, ${arg}` }],
          }),
        ),
      );
      bus.finished();
      return;
    }
    if (ctx.task && ctx.task.status?.state === 6 /* INPUT_REQUIRED */) {
      bus.publish(AgentEvent.task(ctx.task));
      this.artifact(bus, taskId, contextId, "answer", `got: ${text}`, false);
      this.status(bus, taskId, contextId, "TASK_STATE_COMPLETED");
      bus.finished();
      return;
    }
    bus.publish(
      AgentEvent.task(
        SdkTask.fromJSON({
          id: taskId,
          contextId,
          status: { state: "TASK_STATE_SUBMITTED", timestamp: new Date().toISOString() },
          history: [SdkMessage.toJSON(ctx.userMessage)],
        }),
      ),
    );
    this.status(bus, taskId, contextId, "TASK_STATE_WORKING");
    if (verb === "ask") {
      this.status(bus, taskId, contextId, "TASK_STATE_INPUT_REQUIRED", "What is your name?");
      bus.finished();
      return;
    }
    if (verb === "wait") {
      const canceled = await new Promise<boolean>((resolve) => this.waiting.set(taskId, resolve));
      this.waiting.delete(taskId);
      if (!canceled) {
        this.artifact(bus, taskId, contextId, "result", "done", false);
        this.status(bus, taskId, contextId, "TASK_STATE_COMPLETED");
      }
      bus.finished();
      return;
    }
    if (verb === "chunks") {
      const n = Number(arg);
      for (let i = 0; i < n; i++) {
        this.artifact(bus, taskId, contextId, "chunks", `c${i};`, i > 0, i === n - 1);
        await new Promise((r) => setTimeout(r, 5));
      }
    } else {
      this.artifact(bus, taskId, contextId, "echo", `echo: ${text}`, false);
    }
    this.status(bus, taskId, contextId, "TASK_STATE_COMPLETED");
    bus.finished();
  }

  async cancelTask(taskId: string, bus: ExecutionEventBus): Promise<void> {
    bus.publish(
      AgentEvent.statusUpdate(
        SdkStatusUpdate.fromJSON({
          taskId,
          contextId: "",
          status: { state: "TASK_STATE_CANCELED", timestamp: new Date().toISOString() },
        }),
      ),
    );
    this.waiting.get(taskId)?.(true);
  }

  private status(
    bus: ExecutionEventBus,
    taskId: string,
    contextId: string,
    state: string,
    text?: string,
  ): void {
    const message = text
      ? {
          messageId: crypto.randomUUID(),
          role: "ROLE_AGENT",
          taskId,
          contextId,
          parts: [{ text }],
        }
      : undefined;
    bus.publish(
      AgentEvent.statusUpdate(
        SdkStatusUpdate.fromJSON({
          taskId,
          contextId,
          status: { state, timestamp: new Date().toISOString(), ...(message ? { message } : {}) },
        }),
      ),
    );
  }

  private artifact(
    bus: ExecutionEventBus,
    taskId: string,
    contextId: string,
    artifactId: string,
    text: string,
    append: boolean,
    lastChunk = true,
  ): void {
    bus.publish(
      AgentEvent.artifactUpdate(
        SdkArtifactUpdate.fromJSON({
          taskId,
          contextId,
          append,
          lastChunk,
          artifact: { artifactId, parts: [{ text }] },
        }),
      ),
    );
  }
}

function textOfSdk(message: SdkMessage): string {
  return message.parts.map((p) => (p.content?.$case === "text" ? p.content.value : "")).join("");
}

/** A running SDK agent. */
export interface SdkAgent {
  baseUrl: string;
  jsonRpcUrl: string;
  restUrl: string;
  executor: TestExecutor;
  close(): Promise<void>;
}

/** Starts the SDK agent on 127.0.0.1 with a free port. `tenant` is stamped on both interfaces. */
export async function startSdkAgent(options: { restFirst?: boolean } = {}): Promise<SdkAgent> {
  const app = express();
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, "127.0.0.1", () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;
  const jsonRpcUrl = `${baseUrl}/a2a/jsonrpc`;
  const restUrl = `${baseUrl}/a2a/rest`;
  const interfaces = [
    { url: jsonRpcUrl, protocolBinding: "JSONRPC", protocolVersion: "1.0" },
    { url: restUrl, protocolBinding: "HTTP+JSON", protocolVersion: "1.0" },
  ];
  if (options.restFirst) interfaces.reverse();
  const card = SdkAgentCard.fromJSON({
    name: "SDK test agent",
    description: "Echoes, asks, streams chunks and waits",
    version: "1.0.0",
    supportedInterfaces: interfaces,
    capabilities: { streaming: true, pushNotifications: true, extendedAgentCard: true },
    defaultInputModes: ["text/plain"],
    defaultOutputModes: ["text/plain"],
    skills: [{ id: "echo", name: "Echo", description: "Echoes text", tags: ["echo"] }],
  });
  const extended = SdkAgentCard.fromJSON({
    ...(SdkAgentCard.toJSON(card) as object),
    name: "SDK test agent (extended)",
  });
  const executor = new TestExecutor();
  const handler = new DefaultRequestHandler(
    card,
    new InMemoryTaskStore(),
    executor,
    undefined,
    new InMemoryPushNotificationStore(),
    undefined,
    async () => extended,
  );
  app.use(
    "/.well-known/agent-card.json",
    agentCardHandler({ agentCardProvider: handler, cache: { maxAge: 60 } }),
  );
  app.use(
    "/a2a/jsonrpc",
    jsonRpcHandler({ requestHandler: handler, userBuilder: UserBuilder.noAuthentication }),
  );
  app.use(
    "/a2a/rest",
    restHandler({ requestHandler: handler, userBuilder: UserBuilder.noAuthentication }),
  );
  return {
    baseUrl,
    jsonRpcUrl,
    restUrl,
    executor,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
