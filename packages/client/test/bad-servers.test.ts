import type { ServerResponse } from "node:http";
import {
  InternalError,
  InvalidAgentResponseError,
  TaskNotFoundError,
  UnauthenticatedError,
} from "@a2akit/types";
import { afterEach, describe, expect, it } from "vitest";
import {
  A2AClient,
  InvalidAgentCardError,
  NetworkError,
  RequestTimeoutError,
  SseEventTooLargeError,
} from "../src/index.js";
import {
  cardFor,
  rpcResult,
  type SeenRequest,
  sendJson,
  startServer,
  startSse,
  type TestServer,
  writeEvent,
} from "./support/http-server.js";

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function serve(
  binding: string,
  handler: (req: SeenRequest, res: ServerResponse) => void | Promise<void>,
): Promise<A2AClient> {
  server = await startServer(handler);
  return new A2AClient(cardFor(`${server.url}/a2a`, binding), { retry: false });
}

const task = { id: "t1", contextId: "c1", status: { state: "TASK_STATE_WORKING" } };

describe("a misbehaving agent gives typed, readable errors", () => {
  it("malformed JSON in a JSON-RPC answer", async () => {
    const client = await serve("JSONRPC", (_q, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end('{"jsonrpc":"2.0","id":1,"result":{');
    });
    const error = await client.getTask("t1").catch((e) => e);
    expect(error).toBeInstanceOf(InvalidAgentResponseError);
    expect(error.message).toContain("invalid JSON");
    expect(error.message).toContain("GetTask");
  });

  it("malformed JSON in a REST answer", async () => {
    const client = await serve("HTTP+JSON", (_q, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end("not json at all");
    });
    const error = await client.sendMessage("hi").catch((e) => e);
    expect(error).toBeInstanceOf(InvalidAgentResponseError);
    expect(error.message).toContain("not json at all");
  });

  it("a well-formed answer of the wrong shape names the bad fields", async () => {
    const client = await serve("JSONRPC", (q, res) => {
      sendJson(res, rpcResult((q.json as { id: number }).id, { id: "t1", status: {} }));
    });
    const error = await client.getTask("t1").catch((e) => e);
    expect(error).toBeInstanceOf(InvalidAgentResponseError);
    expect(error.message).toContain("status.state");
  });

  it("a 500 with an HTML body, over JSON-RPC and REST", async () => {
    for (const binding of ["JSONRPC", "HTTP+JSON"]) {
      const client = await serve(binding, (_q, res) => {
        res.writeHead(500, { "content-type": "text/html" });
        res.end("<html><body><h1>Internal Server Error</h1><p>upstream died</p></body></html>");
      });
      const error = await client.sendMessage("hi").catch((e) => e);
      expect(error).toBeInstanceOf(InternalError);
      expect(error.message).toContain("HTTP 500");
      expect(error.message).toContain("upstream died");
      expect(error.message).not.toContain("<h1>");
      await server?.close();
    }
  });

  it("a REST error body becomes the matching typed error", async () => {
    const client = await serve("HTTP+JSON", (_q, res) => {
      sendJson(
        res,
        {
          error: {
            code: 404,
            status: "NOT_FOUND",
            message: "Task t9 not found",
            details: [
              {
                "@type": "type.googleapis.com/google.rpc.ErrorInfo",
                reason: "TASK_NOT_FOUND",
                domain: "a2a-protocol.org",
                metadata: { taskId: "t9" },
              },
            ],
          },
        },
        404,
      );
    });
    const error = await client.getTask("t9").catch((e) => e);
    expect(error).toBeInstanceOf(TaskNotFoundError);
    expect(error.metadata.taskId).toBe("t9");
  });

  it("a 401 without a body becomes UnauthenticatedError", async () => {
    const client = await serve("HTTP+JSON", (_q, res) => {
      res.writeHead(401, { "www-authenticate": "Bearer" });
      res.end();
    });
    await expect(client.getTask("t1")).rejects.toBeInstanceOf(UnauthenticatedError);
  });

  it("an SSE event over the size cap closes the stream", async () => {
    server = await startServer(async (q, res) => {
      startSse(res);
      const id = (q.json as { id: number }).id;
      await writeEvent(res, rpcResult(id, { task }));
      await writeEvent(
        res,
        rpcResult(id, { task: { ...task, metadata: { pad: "x".repeat(4096) } } }),
      );
      // Never ends on its own: only the cap can stop the client.
    });
    const client = new A2AClient(cardFor(`${server.url}/a2a`), { maxEventBytes: 1024 });
    const seen: unknown[] = [];
    const error = await (async () => {
      try {
        for await (const e of client.sendStreamingMessage("hi")) seen.push(e);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(SseEventTooLargeError);
    expect((error as Error).message).toContain("1024");
    expect(seen).toHaveLength(1);
  });

  it("a card that fails validation names the fields", async () => {
    server = await startServer((_q, res) => {
      sendJson(res, { description: "no name", supportedInterfaces: [{ url: "x" }] });
    });
    const error = await A2AClient.fromUrl(server.url).catch((e) => e);
    expect(error).toBeInstanceOf(InvalidAgentCardError);
    expect(error.message).toContain("name: is required");
    expect(error.message).toContain("supportedInterfaces[0].protocolBinding");
    expect(error.issues.length).toBeGreaterThan(2);
  });

  it("a card that is not JSON", async () => {
    server = await startServer((_q, res) => {
      res.writeHead(200, { "content-type": "text/html" });
      res.end("<html>hello</html>");
    });
    const error = await A2AClient.fromUrl(server.url).catch((e) => e);
    expect(error).toBeInstanceOf(InvalidAgentResponseError);
    expect(error.message).toContain("invalid JSON");
  });

  it("an agent that never answers hits the per-call timeout", async () => {
    const client = await serve("JSONRPC", () => {
      // Never responds.
    });
    const error = await client.getTask("t1", { timeout: 150 }).catch((e) => e);
    expect(error).toBeInstanceOf(RequestTimeoutError);
    expect(error.message).toContain("GetTask timed out");
  });

  it("a stream that never starts hits the timeout too", async () => {
    const client = await serve("HTTP+JSON", () => {});
    const error = await (async () => {
      try {
        for await (const _e of client.sendStreamingMessage("hi", { timeout: 150 })) {
          // unreachable
        }
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(RequestTimeoutError);
  });

  it("the caller's abort wins over everything, with the caller's reason", async () => {
    const client = await serve("JSONRPC", () => {});
    const controller = new AbortController();
    const pending = client.getTask("t1", { signal: controller.signal, timeout: 60_000 });
    controller.abort(new Error("user gave up"));
    await expect(pending).rejects.toThrow("user gave up");
  });

  it("an unreachable agent is a NetworkError", async () => {
    server = await startServer(() => {});
    const url = server.url;
    await server.close();
    server = undefined;
    const client = new A2AClient(cardFor(`${url}/a2a`), { retry: false });
    const error = await client.getTask("t1").catch((e) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect(error.message).toContain("GetTask failed");
  });

  it("a JSON-RPC answer that is not an envelope", async () => {
    const client = await serve("JSONRPC", (_q, res) => sendJson(res, { hello: "world" }));
    const error = await client.getTask("t1").catch((e) => e);
    expect(error).toBeInstanceOf(InvalidAgentResponseError);
    expect(error.message).toContain("JSON-RPC 2.0");
  });

  it("a REST stream that ends with an error event", async () => {
    const client = await serve("HTTP+JSON", async (_q, res) => {
      startSse(res);
      await writeEvent(res, { task });
      await writeEvent(
        res,
        { error: { code: 500, status: "INTERNAL", message: "executor crashed" } },
        "error",
      );
      res.end();
    });
    const seen: unknown[] = [];
    const error = await (async () => {
      try {
        for await (const e of client.sendStreamingMessage("hi")) seen.push(e);
      } catch (e) {
        return e;
      }
    })();
    expect(seen).toHaveLength(1);
    expect(error).toBeInstanceOf(InternalError);
    expect((error as Error).message).toBe("executor crashed");
  });
});

describe("closing streams", () => {
  async function holdingServer() {
    let closed: () => void = () => {};
    const connectionClosed = new Promise<void>((resolve) => {
      closed = resolve;
    });
    const client = await serve("HTTP+JSON", async (_q, res) => {
      res.on("close", () => closed());
      startSse(res);
      await writeEvent(res, { task });
      await writeEvent(res, {
        statusUpdate: { taskId: "t1", contextId: "c1", status: task.status },
      });
      // Then holds the stream open, as a long task would.
    });
    return { client, connectionClosed };
  }

  it("closes the connection when the consumer breaks out of the loop", async () => {
    const { client, connectionClosed } = await holdingServer();
    let n = 0;
    for await (const _e of client.sendStreamingMessage("hi")) {
      n++;
      break;
    }
    await connectionClosed;
    expect(n).toBe(1);
  });

  it("ends with the caller's abort reason and closes the connection", async () => {
    const { client, connectionClosed } = await holdingServer();
    const controller = new AbortController();
    const seen: unknown[] = [];
    const error = await (async () => {
      try {
        for await (const e of client.sendStreamingMessage("hi", { signal: controller.signal })) {
          seen.push(e);
          if (seen.length === 2) controller.abort(new Error("leaving the page"));
        }
      } catch (e) {
        return e;
      }
    })();
    await connectionClosed;
    expect(seen).toHaveLength(2);
    expect((error as Error).message).toBe("leaving the page");
  });
});
