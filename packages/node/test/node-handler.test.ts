import { once } from "node:events";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { type AddressInfo, connect } from "node:net";
import { A2AClient } from "@a2akit/client";
import {
  type A2ARequestHandler,
  createLimiter,
  createRequestHandler,
  defineAgent,
  type Limiter,
  type Logger,
  type User,
} from "@a2akit/server-core";
import type { AgentCard } from "@a2akit/types";
import { afterEach, describe, expect, it } from "vitest";
import { type A2ANodeHandler, createA2ANodeHandler, type NextFunction } from "../src/index.js";

const EXTENSION = "https://example.com/ext/echo-headers/v1";

function card(base: string): AgentCard {
  return {
    name: "Echo",
    description: "Echoes",
    version: "1.0.0",
    supportedInterfaces: [
      { url: `${base}/a2a`, protocolBinding: "JSONRPC", protocolVersion: "1.0" },
      { url: `${base}/a2a`, protocolBinding: "HTTP+JSON", protocolVersion: "1.0" },
    ],
    capabilities: { streaming: true, extensions: [{ uri: EXTENSION }] },
    defaultInputModes: ["text/plain"],
    defaultOutputModes: ["text/plain"],
    skills: [],
  };
}

/** Text it was sent, `stream:N` for N chunks, `wait` to stay working until the client leaves. */
const executor = defineAgent(async (ctx, task) => {
  const text = ctx.userText;
  if (text.startsWith("stream:")) {
    const n = Number(text.slice(7));
    for (let i = 0; i < n; i++) {
      await task.artifact({ artifactId: "s", append: i > 0, parts: [{ text: `chunk ${i}` }] });
    }
    return;
  }
  if (text === "wait") {
    await task.working();
    // Until the server shuts down: a client leaving a stream never ends the task.
    await new Promise<void>((resolve) => ctx.signal.addEventListener("abort", () => resolve()));
    await task.complete();
    return;
  }
  await task.artifact({ parts: [{ text: `echo: ${text}` }] });
});

interface Running {
  base: string;
  server: Server;
  node: A2ANodeHandler;
  handler: A2ARequestHandler;
}

const servers: Running[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.server.closeAllConnections();
    await new Promise((resolve) => s.server.close(resolve));
    await s.node.close({ timeoutMs: 500 });
  }
});

async function start(
  options: {
    authenticate?: (request: Request) => User | Promise<User>;
    maxBodyBytes?: number;
    limiter?: Limiter;
    logger?: Logger;
    /** A listener in front of the A2A one, Connect style. */
    wrap?: (
      node: A2ANodeHandler,
    ) => (req: IncomingMessage, res: ServerResponse, next?: NextFunction) => void;
  } = {},
): Promise<Running> {
  let node: A2ANodeHandler | undefined;
  const server = createServer((req, res) => {
    const listener = options.wrap && node ? options.wrap(node) : node;
    listener?.(req, res);
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const handler = createRequestHandler({
    agentCard: card(base),
    executor,
    ...(options.limiter ? { limiter: options.limiter } : {}),
  });
  node = createA2ANodeHandler({
    handler,
    ...(options.authenticate ? { authenticate: options.authenticate } : {}),
    ...(options.maxBodyBytes ? { maxBodyBytes: options.maxBodyBytes } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
  });
  const running = { base, server, node, handler };
  servers.push(running);
  return running;
}

const H = { "A2A-Version": "1.0", "Content-Type": "application/json" };
const rpc = (method: string, params: unknown, id: number | string = 1) =>
  JSON.stringify({ jsonrpc: "2.0", id, method, params });
const message = (text: string) => ({
  message: { messageId: `m-${Math.random()}`, role: "ROLE_USER", parts: [{ text }] },
});

/** Sends raw bytes on a fresh connection; resolves with everything the server sent back. */
async function raw(base: string, bytes: string | Buffer): Promise<string> {
  const { port } = new URL(base);
  const socket = connect(Number(port), "127.0.0.1");
  await once(socket, "connect");
  const chunks: Buffer[] = [];
  socket.on("data", (chunk: Buffer) => chunks.push(chunk));
  socket.write(bytes);
  await once(socket, "close");
  return Buffer.concat(chunks).toString("utf8");
}

describe("createA2ANodeHandler", () => {
  it("answers SendMessage with the completed task, its length and content type", async () => {
    const { base } = await start();
    const res = await fetch(`${base}/a2a`, {
      method: "POST",
      headers: H,
      body: rpc("SendMessage", message("hi"), 7),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/json");
    const text = await res.text();
    expect(res.headers.get("content-length")).toBe(String(Buffer.byteLength(text)));
    const body = JSON.parse(text);
    expect(body.id).toBe(7);
    expect(body.result.task.status.state).toBe("TASK_STATE_COMPLETED");
    expect(body.result.task.artifacts[0].parts[0].text).toBe("echo: hi");
  });

  it("works with the a2akit client: card, send, stream, get, list", async () => {
    const { base } = await start();
    const client = await A2AClient.fromUrl(base);
    const sent = await client.sendMessage("over the client");
    const task = "task" in sent ? sent.task : undefined;
    expect(task?.status.state).toBe("TASK_STATE_COMPLETED");
    const events = [];
    for await (const event of client.sendStreamingMessage("stream:3")) events.push(event);
    expect(events.filter((e) => e.artifactUpdate)).toHaveLength(3);
    expect(events.at(-1)?.statusUpdate?.status.state).toBe("TASK_STATE_COMPLETED");
    const taskId = task?.id ?? "";
    expect((await client.getTask(taskId)).id).toBe(taskId);
    const listed = await client.listTasks({});
    expect(listed.tasks.map((t) => t.id)).toContain(taskId);
  });

  it("answers bad calls with typed JSON-RPC errors and keeps serving", async () => {
    const { base } = await start();
    const post = (body: string, headers: Record<string, string> = H) =>
      fetch(`${base}/a2a`, { method: "POST", headers, body });

    const malformed = await post('{"jsonrpc":"2.0","id":1,"method":');
    expect(malformed.status).toBe(400);
    expect((await malformed.json()).error.code).toBe(-32700);

    const badType = await post(rpc("SendMessage", { message: { parts: "nope" } }));
    expect((await badType.json()).error.code).toBe(-32602);

    const unknown = await post(rpc("NoSuchMethod", {}, "x"));
    const unknownBody = await unknown.json();
    expect(unknownBody).toMatchObject({ id: "x", error: { code: -32601 } });

    const notJson = await post(rpc("SendMessage", message("a")), {
      ...H,
      "Content-Type": "text/plain",
    });
    expect(notJson.status).toBe(400);
    expect((await notJson.json()).error.message).toMatch(
      /Content-Type text\/plain is not supported/,
    );

    const get = await fetch(`${base}/a2a`, { headers: H });
    expect(get.status).toBe(405);
    expect(get.headers.get("allow")).toBe("POST");

    const invalidUtf8 = await fetch(`${base}/a2a`, {
      method: "POST",
      headers: H,
      body: Buffer.from([0x7b, 0xff, 0xfe, 0x7d]),
    });
    expect(invalidUtf8.status).toBe(400);
    expect((await invalidUtf8.json()).error.message).toMatch(/not valid UTF-8/);

    const fine = await post(rpc("SendMessage", message("still here")));
    expect((await fine.json()).result.task.status.state).toBe("TASK_STATE_COMPLETED");
  });

  it("refuses a body over the limit, declared or chunked, and closes that connection", async () => {
    const { base } = await start({ maxBodyBytes: 1_000 });
    const big = rpc("SendMessage", message("x".repeat(5_000)));
    const declared = await raw(
      base,
      `POST /a2a HTTP/1.1\r\nHost: a\r\nA2A-Version: 1.0\r\nContent-Type: application/json\r\nContent-Length: ${big.length}\r\n\r\n${big}`,
    );
    expect(declared).toMatch(/^HTTP\/1\.1 413 /);
    expect(declared.toLowerCase()).toContain("connection: close");

    const chunkedHead =
      "POST /a2a HTTP/1.1\r\nHost: a\r\nA2A-Version: 1.0\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n";
    const chunk = "y".repeat(600);
    const chunkedBody = `${chunk.length.toString(16)}\r\n${chunk}\r\n`.repeat(4);
    const chunked = await raw(base, chunkedHead + chunkedBody);
    expect(chunked).toMatch(/^HTTP\/1\.1 413 /);
    expect(chunked).toContain("exceeds the limit of 1000 bytes");

    const after = await fetch(`${base}/a2a`, {
      method: "POST",
      headers: H,
      body: rpc("SendMessage", message("small")),
    });
    expect(after.status).toBe(200);
  });

  it("streams SSE, and a client that leaves gives its stream back", async () => {
    const { base } = await start({ limiter: createLimiter({ maxConcurrentStreams: 1 }) });
    const open = (signal?: AbortSignal) =>
      fetch(`${base}/a2a`, {
        method: "POST",
        headers: H,
        body: rpc("SendStreamingMessage", message("wait")),
        ...(signal ? { signal } : {}),
      });
    const controller = new AbortController();
    const first = await open(controller.signal);
    expect(first.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const reader = (first.body as ReadableStream<Uint8Array>).getReader();
    let text = "";
    while (!text.includes("TASK_STATE_WORKING")) {
      const { value } = await reader.read();
      text += new TextDecoder().decode(value);
    }
    // The one stream slot is taken while the first client reads...
    const refused = await open();
    expect((await refused.json()).error.code).toBe(-32092);
    // ...and given back once it leaves: the server cancels the stream it was writing.
    controller.abort();
    await expect
      .poll(
        async () => {
          const next = await open();
          const streaming = next.headers.get("content-type")?.startsWith("text/event-stream");
          await next.body?.cancel();
          return streaming;
        },
        { timeout: 5_000 },
      )
      .toBe(true);
  });

  it("serves the card (GET and HEAD) and HTTP+JSON through web Request/Response", async () => {
    const { base } = await start();
    const got = await fetch(`${base}/.well-known/agent-card.json`);
    expect(got.status).toBe(200);
    const text = await got.text();
    expect(got.headers.get("content-length")).toBe(String(Buffer.byteLength(text)));
    expect(JSON.parse(text).name).toBe("Echo");
    const head = await fetch(`${base}/.well-known/agent-card.json`, { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe("");

    const sent = await fetch(`${base}/a2a/message:send`, {
      method: "POST",
      headers: H,
      body: JSON.stringify(message("rest")),
    });
    expect(sent.status).toBe(200);
    const { task } = await sent.json();
    expect(task.artifacts[0].parts[0].text).toBe("echo: rest");
    const again = await fetch(`${base}/a2a/tasks/${task.id}`, { headers: H });
    expect((await again.json()).id).toBe(task.id);
  });

  it("passes other paths to next with the body unread, or answers them 404", async () => {
    const { base } = await start({
      wrap: (node) => (req, res) =>
        node(req, res, () => {
          let body = "";
          req.setEncoding("utf8");
          req.on("data", (chunk: string) => {
            body += chunk;
          });
          req.on("end", () => res.end(`next got ${req.method} ${req.url}: ${body}`));
        }),
    });
    const other = await fetch(`${base}/hello`, { method: "POST", body: "untouched" });
    expect(await other.text()).toBe("next got POST /hello: untouched");
    const served = await fetch(`${base}/a2a`, {
      method: "POST",
      headers: H,
      body: rpc("SendMessage", message("through")),
    });
    expect((await served.json()).result.task.status.state).toBe("TASK_STATE_COMPLETED");

    const { base: alone } = await start();
    const missing = await fetch(`${alone}/hello`);
    expect(missing.status).toBe(404);
    expect((await missing.json()).error.message).toBe("No A2A route matches GET /hello");
  });

  it("routes on the whole path when a router mounted it under a prefix", async () => {
    const { base } = await start({
      // What Express does for app.use("/a2a", handler): the mount path leaves req.url.
      wrap: (node) => (req, res) => {
        const url = req.url ?? "/";
        Object.assign(req, { originalUrl: url, url: url.slice("/a2a".length) || "/" });
        node(req, res);
      },
    });
    const res = await fetch(`${base}/a2a`, {
      method: "POST",
      headers: H,
      body: rpc("SendMessage", message("mounted")),
    });
    expect((await res.json()).result.task.status.state).toBe("TASK_STATE_COMPLETED");
  });

  it("takes a body a parser in front already read", async () => {
    const { base } = await start({
      wrap: (node) => (req, res) => {
        let text = "";
        req.setEncoding("utf8");
        req.on("data", (chunk: string) => {
          text += chunk;
        });
        req.on("end", () => {
          (req as IncomingMessage & { body?: unknown }).body = JSON.parse(text);
          node(req, res);
        });
      },
    });
    const res = await fetch(`${base}/a2a`, {
      method: "POST",
      headers: H,
      body: rpc("SendMessage", message("parsed first")),
    });
    expect((await res.json()).result.task.artifacts[0].parts[0].text).toBe("echo: parsed first");
  });

  it("hands authenticate a Request with the headers and body, and the executor its headers", async () => {
    const bodies: string[] = [];
    const { base } = await start({
      authenticate: async (request) => {
        bodies.push(await request.text());
        const token = request.headers.get("authorization");
        if (token !== "Bearer good") {
          const { A2AError } = await import("@a2akit/types");
          throw new A2AError("UNAUTHENTICATED", "Missing or bad token", { httpStatus: 401 });
        }
        return { id: "alice", authenticated: true };
      },
    });
    const body = rpc("SendMessage", message("who am I"));
    const refused = await fetch(`${base}/a2a`, { method: "POST", headers: H, body });
    expect(refused.status).toBe(401);
    expect(refused.headers.get("www-authenticate")).toBeTruthy();
    const ok = await fetch(`${base}/a2a`, {
      method: "POST",
      headers: { ...H, Authorization: "Bearer good" },
      body,
    });
    expect((await ok.json()).result.task.status.state).toBe("TASK_STATE_COMPLETED");
    expect(bodies).toEqual([body, body]);
  });

  it("serves a v0.3 client (no A2A-Version) through the same listener", async () => {
    const { base } = await start();
    const res = await fetch(`${base}/a2a`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({
        jsonrpc: "2.0",
        id: 1,
        method: "message/send",
        params: {
          message: {
            kind: "message",
            messageId: "v03",
            role: "user",
            parts: [{ kind: "text", text: "old" }],
          },
        },
      }),
    });
    const body = await res.json();
    expect(body.result).toMatchObject({ kind: "task", status: { state: "completed" } });
  });

  it("echoes activated extensions in A2A-Extensions", async () => {
    const { base } = await start();
    const res = await fetch(`${base}/a2a`, {
      method: "POST",
      headers: { ...H, "A2A-Extensions": `${EXTENSION}, https://unknown.example/x` },
      body: rpc("SendMessage", message("ext")),
    });
    expect(res.headers.get("a2a-extensions")).toBe(EXTENSION);
  });

  it("builds a sane URL from a hostile Host header and an absolute-form target", async () => {
    const urls: string[] = [];
    const { base } = await start({
      authenticate: (request) => {
        urls.push(request.url);
        return { id: "", authenticated: false };
      },
    });
    const body = rpc("SendMessage", message("host"));
    const hostile = await raw(
      base,
      `POST /a2a HTTP/1.1\r\nHost: evil.example/x?\r\nA2A-Version: 1.0\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`,
    );
    expect(hostile).toMatch(/^HTTP\/1\.1 200 /);
    const absolute = await raw(
      base,
      `POST http://agent.example/a2a HTTP/1.1\r\nHost: agent.example\r\nA2A-Version: 1.0\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`,
    );
    expect(absolute).toMatch(/^HTTP\/1\.1 200 /);
    expect(urls).toEqual(["http://localhost/a2a", "http://agent.example/a2a"]);
  });

  it("answers 503 once closing", async () => {
    const running = await start();
    await running.node.close();
    const res = await fetch(`${running.base}/a2a`, {
      method: "POST",
      headers: H,
      body: rpc("SendMessage", message("late")),
    });
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe("1");
  });
});
