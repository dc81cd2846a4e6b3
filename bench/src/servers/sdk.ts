// The same echo agent on the official @a2a-js/sdk (1.3.x): its DefaultRequestHandler, its
// in-memory task store and its JSON-RPC handler for express.

import type { AddressInfo } from "node:net";
import {
  AgentCard,
  Message,
  Task,
  TaskArtifactUpdateEvent,
  TaskStatusUpdateEvent,
} from "@a2a-js/sdk";
import {
  AgentEvent,
  type AgentExecutor,
  DefaultRequestHandler,
  type ExecutionEventBus,
  InMemoryTaskStore,
  type RequestContext,
} from "@a2a-js/sdk/server";
import { jsonRpcHandler, UserBuilder } from "@a2a-js/sdk/server/express";
import express from "express";
import { chunkText, parseCommand, sleep, tickText } from "./commands.js";
import { announce, GC_PATH, gcTotals, HOST, MEM_PATH, memoryAfterGc, PORT } from "./process.js";

class EchoExecutor implements AgentExecutor {
  async execute(ctx: RequestContext, bus: ExecutionEventBus): Promise<void> {
    const { taskId, contextId } = ctx;
    const text = ctx.userMessage.parts
      .map((p) => (p.content?.$case === "text" ? p.content.value : ""))
      .join("\n");
    const command = parseCommand(text);
    bus.publish(
      AgentEvent.task(
        Task.fromJSON({
          id: taskId,
          contextId,
          status: { state: "TASK_STATE_SUBMITTED", timestamp: new Date().toISOString() },
          history: [Message.toJSON(ctx.userMessage)],
        }),
      ),
    );
    status(bus, taskId, contextId, "TASK_STATE_WORKING");
    if (command.kind === "stream") {
      for (let i = 0; i < command.chunks; i++) {
        artifact(bus, taskId, contextId, "stream", chunkText(i), i > 0, i === command.chunks - 1);
      }
    } else if (command.kind === "ticks") {
      await sleep(command.waitMs);
      for (let i = 0; i < command.count; i++) {
        artifact(bus, taskId, contextId, "ticks", tickText(i), i > 0, false);
        await sleep(command.gapMs);
      }
    } else {
      artifact(bus, taskId, contextId, "echo", `You said: ${command.text}`, false, true);
    }
    status(bus, taskId, contextId, "TASK_STATE_COMPLETED");
    bus.finished();
  }

  async cancelTask(): Promise<void> {}
}

function status(bus: ExecutionEventBus, taskId: string, contextId: string, state: string): void {
  bus.publish(
    AgentEvent.statusUpdate(
      TaskStatusUpdateEvent.fromJSON({
        taskId,
        contextId,
        status: { state, timestamp: new Date().toISOString() },
      }),
    ),
  );
}

function artifact(
  bus: ExecutionEventBus,
  taskId: string,
  contextId: string,
  artifactId: string,
  text: string,
  append: boolean,
  lastChunk: boolean,
): void {
  bus.publish(
    AgentEvent.artifactUpdate(
      TaskArtifactUpdateEvent.fromJSON({
        taskId,
        contextId,
        append,
        lastChunk,
        artifact: { artifactId, parts: [{ text }] },
      }),
    ),
  );
}

const app = express();
app.get(MEM_PATH, (_req, res) => {
  memoryAfterGc().then((mem) => res.json(mem));
});
app.get(GC_PATH, (_req, res) => {
  res.json(gcTotals());
});
const server = app.listen(PORT, HOST);
await new Promise<void>((resolve) => server.once("listening", resolve));
const { port } = server.address() as AddressInfo;
const card = AgentCard.fromJSON({
  name: "bench echo agent (SDK)",
  description: "Echoes text; streams chunks on request",
  version: "1.0.0",
  supportedInterfaces: [
    { url: `http://${HOST}:${port}/a2a`, protocolBinding: "JSONRPC", protocolVersion: "1.0" },
  ],
  capabilities: { streaming: true },
  defaultInputModes: ["text/plain"],
  defaultOutputModes: ["text/plain"],
  skills: [],
});
const handler = new DefaultRequestHandler(card, new InMemoryTaskStore(), new EchoExecutor());
app.use(
  "/a2a",
  jsonRpcHandler({ requestHandler: handler, userBuilder: UserBuilder.noAuthentication }),
);
announce(server);
