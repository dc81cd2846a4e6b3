// The floor: a bare Hono app on @hono/node-server that parses the same JSON-RPC body and answers
// with a canned, correctly shaped result (no A2A logic, nothing stored). What is left of a
// target's cost above this is the A2A work.

import type { Server } from "node:http";
import { serve } from "@hono/node-server";
import { Hono } from "hono";
import { chunkText, parseCommand } from "./commands.js";
import { announce, GC_PATH, gcTotals, HOST, MEM_PATH, memoryAfterGc, PORT } from "./process.js";

interface RpcBody {
  id: string | number;
  method: string;
  params: { message: { messageId: string; role: string; parts: { text?: string }[] } };
}

const encoder = new TextEncoder();

const app = new Hono();
app.get(MEM_PATH, async (c) => c.json(await memoryAfterGc()));
app.get(GC_PATH, (c) => c.json(gcTotals()));
app.post("/a2a", async (c) => {
  const body = await c.req.json<RpcBody>();
  const message = body.params.message;
  const text = message.parts.map((p) => p.text ?? "").join("\n");
  const id = crypto.randomUUID();
  const contextId = crypto.randomUUID();
  const timestamp = new Date().toISOString();
  const history = [{ ...message, taskId: id, contextId }];
  if (body.method === "SendMessage") {
    return c.json({
      jsonrpc: "2.0",
      id: body.id,
      result: {
        task: {
          id,
          contextId,
          status: { state: "TASK_STATE_COMPLETED", timestamp },
          artifacts: [{ artifactId: "echo", parts: [{ text: `You said: ${text}` }] }],
          history,
        },
      },
    });
  }
  const command = parseCommand(text);
  const chunks = command.kind === "stream" ? command.chunks : 1;
  const frame = (result: unknown) =>
    encoder.encode(`data: ${JSON.stringify({ jsonrpc: "2.0", id: body.id, result })}\n\n`);
  const status = (state: string) => ({
    statusUpdate: { taskId: id, contextId, status: { state, timestamp } },
  });
  // One event per pull, so the stream follows the socket's backpressure like a real agent's.
  let next = -2;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (next === -2) {
        controller.enqueue(
          frame({
            task: { id, contextId, status: { state: "TASK_STATE_SUBMITTED", timestamp }, history },
          }),
        );
      } else if (next === -1) {
        controller.enqueue(frame(status("TASK_STATE_WORKING")));
      } else if (next < chunks) {
        controller.enqueue(
          frame({
            artifactUpdate: {
              taskId: id,
              contextId,
              append: next > 0,
              lastChunk: next === chunks - 1,
              artifact: { artifactId: "stream", parts: [{ text: chunkText(next) }] },
            },
          }),
        );
      } else {
        controller.enqueue(frame(status("TASK_STATE_COMPLETED")));
        controller.close();
      }
      next++;
    },
  });
  return new Response(stream, {
    headers: { "Content-Type": "text/event-stream", "Cache-Control": "no-cache" },
  });
});

const server = serve({ fetch: app.fetch, port: PORT, hostname: HOST }) as Server;
announce(server);
