import { InvalidAgentResponseError } from "@a2akit/types";
import { afterEach, describe, expect, it } from "vitest";
import {
  A2AClient,
  type A2AClientOptions,
  RequestTimeoutError,
  StreamInterruptedError,
} from "../src/index.js";
import {
  cardFor,
  rpcResult,
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

const card = cardFor("http://127.0.0.1:9/rpc");

/** The error `run` throws (undefined when it does not). */
function thrown(run: () => unknown): Error | undefined {
  try {
    run();
    return undefined;
  } catch (error) {
    return error as Error;
  }
}

describe("client options are checked when the client is built", () => {
  const bad: [string, A2AClientOptions, RegExp][] = [
    ["a negative timeout", { timeout: -1 }, /\btimeout\b/],
    ["a NaN timeout", { timeout: Number.NaN }, /\btimeout\b/],
    ["a timeout given as text", { timeout: "5000" as never }, /\btimeout\b/],
    ["a zero maxEventBytes", { maxEventBytes: 0 }, /\bmaxEventBytes\b/],
    ["negative retries", { retry: { retries: -1 } }, /\bretry\.retries\b/],
    ["fractional retries", { retry: { retries: 1.5 } }, /\bretry\.retries\b/],
    ["a negative retry delay", { retry: { baseDelayMs: -5 } }, /\bretry\.baseDelayMs\b/],
    ["negative reconnect attempts", { reconnect: { maxAttempts: -1 } }, /reconnect\.maxAttempts/],
    [
      "an infinite reconnect delay",
      { reconnect: { maxDelayMs: Infinity } },
      /reconnect\.maxDelayMs/,
    ],
  ];

  it.each(bad)("refuses %s with an error naming the option", (_label, options, name) => {
    const error = thrown(() => new A2AClient(card, options));
    expect(error).toBeInstanceOf(error instanceof TypeError ? TypeError : RangeError);
    expect(error?.message).toMatch(name);
  });

  it("refuses a bad per-call timeout with an error naming it", async () => {
    const client = new A2AClient(card);
    await expect(client.getTask("t", { timeout: -1 })).rejects.toThrow(/\btimeout\b/);
  });
});

describe("timeouts longer than a timer can hold", () => {
  it("do not fire at once (30 days is more than 2^31 - 1 ms)", async () => {
    const task = { id: "t", contextId: "c", status: { state: "TASK_STATE_COMPLETED" } };
    server = await startServer(async (req, res) => {
      const body = req.json as { id: unknown; method: string };
      if (body.method !== "SubscribeToTask") return sendJson(res, rpcResult(body.id, task));
      startSse(res);
      await writeEvent(res, rpcResult(body.id, { task }));
      res.end();
    });
    const client = new A2AClient(cardFor(`${server.url}/rpc`), { timeout: 30 * 24 * 3600 * 1000 });
    expect((await client.getTask("t")).status.state).toBe("TASK_STATE_COMPLETED");
    const events = [];
    for await (const event of client.subscribeToTask("t")) {
      events.push(event);
    }
    expect(events[0]?.task?.id).toBe("t");
  });
});

describe("a stream that cannot be resumed", () => {
  it("says in lastTask how far the task had got", async () => {
    const error = new StreamInterruptedError("cut", "t", undefined, {
      id: "t",
      contextId: "c",
      status: { state: "TASK_STATE_WORKING" },
    });
    expect(error.lastTask?.status.state).toBe("TASK_STATE_WORKING");
  });
});

describe("a response interceptor that throws", () => {
  it("gets its error to the caller and the response body is cancelled, not left open", async () => {
    let cancelled = false;
    const body = new ReadableStream<Uint8Array>({
      cancel() {
        cancelled = true;
      },
    });
    const client = new A2AClient(card, {
      fetch: async () =>
        new Response(body, { status: 401, headers: { "Content-Type": "application/json" } }),
      interceptors: [
        {
          response(res) {
            if (res.status === 401) throw new Error("log in first");
          },
        },
      ],
    });
    await expect(client.getTask("t")).rejects.toThrow("log in first");
    expect(cancelled).toBe(true);
  });
});

describe("a token endpoint that never answers", () => {
  it("does not outlive the call's timeout", async () => {
    server = await startServer((q) => {
      if (q.url === "/token") return; // never answers
    });
    const base = cardFor(`${server.url}/rpc`);
    const secured = {
      ...base,
      securitySchemes: {
        oauth: {
          oauth2SecurityScheme: {
            flows: { clientCredentials: { tokenUrl: `${server.url}/token`, scopes: {} } },
          },
        },
      },
      securityRequirements: [{ schemes: { oauth: { list: [] } } }],
    };
    const client = new A2AClient(secured, {
      auth: { oauth2: { clientId: "app", clientSecret: "s" } },
      retry: false,
    });
    const error = await client.getTask("t", { timeout: 100 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RequestTimeoutError);
    const aborted = new AbortController();
    const pending = client.getTask("t", { signal: aborted.signal }).catch((e: unknown) => e);
    aborted.abort(new Error("stop"));
    expect(((await pending) as Error).message).toBe("stop");
  });
});

describe("listAllTasks against an agent that hands back the same page token", () => {
  it("stops with InvalidAgentResponseError instead of looping for ever", async () => {
    let calls = 0;
    server = await startServer((q, res) => {
      calls++;
      const body = q.json as { id: unknown };
      const task = { id: `t${calls}`, contextId: "c", status: { state: "TASK_STATE_COMPLETED" } };
      sendJson(
        res,
        rpcResult(body.id, { tasks: [task], nextPageToken: "same", pageSize: 1, totalSize: 9 }),
      );
    });
    const client = new A2AClient(cardFor(`${server.url}/rpc`));
    const seen: string[] = [];
    const error = await (async () => {
      for await (const task of client.listAllTasks({ pageSize: 1 })) {
        seen.push(task.id);
        if (seen.length > 10) return new Error("looped");
      }
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidAgentResponseError);
    expect((error as Error).message).toMatch(/page token/);
    expect(seen).toEqual(["t1", "t2"]);
  });
});

describe("A2AClient.fromUrl with a base URL that is not absolute", () => {
  it("throws a TypeError that names the URL and what is expected", async () => {
    const error = await A2AClient.fromUrl("agent.example.com").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toContain('"agent.example.com"');
    expect((error as Error).message).toMatch(/absolute URL/);
  });
});
