import { createHash } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { A2AClient, applyEvent, artifactText } from "@a2akit/client";
import {
  base64ToBytes,
  filePart,
  InvalidParamsError,
  type StreamResponse,
  type Task,
  textOf,
} from "@a2akit/types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningAgent, startReferenceAgent } from "../src/server.js";

// Each skill, end to end over HTTP, through @a2akit/client as a program would use it.
let agent: RunningAgent;
let client: A2AClient;
let files: Server;
let filesUrl: string;
beforeAll(async () => {
  // A file server for inspect's URL allowlist: /ok/* answers, anything else is off the list.
  files = createServer((req, res) => {
    res.writeHead(200, { "content-type": "text/csv" }).end("a,b\n1,2\n");
    void req;
  });
  await new Promise<void>((resolve) => files.listen(0, "127.0.0.1", resolve));
  filesUrl = `http://127.0.0.1:${(files.address() as AddressInfo).port}`;
  agent = await startReferenceAgent({
    port: 0,
    host: "127.0.0.1",
    logLevel: "silent",
    inspectAllowlist: [`${filesUrl}/ok/`],
  });
  client = await A2AClient.fromUrl(agent.url);
});
afterAll(async () => {
  await agent.close();
  files.closeAllConnections();
  await new Promise<void>((resolve) => files.close(() => resolve()));
});

async function collect(events: AsyncIterable<StreamResponse>): Promise<StreamResponse[]> {
  const all: StreamResponse[] = [];
  for await (const e of events) all.push(e);
  return all;
}

function fold(events: StreamResponse[]): Task {
  let task: Task | undefined;
  for (const e of events) task = applyEvent(task, e);
  return task as Task;
}

describe("the reference agent through @a2akit/client", () => {
  it("uses the v1.0 JSON-RPC interface by default, HTTP+JSON on request", async () => {
    expect(client.protocolVersion).toBe("1.0");
    expect(client.agentInterface.protocolBinding).toBe("JSONRPC");
    const rest = await A2AClient.fromUrl(agent.url, { bindings: ["HTTP+JSON"] });
    expect(rest.agentInterface.protocolBinding).toBe("HTTP+JSON");
    const { task } = await rest.sendMessage("over rest");
    expect(artifactText(task as Task)).toMatch(/^You said: "over rest"\./);
  });

  it("chat: the reply arrives as appended chunks of one artifact", async () => {
    const events = await collect(client.sendStreamingMessage("hello"));
    const chunks = events.filter((e) => e.artifactUpdate).map((e) => e.artifactUpdate);
    expect(chunks.length).toBeGreaterThan(3);
    expect(new Set(chunks.map((c) => c?.artifact.artifactId)).size).toBe(1);
    const task = fold(events);
    expect(task.status.state).toBe("TASK_STATE_COMPLETED");
    expect(artifactText(task)).toBe(
      'You said: "hello". I am the a2akit reference agent, answering without a language model. ' +
        "Try /convert 10 km to mi, /report 5s, /inspect with a file, or /secure.",
    );
  });

  it("convert: a conversation answers the question the agent asks", async () => {
    const chat = client.conversation();
    const asked = (await chat.send("/convert 20")) as Task;
    expect(asked.status.state).toBe("TASK_STATE_INPUT_REQUIRED");
    expect(textOf(asked.status.message?.parts ?? [])).toContain("20 of what?");
    const again = (await chat.send("kg")) as Task;
    expect(again.id).toBe(asked.id);
    expect(textOf(again.status.message?.parts ?? [])).toContain("Convert 20 kg to what?");
    const done = (await chat.send("into lb")) as Task;
    expect(done.id).toBe(asked.id);
    expect(done.status.state).toBe("TASK_STATE_COMPLETED");
    expect(done.artifacts?.[0]?.parts[0]?.data).toEqual({
      value: 20,
      from: "kg",
      to: "lb",
      result: 44.0925,
      kind: "mass",
    });
    // The task is over: the next turn starts a new one in the same context.
    const next = (await chat.send("/convert 1 mi to km")) as Task;
    expect(next.id).not.toBe(asked.id);
    expect(next.contextId).toBe(asked.contextId);
    expect(artifactText(next)).toContain("1 mi = 1.6093 km");
  });

  it("convert: a data part in, a data part out; mismatched units are asked about", async () => {
    const { task } = await client.sendMessage({
      messageId: crypto.randomUUID(),
      role: "ROLE_USER",
      parts: [{ data: { value: 0, from: "C", to: "K" } }],
      metadata: { skill: "convert" },
    });
    expect(task?.artifacts?.[0]?.parts[0]).toMatchObject({ data: { result: 273.15 } });
    const odd = await client.sendMessage("/convert 5 kg to km");
    expect(odd.task?.status.state).toBe("TASK_STATE_INPUT_REQUIRED");
    expect(textOf(odd.task?.status.message?.parts ?? [])).toContain(
      "kg is a mass unit and km a length unit",
    );
  });

  it("report: progress updates, then report.csv and report.md", async () => {
    const events = await collect(client.sendStreamingMessage("/report 0.2s 4 steps"));
    const progress = events
      .filter((e) => e.statusUpdate?.status.state === "TASK_STATE_WORKING")
      .map((e) => textOf(e.statusUpdate?.status.message?.parts ?? []));
    expect(progress).toEqual([
      "Building a report: 4 steps over 0.2 s",
      "Step 1/4 done",
      "Step 2/4 done",
      "Step 3/4 done",
      "Step 4/4 done",
    ]);
    const task = fold(events);
    expect(task.status.state).toBe("TASK_STATE_COMPLETED");
    const [csv, md] = task.artifacts ?? [];
    expect(csv?.parts[0]).toMatchObject({ filename: "report.csv", mediaType: "text/csv" });
    expect(new TextDecoder().decode(base64ToBytes(csv?.parts[0]?.raw ?? ""))).toBe(
      "step,value\n1,1\n2,4\n3,9\n4,16\n",
    );
    expect(md?.parts[0]).toMatchObject({ filename: "report.md", mediaType: "text/markdown" });
  });

  it("report: cancel ends the job at once, with no files", async () => {
    const { task } = await client.sendMessage("/report 120s", { returnImmediately: true });
    const id = (task as Task).id;
    const stream = client.subscribeToTask(id)[Symbol.asyncIterator]();
    expect((await stream.next()).value?.task?.id).toBe(id);
    const canceled = await client.cancelTask(id);
    expect(canceled.status.state).toBe("TASK_STATE_CANCELED");
    // The subscription sees the cancel and ends.
    let last: StreamResponse | undefined;
    for (let r = await stream.next(); !r.done; r = await stream.next()) last = r.value;
    expect(last?.statusUpdate?.status.state ?? last?.task?.status.state).toBe(
      "TASK_STATE_CANCELED",
    );
    const after = await client.getTask(id);
    expect(after.status.state).toBe("TASK_STATE_CANCELED");
    expect(after.artifacts ?? []).toEqual([]);
  });

  it("report: out-of-range plans are refused before a task exists", async () => {
    await expect(client.sendMessage("/report 999s")).rejects.toBeInstanceOf(InvalidParamsError);
  });

  it("inspect: raw bytes and an allowlisted URL in one message", async () => {
    const bytes = new TextEncoder().encode("héllo wörld\nbye\n");
    const { task } = await client.sendMessage([
      filePart(bytes, { filename: "greeting.txt", mediaType: "text/plain" }),
      filePart(new URL(`${filesUrl}/ok/table.csv`)),
    ]);
    expect(task?.status.state).toBe("TASK_STATE_COMPLETED");
    const reports = (task?.artifacts?.[0]?.parts[0]?.data as { files: unknown[] } | undefined)
      ?.files;
    expect(reports).toEqual([
      {
        name: "greeting.txt",
        mediaType: "text/plain",
        size: bytes.byteLength,
        sha256: createHash("sha256").update(bytes).digest("hex"),
        lines: 2,
        words: 3,
      },
      {
        name: "table.csv",
        mediaType: "text/csv",
        size: 8,
        sha256: createHash("sha256").update("a,b\n1,2\n").digest("hex"),
        lines: 2,
        words: 2,
      },
    ]);
  });

  it("inspect: a URL off the allowlist rejects the task and says why", async () => {
    const { task } = await client.sendMessage([filePart(new URL(`${filesUrl}/secret/keys`))]);
    expect(task?.status.state).toBe("TASK_STATE_REJECTED");
    expect(textOf(task?.status.message?.parts ?? [])).toContain(
      "it is not under INSPECT_URL_ALLOWLIST",
    );
  });

  it("secure: auth-required until the follow-up carries the token", async () => {
    const chat = client.conversation();
    const asked = (await chat.send("/secure")) as Task;
    expect(asked.status.state).toBe("TASK_STATE_AUTH_REQUIRED");
    expect(textOf(asked.status.message?.parts ?? [])).toContain('{"token": "demo-token"}');
    const done = (await chat.send([{ data: { token: "demo-token" } }])) as Task;
    expect(done.id).toBe(asked.id);
    expect(done.status.state).toBe("TASK_STATE_COMPLETED");
    expect(artifactText(done)).toBe("Access granted: the vault holds 42 golden doubloons.");
  });

  it("lists the tasks of a context", async () => {
    const first = await client.sendMessage("one");
    const contextId = first.task?.contextId as string;
    await client.sendMessage("two", { contextId });
    const page = await client.listTasks({ contextId });
    expect(page.tasks.map((t) => t.contextId)).toEqual([contextId, contextId]);
  });
});
