// The echo agent on a2akit. BINDING=node (the default) serves it with @a2akit/node's node:http
// handler; BINDING=hono with @a2akit/hono on @hono/node-server. STORE=memory (the default) uses
// the in-memory stores; STORE=redis uses @a2akit/redis on REDIS_URL under PREFIX, so two
// processes with the same PREFIX are two instances of one agent.

import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { type A2AApp, createA2AApp } from "@a2akit/hono";
import { type A2ANodeHandler, createA2ANodeHandler } from "@a2akit/node";
import { createRequestHandler, defineAgent, type RequestHandlerOptions } from "@a2akit/server-core";
import type { AgentCard } from "@a2akit/types";
import { serve } from "@hono/node-server";
import { chunkText, parseCommand, sleep, tickText } from "./commands.js";
import { announce, GC_PATH, gcTotals, HOST, MEM_PATH, memoryAfterGc, PORT } from "./process.js";
import { loadRedisStores } from "./redis-stores.js";

const executor = defineAgent(async (ctx, task) => {
  const command = parseCommand(ctx.userText);
  await task.working();
  if (command.kind === "stream") {
    const artifactId = "stream";
    for (let i = 0; i < command.chunks; i++) {
      await task.artifact({
        artifactId,
        append: i > 0,
        lastChunk: i === command.chunks - 1,
        parts: [{ text: chunkText(i) }],
      });
    }
  } else if (command.kind === "ticks") {
    await sleep(command.waitMs);
    for (let i = 0; i < command.count; i++) {
      await task.artifact({ artifactId: "ticks", append: i > 0, parts: [{ text: tickText(i) }] });
      await sleep(command.gapMs);
    }
  } else {
    await task.artifact({ artifactId: "echo", parts: [{ text: `You said: ${command.text}` }] });
  }
  await task.complete();
});

function card(url: string): AgentCard {
  return {
    name: "bench echo agent",
    description: "Echoes text; streams chunks on request",
    version: "1.0.0",
    supportedInterfaces: [{ url, protocolBinding: "JSONRPC", protocolVersion: "1.0" }],
    capabilities: { streaming: true },
    defaultInputModes: ["text/plain"],
    defaultOutputModes: ["text/plain"],
    skills: [],
  };
}

const binding = process.env.BINDING ?? "node";
let app: A2AApp | A2ANodeHandler | undefined;
// The card names the real URL, known only once the socket listens.
const server =
  binding === "hono"
    ? (serve({
        fetch: (request) => {
          if (request.method === "GET" && request.url.endsWith(MEM_PATH)) {
            return memoryAfterGc().then((mem) => Response.json(mem));
          }
          if (request.method === "GET" && request.url.endsWith(GC_PATH)) {
            return Response.json(gcTotals());
          }
          return app && "fetch" in app ? app.fetch(request) : new Response(null, { status: 503 });
        },
        port: PORT,
        hostname: HOST,
      }) as Server)
    : createServer((req, res) => {
        if (req.method === "GET" && req.url === MEM_PATH) {
          memoryAfterGc().then((mem) => res.end(JSON.stringify(mem)));
        } else if (req.method === "GET" && req.url === GC_PATH) {
          res.end(JSON.stringify(gcTotals()));
        } else if (app && !("fetch" in app)) {
          app(req, res);
        } else {
          res.writeHead(503).end();
        }
      }).listen(PORT, HOST);
await new Promise<void>((resolve) => server.once("listening", resolve));

const { port } = server.address() as AddressInfo;
const options: RequestHandlerOptions = { agentCard: card(`http://${HOST}:${port}/a2a`), executor };
const maxTerminalTasks = Number(process.env.MAX_TERMINAL_TASKS ?? 0);
if (maxTerminalTasks > 0) options.retention = { maxTerminalTasks };
let closeStores = async () => {};
if (process.env.STORE === "redis") {
  const stores = await loadRedisStores(process.env.REDIS_URL ?? "redis://127.0.0.1:6379");
  Object.assign(options, {
    taskStore: stores.taskStore,
    queueStore: stores.queueStore,
    pushConfigStore: stores.pushConfigStore,
  });
  closeStores = () => stores.close();
}
const requestHandler = createRequestHandler(options);
const running =
  binding === "hono"
    ? createA2AApp({ handler: requestHandler })
    : createA2ANodeHandler({ handler: requestHandler });
app = running;
announce(server, async () => {
  await running.close({ timeoutMs: 1_000 });
  await closeStores();
});
