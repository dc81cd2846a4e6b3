import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningAgent, startReferenceAgent } from "../src/server.js";

const H = { "A2A-Version": "1.0", "Content-Type": "application/json" };
const message = (text: string) => ({
  message: { messageId: crypto.randomUUID(), role: "ROLE_USER", parts: [{ text }] },
});

// The chat reply streams as appended chunks of one artifact; a blocking send returns them joined.
const replyText = (task: { artifacts: { parts: { text?: string }[] }[] }) =>
  task.artifacts[0]?.parts.map((p) => p.text ?? "").join("");

describe("reference agent over HTTP", () => {
  let agent: RunningAgent;
  beforeAll(async () => {
    agent = await startReferenceAgent({ port: 0, host: "127.0.0.1" });
  });
  afterAll(() => agent.close());

  it("publishes a card pointing at itself", async () => {
    const card = await (await fetch(`${agent.url}/.well-known/agent-card.json`)).json();
    expect(card.name).toBe("a2akit reference agent");
    const interfaces = card.supportedInterfaces as {
      url: string;
      protocolBinding: string;
      protocolVersion: string;
    }[];
    expect(new Set(interfaces.map((i) => i.url))).toEqual(new Set([`${agent.url}/a2a`]));
    expect(interfaces.map((i) => `${i.protocolBinding} ${i.protocolVersion}`).sort()).toEqual([
      "HTTP+JSON 0.3",
      "HTTP+JSON 1.0",
      "JSONRPC 0.3",
      "JSONRPC 1.0",
    ]);
  });

  it("echoes over JSON-RPC and REST", async () => {
    const rpc = await fetch(`${agent.url}/a2a`, {
      method: "POST",
      headers: H,
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "SendMessage", params: message("hi") }),
    });
    const { result } = await rpc.json();
    expect(result.task.status.state).toBe("TASK_STATE_COMPLETED");
    expect(replyText(result.task)).toMatch(/^You said: "hi"\./);
    const rest = await fetch(`${agent.url}/a2a/message:send`, {
      method: "POST",
      headers: H,
      body: JSON.stringify(message("rest")),
    });
    expect(replyText((await rest.json()).task)).toMatch(/^You said: "rest"\./);
  });

  it("streams a task to completion", async () => {
    const res = await fetch(`${agent.url}/a2a/message:stream`, {
      method: "POST",
      headers: H,
      body: JSON.stringify(message("stream")),
    });
    expect(res.headers.get("content-type")).toBe("text/event-stream");
    const text = await res.text();
    const events = text
      .split("\n\n")
      .filter((b) => b.startsWith("data: "))
      .map((b) => JSON.parse(b.slice(6)));
    expect(Object.keys(events[0])).toEqual(["task"]);
    expect(events.at(-1).statusUpdate.status.state).toBe("TASK_STATE_COMPLETED");
  });
});
