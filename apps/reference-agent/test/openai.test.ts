import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { A2AClient, applyEvent, artifactText } from "@a2akit/client";
import { type StreamResponse, type Task, textOf } from "@a2akit/types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningAgent, startReferenceAgent } from "../src/server.js";
import { a2a, startA2a, until } from "./support/cli.js";

/** What the fake model saw of one request. */
interface SeenCompletion {
  path: string;
  authorization: string | undefined;
  body: { model: string; stream: boolean; messages: { role: string; content: string }[] };
}

// An OpenAI-compatible endpoint: `/v1/chat/completions` streams three deltas as SSE chunks,
// a role-only chunk and [DONE], the way such servers do; a user text of "fail" gets a 500.
let model: Server;
let modelUrl: string;
const seen: SeenCompletion[] = [];
let agent: RunningAgent;
let release: () => void = () => {};
const held = new Promise<void>((resolve) => {
  release = resolve;
});
const chunkOf = (delta: Record<string, string>) =>
  `data: ${JSON.stringify({ id: "c1", object: "chat.completion.chunk", choices: [{ index: 0, delta }] })}\n\n`;

beforeAll(async () => {
  model = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
      seen.push({ path: req.url ?? "", authorization: req.headers.authorization, body });
      if (body.messages.at(-1)?.content === "hold") {
        // Half an answer, then the rest once the test says so.
        res.writeHead(200, { "content-type": "text/event-stream" });
        res.write(chunkOf({ content: "first half, " }));
        void held.then(() => res.end(`${chunkOf({ content: "second half" })}data: [DONE]\n\n`));
        return;
      }
      if (body.messages.at(-1)?.content === "fail") {
        res.writeHead(500, { "content-type": "application/json" }).end('{"error":"boom"}');
        return;
      }
      res.writeHead(200, { "content-type": "text/event-stream" });
      const chunk = chunkOf;
      res.write(chunk({ role: "assistant" }));
      for (const piece of ["Bonjour", ", le ", "monde."]) res.write(chunk({ content: piece }));
      res.end("data: [DONE]\n\n");
    });
  });
  await new Promise<void>((resolve) => model.listen(0, "127.0.0.1", resolve));
  modelUrl = `http://127.0.0.1:${(model.address() as AddressInfo).port}/v1`;
  agent = await startReferenceAgent({
    port: 0,
    host: "127.0.0.1",
    logLevel: "silent",
    openai: { baseUrl: modelUrl, apiKey: "sk-test", model: "tiny-model" },
  });
});
afterAll(async () => {
  await agent.close();
  model.closeAllConnections();
  await new Promise<void>((resolve) => model.close(() => resolve()));
});

describe("chat with OPENAI_BASE_URL set", () => {
  it("streams the model's deltas as appended chunks of the reply", async () => {
    const client = await A2AClient.fromUrl(agent.url);
    const events: StreamResponse[] = [];
    for await (const e of client.sendStreamingMessage("Say hello in French")) events.push(e);
    const texts = events.flatMap((e) =>
      e.artifactUpdate ? [textOf(e.artifactUpdate.artifact.parts)] : [],
    );
    expect(texts).toEqual(["Bonjour", ", le ", "monde.", ""]);
    expect(events.filter((e) => e.artifactUpdate).at(-1)?.artifactUpdate?.lastChunk).toBe(true);
    let task: Task | undefined;
    for (const e of events) task = applyEvent(task, e);
    expect(task?.status.state).toBe("TASK_STATE_COMPLETED");
    expect(artifactText(task as Task)).toBe("Bonjour, le monde.");

    const request = seen.at(-1);
    expect(request?.path).toBe("/v1/chat/completions");
    expect(request?.authorization).toBe("Bearer sk-test");
    expect(request?.body.model).toBe("tiny-model");
    expect(request?.body.stream).toBe(true);
    expect(request?.body.messages[0]?.role).toBe("system");
    expect(request?.body.messages.slice(1)).toEqual([
      { role: "user", content: "Say hello in French" },
    ]);
  });

  it("prints the model's reply through a2a as it streams", async () => {
    const r = await a2a(["send", agent.url, "/chat hello", "--stream"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("--- reply ---\nBonjour, le monde.\n[completed]");
    expect(seen.at(-1)?.body.messages.at(-1)).toEqual({ role: "user", content: "hello" });
  });

  it("a2a prints each chunk when it arrives, not when the reply is done", async () => {
    const cli = startA2a(["send", agent.url, "hold", "--stream"]);
    await until(() => cli.output.stdout.includes("first half, "));
    expect(cli.output.stdout).not.toContain("second half");
    release();
    const r = await cli.done;
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("--- reply ---\nfirst half, second half\n[completed]");
  });

  it("fails the task with a readable message when the model endpoint fails", async () => {
    const r = await a2a(["send", agent.url, "fail"]);
    expect(r.code).toBe(4);
    expect(r.stdout).toContain(": failed\nThe language model endpoint answered HTTP 500.");
  });
});
