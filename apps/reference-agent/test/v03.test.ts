import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningAgent, startReferenceAgent } from "../src/server.js";

// A v0.3 client sends no A2A-Version header, reads the v0.3 fields of the card, and uses the
// URLs it finds there: each interface the card advertises for v0.3 must answer v0.3.
describe("reference agent to a v0.3 client", () => {
  let agent: RunningAgent;
  let card: {
    protocolVersion: string;
    url: string;
    preferredTransport: string;
    additionalInterfaces: { url: string; transport: string }[];
  };
  beforeAll(async () => {
    agent = await startReferenceAgent({ port: 0, host: "127.0.0.1" });
    card = await (await fetch(`${agent.url}/.well-known/agent-card.json`)).json();
  });
  afterAll(() => agent.close());

  const urlOf = (transport: string) =>
    card.additionalInterfaces.find((i) => i.transport === transport)?.url;

  it("advertises v0.3 JSON-RPC and HTTP+JSON", () => {
    expect(card.protocolVersion).toBe("0.3.0");
    expect(card.preferredTransport).toBe("JSONRPC");
    expect(card.additionalInterfaces.map((i) => i.transport).sort()).toEqual([
      "HTTP+JSON",
      "JSONRPC",
    ]);
  });

  it("answers v0.3 JSON-RPC at the card's url", async () => {
    const res = await fetch(card.url, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({
        jsonrpc: "2.0",
        id: 1,
        method: "message/send",
        params: {
          message: {
            kind: "message",
            role: "user",
            messageId: crypto.randomUUID(),
            parts: [{ kind: "text", text: "/convert 10 km to mi" }],
          },
        },
      }),
    });
    const { result } = await res.json();
    expect(result).toMatchObject({ kind: "task", status: { state: "completed" } });
  });

  it("answers v0.3 HTTP+JSON below the advertised HTTP+JSON url", async () => {
    const rest = urlOf("HTTP+JSON");
    expect(rest).toBeDefined();
    const sent = await fetch(`${rest}/v1/message:send`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({
        message: {
          messageId: crypto.randomUUID(),
          role: "ROLE_USER",
          content: [{ text: "/convert 10 km to mi" }],
        },
      }),
    });
    expect(sent.status).toBe(200);
    const { task } = await sent.json();
    expect(task.status.state).toBe("TASK_STATE_COMPLETED");
    const got = await (await fetch(`${rest}/v1/tasks/${task.id}`)).json();
    expect(got).toMatchObject({ id: task.id, status: { state: "TASK_STATE_COMPLETED" } });
  });
});
