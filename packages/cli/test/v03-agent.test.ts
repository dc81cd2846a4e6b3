import { A2AClient } from "@a2akit/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EXIT, run } from "../src/index.js";
import { recordingIo } from "./support/io.js";
import { a2a } from "./support/spawn.js";
import { startV03Agent, type V03Agent } from "./support/v03-agent.js";

let agent: V03Agent;
beforeAll(async () => {
  agent = await startV03Agent();
});
afterAll(() => agent.close());

describe("a2a against an agent that speaks only v0.3 (@a2a-js/sdk 0.3.14)", () => {
  it("shows the card and the v0.3 interface it uses", async () => {
    const r = await a2a(["card", agent.baseUrl]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("v0.3 agent 0.3.14");
    expect(r.stdout).toContain(`JSONRPC 0.3 ${agent.baseUrl}/rpc`);
    expect(r.stdout).toContain("(using JSONRPC 0.3)");
    expect(r.stdout).toContain("echo: Echo");
  });

  it("sends and streams a message", async () => {
    const sent = await a2a(["send", agent.baseUrl, "ping"]);
    expect(sent.code).toBe(0);
    expect(sent.stdout).toMatch(
      /^task \S+ \(context \S+\): completed\n--- reply ---\necho: ping\n$/,
    );

    const streamed = await a2a(["send", agent.baseUrl, "pong", "--stream"]);
    expect(streamed.code).toBe(0);
    expect(streamed.stdout.split("\n")).toEqual([
      expect.stringMatching(/^task \S+ \(context \S+\): submitted$/),
      "[working]",
      "--- reply ---",
      "echo: pong",
      "[completed]",
      "",
    ]);
  });

  it("prints v1.0 JSON with --json, whatever the agent speaks", async () => {
    const r = await a2a(["send", agent.baseUrl, "ping", "--json"]);
    const { task } = JSON.parse(r.stdout);
    expect(task.status.state).toBe("TASK_STATE_COMPLETED");
    expect(task.artifacts[0].parts[0]).toEqual({ text: "echo: ping" });
  });

  it("follows input-required in a chat", async () => {
    const r = await a2a(["chat", agent.baseUrl], "name?\nAda\n");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("What is your name?");
    expect(r.stdout).toMatch(/\(input-required: your next line continues task \S+\)/);
    expect(r.stdout).toContain("Hello, Ada!");
  });

  it("gets, subscribes to and cancels a task", async () => {
    const client = await A2AClient.fromUrl(agent.baseUrl);
    const { task } = await client.sendMessage("wait", { returnImmediately: true });
    const id = task?.id as string;
    const got = await a2a(["tasks", "get", agent.baseUrl, id, "--json"]);
    expect(JSON.parse(got.stdout).id).toBe(id);

    // The subscription ends when the task does: cancel it once the stream has started.
    const io = recordingIo();
    const subscribed = run(["tasks", "subscribe", agent.baseUrl, id], io);
    while (!io.stdout.includes(id)) await new Promise((r) => setTimeout(r, 10));
    const canceled = await a2a(["tasks", "cancel", agent.baseUrl, id]);
    expect(canceled.code).toBe(0);
    expect(canceled.stdout).toContain(`task ${id}`);
    expect(canceled.stdout).toContain("canceled");
    expect(await subscribed).toBe(EXIT.TASK_UNSUCCESSFUL);
    expect(io.stdout).toContain("[canceled]");
  });

  it("manages push notification configs", async () => {
    const client = await A2AClient.fromUrl(agent.baseUrl);
    const { task } = await client.sendMessage("ping");
    const id = task?.id as string;
    const hook = "https://hooks.example.com/a2a";
    const created = await a2a(["push", "create", agent.baseUrl, id, hook, "--id", "c1"]);
    expect(created.code).toBe(0);
    expect(created.stdout).toBe(`c1  ${hook}\n`);
    const listed = await a2a(["push", "list", agent.baseUrl, id]);
    expect(listed.stdout).toBe(`c1  ${hook}\n`);
    const got = await a2a(["push", "get", agent.baseUrl, id, "c1", "--json"]);
    expect(JSON.parse(got.stdout)).toMatchObject({ id: "c1", url: hook, taskId: id });
    const deleted = await a2a(["push", "delete", agent.baseUrl, id, "c1"]);
    expect(deleted.stdout).toBe("deleted c1\n");
    expect((await a2a(["push", "list", agent.baseUrl, id])).stdout).toBe("");
  });

  it("names what v0.3 cannot do, and unknown tasks, with exit 1", async () => {
    const list = await a2a(["tasks", "list", agent.baseUrl]);
    expect(list.code).toBe(EXIT.REMOTE_ERROR);
    expect(list.stderr).toMatch(/^a2a: UNSUPPORTED_OPERATION: .*ListTasks/);
    const missing = await a2a(["tasks", "get", agent.baseUrl, "no-such-task", "--json"]);
    expect(missing.code).toBe(EXIT.REMOTE_ERROR);
    expect(JSON.parse(missing.stderr).error).toMatchObject({ code: "TASK_NOT_FOUND" });
  });
});
