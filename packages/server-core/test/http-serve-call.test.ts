import type { AgentCard } from "@a2akit/types";
import { describe, expect, it } from "vitest";
import {
  type A2AEventStreamAnswer,
  type A2AHttpCall,
  type A2ATextAnswer,
  createA2AFetchHandler,
  createRequestHandler,
  defineAgent,
  payloadTooLarge,
  webCall,
} from "../src/index.js";
import { call as callContext, card as testCard } from "./support/fixtures.js";

/** The shared test card, named, and serving HTTP+JSON too. */
const card: AgentCard = {
  ...testCard(),
  name: "Echo",
  supportedInterfaces: [
    ...testCard().supportedInterfaces,
    { url: "http://localhost/a2a", protocolBinding: "HTTP+JSON", protocolVersion: "1.0" },
  ],
};

const fetchHandler = () =>
  createA2AFetchHandler({
    handler: createRequestHandler({
      agentCard: card,
      executor: defineAgent(async (ctx, task) => {
        await task.artifact({ parts: [{ text: `echo: ${ctx.userText}` }] });
      }),
    }),
  });

/**
 * A call as a server without web Requests would write one: headers in a plain record, the body
 * as a string. It counts how often a Request had to be built from it.
 */
class PlainCall implements A2AHttpCall {
  requestsBuilt = 0;
  constructor(
    readonly method: string,
    readonly url: string,
    private readonly fields: Record<string, string>,
    private readonly body = "",
  ) {}
  header(name: string): string | null {
    return this.fields[name] ?? null;
  }
  get headers(): Headers {
    return new Headers(this.fields);
  }
  get signal(): AbortSignal {
    return new AbortController().signal;
  }
  async text(limit: number): Promise<string> {
    if (Buffer.byteLength(this.body) > limit) throw payloadTooLarge(limit);
    return this.body;
  }
  toRequest(): Request {
    this.requestsBuilt++;
    const init: RequestInit = { method: this.method, headers: this.fields };
    if (this.method !== "GET" && this.method !== "HEAD") init.body = this.body;
    return new Request(this.url, init);
  }
}

const H = { "a2a-version": "1.0", "content-type": "application/json" };
const streamBody = (text: string) =>
  sendBody(text).replace('"SendMessage"', '"SendStreamingMessage"');
const sendBody = (text: string) =>
  JSON.stringify({
    jsonrpc: "2.0",
    id: 3,
    method: "SendMessage",
    params: { message: { messageId: "m", role: "ROLE_USER", parts: [{ text }] } },
  });

describe("A2AFetchHandler.serveCall", () => {
  it("answers a JSON-RPC call as text, from the call alone", async () => {
    const call = new PlainCall("POST", "http://localhost/a2a", H, sendBody("plain"));
    const answer = (await fetchHandler().serveCall(call)) as A2ATextAnswer;
    expect(answer).not.toBeInstanceOf(Response);
    expect(answer.status).toBe(200);
    expect(answer.headers).toEqual({ "content-type": "application/json" });
    const body = JSON.parse(answer.body);
    expect(body.id).toBe(3);
    expect(body.result.task.artifacts[0].parts[0].text).toBe("echo: plain");
    expect(call.requestsBuilt).toBe(0);
  });

  it("answers failures as text with the headers they need", async () => {
    const handler = fetchHandler();
    const get = (await handler.serveCall(
      new PlainCall("GET", "http://localhost/a2a", H),
    )) as A2ATextAnswer;
    expect(get.status).toBe(405);
    expect(get.headers).toEqual({ allow: "POST", "content-type": "application/json" });
    expect(JSON.parse(get.body).error.code).toBe(-32600);

    const small = createA2AFetchHandler({
      handler: createRequestHandler({ agentCard: card, executor: defineAgent(async () => {}) }),
      maxBodyBytes: 10,
    });
    const call = new PlainCall("POST", "http://localhost/a2a", H, sendBody("x"));
    const tooBig = (await small.serveCall(call)) as A2ATextAnswer;
    expect(tooBig.status).toBe(413);
  });

  it("leaves other paths alone without building a Request", async () => {
    const call = new PlainCall("POST", "http://localhost/elsewhere", H, "x");
    expect(await fetchHandler().serveCall(call)).toBeUndefined();
    expect(call.requestsBuilt).toBe(0);
  });

  it("serves the card and HTTP+JSON through the Request the call builds", async () => {
    const handler = fetchHandler();
    const cardCall = new PlainCall("GET", "http://localhost/.well-known/agent-card.json", H);
    const cardAnswer = await handler.serveCall(cardCall);
    expect(cardAnswer).toBeInstanceOf(Response);
    expect(((await (cardAnswer as Response).json()) as AgentCard).name).toBe("Echo");
    expect(cardCall.requestsBuilt).toBe(1);

    const rest = new PlainCall(
      "POST",
      "http://localhost/a2a/message:send",
      H,
      JSON.stringify({ message: { messageId: "r", role: "ROLE_USER", parts: [{ text: "rest" }] } }),
    );
    const restAnswer = (await handler.serveCall(rest)) as Response;
    expect((await restAnswer.json()).task.artifacts[0].parts[0].text).toBe("echo: rest");
  });

  it("streams as frames the server writes itself, at the pace its sink takes them", async () => {
    const call = new PlainCall("POST", "http://localhost/a2a", H, streamBody("s"));
    const answer = (await fetchHandler().serveCall(call)) as A2AEventStreamAnswer;
    expect(answer.status).toBe(200);
    expect(answer.headers["content-type"]).toBe("text/event-stream");
    const frames: string[] = [];
    let waits = 0;
    let ends = 0;
    await answer.pipe({
      // Full after every other frame: the stream must wait before writing the next.
      write: (frame) => frames.push(frame) % 2 === 1,
      drained: () => {
        waits++;
        return new Promise((resolve) => setImmediate(resolve));
      },
      end: () => ends++,
    });
    const results = frames.map((f) => JSON.parse(f.replace(/^data: /, "")).result);
    expect(results.map((r) => Object.keys(r)[0])).toEqual([
      "task",
      "artifactUpdate",
      "statusUpdate",
    ]);
    expect(results[2].statusUpdate.status.state).toBe("TASK_STATE_COMPLETED");
    expect(frames.every((f) => f.endsWith("\n\n"))).toBe(true);
    expect(waits).toBe(Math.floor(frames.length / 2));
    expect(ends).toBe(1);
    expect(call.requestsBuilt).toBe(0);
  });

  it("or as a web Response", async () => {
    const call = new PlainCall("POST", "http://localhost/a2a", H, streamBody("s"));
    const answer = (await fetchHandler().serveCall(call)) as A2AEventStreamAnswer;
    const response = answer.toResponse();
    expect(response.headers.get("content-type")).toBe("text/event-stream");
    expect(await response.text()).toContain("TASK_STATE_COMPLETED");
  });

  it("stops writing when the client leaves, and the task runs on", async () => {
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const handler = createRequestHandler({
      agentCard: card,
      executor: defineAgent(async (_ctx, task) => {
        await task.working();
        await held;
        await task.complete("done");
      }),
    });
    const call = new PlainCall("POST", "http://localhost/a2a", H, streamBody("s"));
    const answer = (await createA2AFetchHandler({ handler }).serveCall(
      call,
    )) as A2AEventStreamAnswer;
    const frames: string[] = [];
    const piped = answer.pipe({
      write: (frame) => {
        frames.push(frame);
        // The client leaves once it has the task and its first update.
        if (frames.length === 2) queueMicrotask(() => answer.cancel());
        return true;
      },
      drained: () => Promise.resolve(),
      end: () => undefined,
    });
    await piped;
    expect(frames).toHaveLength(2);
    const taskId = JSON.parse(frames[0]?.replace(/^data: /, "") ?? "").result.task.id;
    release();
    await expect
      .poll(async () => (await handler.getTask({ id: taskId }, callContext())).status.state)
      .toBe("TASK_STATE_COMPLETED");
  });

  it("webCall reads a web Request as a call", async () => {
    const request = new Request("http://localhost/a2a", {
      method: "POST",
      headers: H,
      body: sendBody("web"),
    });
    const call = webCall(request);
    expect(call.header("a2a-version")).toBe("1.0");
    expect(call.toRequest()).toBe(request);
    const answer = (await fetchHandler().serveCall(call)) as A2ATextAnswer;
    expect(JSON.parse(answer.body).result.task.status.state).toBe("TASK_STATE_COMPLETED");
  });
});
