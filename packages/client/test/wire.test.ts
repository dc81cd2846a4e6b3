import { InternalError } from "@a2akit/types";
import { afterEach, describe, expect, it } from "vitest";
import { A2AClient } from "../src/index.js";
import {
  cardFor,
  rpcResult,
  type SeenRequest,
  sendJson,
  startServer,
  type TestServer,
} from "./support/http-server.js";

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const task = {
  id: "t1",
  contextId: "c1",
  status: { state: "TASK_STATE_COMPLETED", timestamp: "2025-01-01T00:00:00.000Z" },
};

async function echoServer(binding: string, tenant?: string) {
  server = await startServer((q: SeenRequest, res) => {
    const headers = { "A2A-Extensions": "urn:ext:a" };
    if (binding === "JSONRPC") {
      const { id, method } = q.json as { id: number; method: string };
      const result =
        method === "SendMessage"
          ? { task }
          : method === "ListTasks"
            ? { tasks: [task], nextPageToken: "", pageSize: 50, totalSize: 1 }
            : task;
      sendJson(res, rpcResult(id, result), 200, headers);
      return;
    }
    if (q.url.includes("/message:send")) sendJson(res, { task }, 200, headers);
    else if (q.url.includes("/tasks?") || q.url.endsWith("/tasks"))
      sendJson(res, { tasks: [task], nextPageToken: "", pageSize: 50, totalSize: 1 }, 200, headers);
    else sendJson(res, task, 200, headers);
  });
  const iface = {
    url: `${server.url}/base`,
    protocolBinding: binding,
    protocolVersion: "1.0",
    ...(tenant ? { tenant } : {}),
  };
  return cardFor(iface.url, binding, { supportedInterfaces: [iface] });
}

describe("what goes over the wire", () => {
  it("JSON-RPC: version and extension headers, tenant in params, activated extensions", async () => {
    const card = await echoServer("JSONRPC", "acme");
    const client = new A2AClient(card, { extensions: ["urn:ext:a", "urn:ext:b"] });
    await client.sendMessage("hi", { extensions: ["urn:ext:c"] });
    const req = server?.requests[0] as SeenRequest;
    expect(req.method).toBe("POST");
    expect(req.url).toBe("/base");
    expect(req.headers["a2a-version"]).toBe("1.0");
    expect(req.headers["a2a-extensions"]).toBe("urn:ext:a, urn:ext:b, urn:ext:c");
    expect(req.headers["content-type"]).toBe("application/json");
    const body = req.json as { jsonrpc: string; method: string; params: Record<string, unknown> };
    expect(body.jsonrpc).toBe("2.0");
    expect(body.method).toBe("SendMessage");
    expect(body.params.tenant).toBe("acme");
    expect((body.params.message as { role: string }).role).toBe("ROLE_USER");
    expect(client.activatedExtensions).toEqual(["urn:ext:a"]);
    await client.getTask("t1", { tenant: "other" });
    expect(server?.requests[1]?.json).toMatchObject({
      params: { tenant: "other" },
    });
  });

  it("REST: tenant path prefix, query parameters, Accept and content types", async () => {
    const card = await echoServer("HTTP+JSON", "acme");
    const client = new A2AClient(card);
    await client.sendMessage("hi", { returnImmediately: true });
    await client.getTask("t 1", { historyLength: 2 });
    await client.listTasks({
      contextId: "c1",
      status: "TASK_STATE_WORKING",
      pageSize: 10,
      includeArtifacts: true,
    });
    await client.cancelTask("t1", { tenant: "beta" });
    const [send, get, list, cancel] = server?.requests ?? [];
    expect(send?.url).toBe("/base/acme/message:send");
    expect(send?.headers.accept).toBe("application/a2a+json, application/json");
    expect(send?.headers["content-type"]).toBe("application/a2a+json");
    expect(send?.json).toMatchObject({ configuration: { returnImmediately: true } });
    expect(get?.method).toBe("GET");
    expect(get?.url).toBe("/base/acme/tasks/t%201?historyLength=2");
    expect(list?.url).toBe(
      "/base/acme/tasks?contextId=c1&status=TASK_STATE_WORKING&pageSize=10&includeArtifacts=true",
    );
    expect(cancel?.url).toBe("/base/beta/tasks/t1:cancel");
  });

  it("runs interceptors around every request and uses the custom fetch", async () => {
    const card = await echoServer("JSONRPC");
    const statuses: number[] = [];
    let fetched = 0;
    const client = new A2AClient(card, {
      fetch: (input, init) => {
        fetched++;
        return fetch(input, init);
      },
      headers: { "x-app": "demo" },
      interceptors: [
        {
          request(r, info) {
            r.headers.set("traceparent", `00-${info.operation}`);
            return r;
          },
          response(r) {
            statuses.push(r.status);
          },
        },
      ],
    });
    await client.getTask("t1");
    const req = server?.requests[0] as SeenRequest;
    expect(req.headers.traceparent).toBe("00-GetTask");
    expect(req.headers["x-app"]).toBe("demo");
    expect(statuses).toEqual([200]);
    expect(fetched).toBe(1);
  });

  it("retries idempotent calls on 503, never SendMessage", async () => {
    let failNext = 1;
    server = await startServer((q, res) => {
      if (failNext-- > 0) {
        res.writeHead(503, { "retry-after": "0", "content-type": "text/plain" });
        res.end("overloaded");
        return;
      }
      sendJson(res, rpcResult((q.json as { id: number }).id, task));
    });
    const client = new A2AClient(cardFor(`${server.url}/rpc`));
    expect((await client.getTask("t1")).id).toBe("t1");
    expect(server.requests).toHaveLength(2);
    failNext = 1;
    const error = await client.sendMessage("hi").catch((e) => e);
    expect(error).toBeInstanceOf(InternalError);
    expect(error.message).toContain("HTTP 503");
    expect(server.requests).toHaveLength(3);
  });
});

describe("waitForTask", () => {
  const at = (state: string) => ({ ...task, status: { state } });

  it("polls GetTask when the agent cannot stream", async () => {
    const states = ["TASK_STATE_SUBMITTED", "TASK_STATE_WORKING", "TASK_STATE_COMPLETED"];
    server = await startServer((q, res) => {
      sendJson(res, rpcResult((q.json as { id: number }).id, at(states.shift() ?? "")));
    });
    const client = new A2AClient(
      cardFor(`${server.url}/rpc`, "JSONRPC", { capabilities: { streaming: false } }),
    );
    const done = await client.waitForTask("t1", { minPollMs: 1, maxPollMs: 2 });
    expect(done.status.state).toBe("TASK_STATE_COMPLETED");
    expect(server.requests.map((r) => (r.json as { method: string }).method)).toEqual([
      "GetTask",
      "GetTask",
      "GetTask",
    ]);
  });

  it("returns once a subscribed task waits for credentials, though the stream stays open", async () => {
    server = await startServer((q, res) => {
      const { id, method } = q.json as { id: number; method: string };
      if (method === "GetTask") {
        sendJson(res, rpcResult(id, at("TASK_STATE_AUTH_REQUIRED")));
        return;
      }
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.write(
        `data: ${JSON.stringify(rpcResult(id, { task: at("TASK_STATE_AUTH_REQUIRED") }))}\n\n`,
      );
      // Held open, as servers do for AUTH_REQUIRED.
    });
    const client = new A2AClient(cardFor(`${server.url}/rpc`));
    const done = await client.waitForTask("t1");
    expect(done.status.state).toBe("TASK_STATE_AUTH_REQUIRED");
  });
});
