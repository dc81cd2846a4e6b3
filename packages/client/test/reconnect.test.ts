import type { ServerResponse } from "node:http";
import { type StreamResponse, type Task, TaskNotFoundError } from "@a2akit/types";
import { afterEach, describe, expect, it } from "vitest";
import { A2AClient, applyEvent, artifactText, StreamInterruptedError } from "../src/index.js";
import {
  cardFor,
  cut,
  rpcResult,
  type SeenRequest,
  startServer,
  startSse,
  type TestServer,
  writeEvent,
} from "./support/http-server.js";

const T = "task-1";
const C = "ctx-1";
const fast = { baseDelayMs: 1, maxDelayMs: 2 };

/** "t3" → the third second of 2025, so each step has its own timestamp. */
const status = (state: string, ts: string) => ({
  state,
  timestamp: `2025-01-01T00:00:0${ts.slice(1)}.000Z`,
});
const snapshot = (state: string, ts: string, parts: string[]) => ({
  id: T,
  contextId: C,
  status: status(state, ts),
  ...(parts.length
    ? { artifacts: [{ artifactId: "a", parts: parts.map((text) => ({ text })) }] }
    : {}),
});
const statusEv = (state: string, ts: string) => ({
  statusUpdate: { taskId: T, contextId: C, status: status(state, ts) },
});
const chunk = (text: string, append: boolean) => ({
  artifactUpdate: {
    taskId: T,
    contextId: C,
    artifact: { artifactId: "a", parts: [{ text }] },
    append,
  },
});

type Script = (req: SeenRequest, res: ServerResponse, rpcId: unknown) => Promise<void>;

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A JSON-RPC agent whose stream answers follow `scripts`, one per streaming call. */
async function agent(scripts: Script[]): Promise<{ client: A2AClient; calls: string[] }> {
  const calls: string[] = [];
  let n = 0;
  server = await startServer(async (req, res) => {
    if (req.method === "GET") {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify(cardFor(`${server?.url}/rpc`)));
      return;
    }
    const body = req.json as { id: unknown; method: string };
    calls.push(body.method);
    if (body.method === "GetTask") {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(
        JSON.stringify(
          rpcResult(body.id, snapshot("TASK_STATE_COMPLETED", "t9", ["p1", "p2", "p3"])),
        ),
      );
      return;
    }
    const script = scripts[n++];
    if (!script) throw new Error("no script left");
    await script(req, res, body.id);
  });
  const client = await A2AClient.fromUrl(server.url, { reconnect: fast });
  return { client, calls };
}

async function collect(stream: AsyncIterable<StreamResponse>): Promise<StreamResponse[]> {
  const out: StreamResponse[] = [];
  for await (const e of stream) out.push(e);
  return out;
}

describe("resuming a cut stream", () => {
  it("resubscribes and delivers every event exactly once", async () => {
    const { client, calls } = await agent([
      async (_q, res, id) => {
        startSse(res);
        await writeEvent(res, rpcResult(id, { task: snapshot("TASK_STATE_SUBMITTED", "t0", []) }));
        await writeEvent(res, rpcResult(id, statusEv("TASK_STATE_WORKING", "t1")));
        await writeEvent(res, rpcResult(id, chunk("p1", false)));
        cut(res);
      },
      async (_q, res, id) => {
        startSse(res);
        // Nothing happened while away: this snapshot must be skipped.
        await writeEvent(
          res,
          rpcResult(id, { task: snapshot("TASK_STATE_WORKING", "t1", ["p1"]) }),
        );
        await writeEvent(res, rpcResult(id, chunk("p2", true)));
        cut(res);
      },
      async (_q, res, id) => {
        startSse(res);
        // While away the agent appended p3 and moved on: this snapshot is the catch-up.
        await writeEvent(
          res,
          rpcResult(id, { task: snapshot("TASK_STATE_WORKING", "t2", ["p1", "p2", "p3"]) }),
        );
        await writeEvent(res, rpcResult(id, statusEv("TASK_STATE_COMPLETED", "t3")));
        res.end();
      },
    ]);
    const events = await collect(client.sendStreamingMessage("go"));
    expect(calls).toEqual(["SendStreamingMessage", "SubscribeToTask", "SubscribeToTask"]);
    expect(events.map((e) => Object.keys(e)[0])).toEqual([
      "task",
      "statusUpdate",
      "artifactUpdate",
      "artifactUpdate",
      "task",
      "statusUpdate",
    ]);
    let view: Task | undefined;
    for (const e of events) view = applyEvent(view, e);
    expect(view?.status.state).toBe("TASK_STATE_COMPLETED");
    expect(artifactText(view as Task)).toBe("p1p2p3");
  });

  it("catches up from GetTask when the task ended while the client was away", async () => {
    const { client, calls } = await agent([
      async (_q, res, id) => {
        startSse(res);
        await writeEvent(res, rpcResult(id, { task: snapshot("TASK_STATE_WORKING", "t1", []) }));
        cut(res);
      },
      async (_q, res, id) => {
        res.writeHead(200, { "content-type": "application/json" });
        res.end(
          JSON.stringify({
            jsonrpc: "2.0",
            id,
            error: { code: -32004, message: "Task is in a terminal state" },
          }),
        );
      },
    ]);
    const events = await collect(client.sendStreamingMessage("go"));
    expect(calls).toEqual(["SendStreamingMessage", "SubscribeToTask", "GetTask"]);
    expect(events).toHaveLength(2);
    expect(events[1]?.task?.status.state).toBe("TASK_STATE_COMPLETED");
    expect(artifactText(events[1]?.task as Task)).toBe("p1p2p3");
  });

  it("gives up with StreamInterruptedError after the configured attempts", async () => {
    const cutAtOnce: Script = async (_q, res) => {
      startSse(res);
      cut(res);
    };
    const { client, calls } = await agent([
      async (_q, res, id) => {
        startSse(res);
        await writeEvent(res, rpcResult(id, { task: snapshot("TASK_STATE_WORKING", "t1", []) }));
        cut(res);
      },
      cutAtOnce,
      cutAtOnce,
      cutAtOnce,
    ]);
    const c = new A2AClient(client.card, { reconnect: { ...fast, maxAttempts: 3 } });
    const seen: StreamResponse[] = [];
    const error = await (async () => {
      try {
        for await (const e of c.sendStreamingMessage("go")) seen.push(e);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(StreamInterruptedError);
    expect((error as StreamInterruptedError).taskId).toBe(T);
    expect((error as StreamInterruptedError).lastTask?.status.state).toBe("TASK_STATE_WORKING");
    expect((error as Error).message).toContain("3 attempts");
    expect(seen).toHaveLength(1);
    expect(calls.filter((m) => m === "SubscribeToTask")).toHaveLength(3);
  });

  it("tells a cut stream from a finished one when reconnecting is off", async () => {
    const { client } = await agent([
      async (_q, res, id) => {
        startSse(res);
        await writeEvent(res, rpcResult(id, { task: snapshot("TASK_STATE_WORKING", "t1", []) }));
        res.end(); // closed cleanly, but the task is still WORKING
      },
    ]);
    const c = new A2AClient(client.card, { reconnect: false });
    await expect(collect(c.sendStreamingMessage("go"))).rejects.toBeInstanceOf(
      StreamInterruptedError,
    );
  });

  it("ends quietly when the task pauses for input", async () => {
    const { client, calls } = await agent([
      async (_q, res, id) => {
        startSse(res);
        await writeEvent(res, rpcResult(id, { task: snapshot("TASK_STATE_WORKING", "t1", []) }));
        await writeEvent(res, rpcResult(id, statusEv("TASK_STATE_INPUT_REQUIRED", "t2")));
        cut(res);
      },
    ]);
    const events = await collect(client.sendStreamingMessage("go"));
    expect(events).toHaveLength(2);
    expect(calls).toEqual(["SendStreamingMessage"]);
  });

  it("does not resume after an error the agent sent", async () => {
    const { client, calls } = await agent([
      async (_q, res, id) => {
        startSse(res);
        await writeEvent(res, rpcResult(id, { task: snapshot("TASK_STATE_WORKING", "t1", []) }));
        await writeEvent(
          res,
          { jsonrpc: "2.0", id, error: { code: -32001, message: "Task vanished" } },
          "error",
        );
        res.end();
      },
    ]);
    await expect(collect(client.sendStreamingMessage("go"))).rejects.toBeInstanceOf(
      TaskNotFoundError,
    );
    expect(calls).toEqual(["SendStreamingMessage"]);
  });
});

describe("resuming over HTTP+JSON", () => {
  it("resubscribes with POST /tasks/{id}:subscribe and delivers each event once", async () => {
    const paths: string[] = [];
    server = await startServer(async (req, res) => {
      paths.push(`${req.method} ${req.url}`);
      startSse(res);
      if (req.url.endsWith("/message:stream")) {
        await writeEvent(res, { task: snapshot("TASK_STATE_WORKING", "t1", []) });
        await writeEvent(res, chunk("p1", false));
        cut(res);
        return;
      }
      await writeEvent(res, { task: snapshot("TASK_STATE_WORKING", "t1", ["p1"]) });
      await writeEvent(res, chunk("p2", true));
      await writeEvent(res, statusEv("TASK_STATE_COMPLETED", "t2"));
      res.end();
    });
    const client = new A2AClient(cardFor(`${server.url}/a2a`, "HTTP+JSON"), { reconnect: fast });
    const events = await collect(client.sendStreamingMessage("go"));
    expect(paths).toEqual(["POST /a2a/message:stream", `POST /a2a/tasks/${T}:subscribe`]);
    expect(events.map((e) => Object.keys(e)[0])).toEqual([
      "task",
      "artifactUpdate",
      "artifactUpdate",
      "statusUpdate",
    ]);
    let view: Task | undefined;
    for (const e of events) view = applyEvent(view, e);
    expect(artifactText(view as Task)).toBe("p1p2");
  });
});
