import { afterEach, describe, expect, it } from "vitest";
import { A2AClient, ResponseTooLargeError } from "../src/index.js";
import {
  cardFor,
  rpcResult,
  sendJson,
  startServer,
  type TestServer,
} from "./support/http-server.js";

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** An agent whose GetTask answer carries `bytes` bytes of text. */
async function agentSending(bytes: number, binding: "JSONRPC" | "HTTP+JSON" = "JSONRPC") {
  server = await startServer(async (q, res) => {
    const text = "x".repeat(bytes);
    const task = {
      id: "t",
      contextId: "c",
      status: { state: "TASK_STATE_COMPLETED" },
      artifacts: [{ artifactId: "a", parts: [{ text }] }],
    };
    const body =
      binding === "JSONRPC" ? rpcResult((q.json as { id: unknown } | undefined)?.id, task) : task;
    sendJson(res, body);
  });
  return { card: cardFor(`${server.url}/rpc`, binding) };
}

describe("answers larger than maxResponseBytes", () => {
  it("are refused with ResponseTooLargeError over JSON-RPC", async () => {
    const { card } = await agentSending(64 * 1024);
    const client = new A2AClient(card, { maxResponseBytes: 16 * 1024 });
    const error = await client.getTask("t").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResponseTooLargeError);
    expect((error as ResponseTooLargeError).maxBytes).toBe(16 * 1024);
    expect((error as ResponseTooLargeError).code).toBe("INVALID_AGENT_RESPONSE");
  });

  it("are refused over HTTP+JSON too", async () => {
    const { card } = await agentSending(64 * 1024, "HTTP+JSON");
    const client = new A2AClient(card, { maxResponseBytes: 16 * 1024 });
    await expect(client.getTask("t")).rejects.toBeInstanceOf(ResponseTooLargeError);
  });

  it("are refused while reading when no Content-Length announces them", async () => {
    server = await startServer((_q, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      // Chunked: the size shows only as the bytes arrive.
      for (let i = 0; i < 64; i++) res.write("x".repeat(1024));
      res.end();
    });
    const client = new A2AClient(cardFor(`${server.url}/rpc`), { maxResponseBytes: 16 * 1024 });
    await expect(client.getTask("t")).rejects.toBeInstanceOf(ResponseTooLargeError);
  });

  it("leave answers within the limit alone", async () => {
    const { card } = await agentSending(8 * 1024);
    const client = new A2AClient(card, { maxResponseBytes: 16 * 1024 });
    const task = await client.getTask("t");
    expect(task.artifacts?.[0]?.parts[0]?.text).toHaveLength(8 * 1024);
  });

  it("refuse a zero or non-numeric limit when the client is built", () => {
    expect(() => new A2AClient(cardFor("http://127.0.0.1:9/rpc"), { maxResponseBytes: 0 })).toThrow(
      /maxResponseBytes/,
    );
  });
});
