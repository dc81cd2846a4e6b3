import type { StreamResponse } from "@a2akit/types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  BINDINGS,
  type ConformanceServer,
  expectError,
  kinds,
  SseStream,
  startConformanceServer,
  stateOf,
  until,
  userMessage,
} from "./support/conformance.js";

/**
 * CHECKLIST §4.6 (SSE framing and stream lifecycle) and the stream parts of §5.1/§5.4/§5.5, with
 * the real engine on both bindings: framing, event order, when the server closes, several
 * readers of one task, mid-stream subscribers, cancel during a stream, disconnects, 100 streams
 * at once, and empty stores once everything is over.
 */

let server: ConformanceServer;
let noStreaming: ConformanceServer;
beforeAll(async () => {
  server = await startConformanceServer();
  noStreaming = await startConformanceServer({
    card: { capabilities: { streaming: false, pushNotifications: true } },
  });
});
afterAll(async () => {
  await server.close();
  await noStreaming.close();
});

/** The text of an artifact update, if the event is one. */
const artifactText = (e: StreamResponse | undefined) => e?.artifactUpdate?.artifact.parts[0]?.text;

describe.each(BINDINGS)("§4.6 SSE over %s", (binding) => {
  const wire = () => server.wire(binding);
  let gates = 0;
  const gate = () => `${binding}-${++gates}`;

  it("frames every event as one `data:` line of JSON and nothing else", async () => {
    const s = await wire().open("SendStreamingMessage", userMessage("framing"));
    expect(s.response.status).toBe(200);
    expect(s.response.headers.get("content-type")).toBe("text/event-stream");
    expect(s.response.headers.get("cache-control")).toBe("no-cache");
    const events = await s.all();
    const blocks = s.raw.split("\n\n");
    expect(blocks.at(-1)).toBe("");
    const data = blocks.slice(0, -1).filter((b) => !b.startsWith(":"));
    expect(data).toHaveLength(events.length);
    for (const block of data) {
      expect(block.startsWith("data: ")).toBe(true);
      expect(block).not.toContain("\n");
      JSON.parse(block.slice(6));
    }
    if (binding === "JSONRPC") {
      for (const e of s.envelopes)
        expect(Object.keys(e).sort()).toEqual(["id", "jsonrpc", "result"]);
    } else {
      for (const e of events) expect(Object.keys(e)).toHaveLength(1);
    }
  });

  it("starts with the task snapshot, then the updates in order, and closes at the terminal state", async () => {
    const s = await wire().open("SendStreamingMessage", userMessage("order"));
    const events = await s.all();
    expect(kinds(events)).toEqual(["task", "statusUpdate", "artifactUpdate", "statusUpdate"]);
    const task = events[0]!.task!;
    expect(task.status.state).toBe("TASK_STATE_SUBMITTED");
    expect(events.slice(1).map(stateOf)).toEqual([
      "TASK_STATE_WORKING",
      undefined,
      "TASK_STATE_COMPLETED",
    ]);
    for (const e of events.slice(1)) {
      const update = e.statusUpdate ?? e.artifactUpdate;
      expect(update).toMatchObject({ taskId: task.id, contextId: task.contextId });
      expect(update).not.toHaveProperty("final");
    }
    expect(s.ended).toBe(true);
  });

  it("ignores returnImmediately: the stream still carries the whole task", async () => {
    const s = await wire().open(
      "SendStreamingMessage",
      userMessage("immediate", {}, { configuration: { returnImmediately: true } }),
    );
    expect(kinds(await s.all())).toEqual([
      "task",
      "statusUpdate",
      "artifactUpdate",
      "statusUpdate",
    ]);
  });

  it("answers a message reply with exactly one message event, then closes", async () => {
    const s = await wire().open("SendStreamingMessage", userMessage("reply"));
    const events = await s.all();
    expect(kinds(events)).toEqual(["message"]);
    expect(events[0]!.message!.role).toBe("ROLE_AGENT");
  });

  it("closes at INPUT_REQUIRED", async () => {
    const s = await wire().open("SendStreamingMessage", userMessage("ask"));
    const events = await s.all();
    expect(stateOf(events.at(-1))).toBe("TASK_STATE_INPUT_REQUIRED");
  });

  it("stays open through AUTH_REQUIRED and carries the task on to its end", async () => {
    const s = await wire().open("SendStreamingMessage", userMessage("auth"));
    const task = (await s.next())!.task!;
    const auth = await s.next();
    expect(stateOf(auth)).toBe("TASK_STATE_AUTH_REQUIRED");
    expect(auth!.statusUpdate!.status.message!.parts[0]!.text).toContain("Sign in");
    // The stream is still open: the next message's whole turn arrives on it.
    const answer = await wire().ok("SendMessage", userMessage("signed in", { taskId: task.id }));
    expect(answer.task.status.state).toBe("TASK_STATE_COMPLETED");
    const rest = await s.rest();
    expect(rest.map(stateOf)).toEqual(["TASK_STATE_WORKING", undefined, "TASK_STATE_COMPLETED"]);
    expect(artifactText(rest[1])).toBe("answer: signed in");
  });

  it("answers errors found before the first event as a plain error, not a stream", async () => {
    const missing = await wire().stream("SubscribeToTask", { id: "no-such-task" });
    expect(missing).not.toBeInstanceOf(SseStream);
    expectError(binding, missing as never, "TASK_NOT_FOUND");
    const { task } = await wire().ok("SendMessage", userMessage("done"));
    const terminal = await wire().stream("SubscribeToTask", { id: task.id });
    expectError(binding, terminal as never, "UNSUPPORTED_OPERATION");
    const invalid = await wire().stream("SendStreamingMessage", { message: { parts: [] } });
    expectError(binding, invalid as never, "INVALID_PARAMS");
  });

  it("refuses both streaming methods when the card does not declare streaming", async () => {
    const w = noStreaming.wire(binding);
    const { task } = await w.ok("SendMessage", userMessage("ask"));
    const send = await w.stream("SendStreamingMessage", userMessage("x"));
    expectError(binding, send as never, "UNSUPPORTED_OPERATION");
    const sub = await w.stream("SubscribeToTask", { id: task.id });
    expectError(binding, sub as never, "UNSUPPORTED_OPERATION");
  });

  it("gives a mid-stream subscriber the snapshot, then every later event exactly once, in order", async () => {
    const g = gate();
    const first = await wire().open("SendStreamingMessage", userMessage(`hold ${g}`));
    const seen: StreamResponse[] = [];
    for (let e = await first.next(); artifactText(e) !== "before"; e = await first.next()) {
      seen.push(e!);
    }
    const taskId = seen[0]!.task!.id;
    const late = await wire().open("SubscribeToTask", { id: taskId });
    const snapshot = (await late.next())!.task!;
    expect(snapshot.id).toBe(taskId);
    expect(snapshot.status.state).toBe("TASK_STATE_WORKING");
    expect(snapshot.artifacts!.map((a) => a.parts[0]!.text)).toEqual(["before"]);
    server.agent.release(g);
    const later = await late.rest();
    expect(later.map((e) => artifactText(e) ?? stateOf(e))).toEqual([
      "after 1",
      "after 2",
      "after 3",
      "TASK_STATE_COMPLETED",
    ]);
    // The first reader got the same events, in the same order, after its "before".
    const firstRest = await first.rest();
    expect(firstRest).toEqual(later);
  });

  it("serves several readers of one task the same events; one leaving cancels nothing", async () => {
    const g = gate();
    const origin = await wire().open("SendStreamingMessage", userMessage(`hold ${g}`));
    const taskId = (await origin.next())!.task!.id;
    const readers = await Promise.all(
      [1, 2, 3].map(() => wire().open("SubscribeToTask", { id: taskId })),
    );
    for (const r of readers) expect((await r.next())!.task!.id).toBe(taskId);
    // The original caller and one subscriber go away mid-task.
    origin.close();
    readers[0]!.close();
    server.agent.release(g);
    const [a, b] = await Promise.all([readers[1]!.rest(), readers[2]!.rest()]);
    expect(a).toEqual(b);
    expect(stateOf(a.at(-1))).toBe("TASK_STATE_COMPLETED");
    expect(a.filter((e) => artifactText(e)?.startsWith("after"))).toHaveLength(3);
    const done = await wire().ok("GetTask", { id: taskId });
    expect(done.status.state).toBe("TASK_STATE_COMPLETED");
    expect(done.artifacts.map((x: { parts: { text: string }[] }) => x.parts[0]!.text)).toEqual([
      "before",
      "after 1",
      "after 2",
      "after 3",
    ]);
  });

  it("keeps the task running when its only streaming client disconnects", async () => {
    const g = gate();
    const s = await wire().open("SendStreamingMessage", userMessage(`hold ${g}`));
    const taskId = (await s.next())!.task!.id;
    await until(() => server.agent.runningOn(taskId) === 1, "the agent is running");
    s.close();
    server.agent.release(g);
    let state = "";
    for (let i = 0; i < 10_000 && state !== "TASK_STATE_COMPLETED"; i++) {
      state = (await wire().ok("GetTask", { id: taskId })).status.state;
    }
    expect(state).toBe("TASK_STATE_COMPLETED");
  });

  it("cancel during a stream: the stream gets CANCELED and closes, the agent stops", async () => {
    const g = gate();
    const s = await wire().open("SendStreamingMessage", userMessage(`hold ${g}`));
    const taskId = (await s.next())!.task!.id;
    const sub = await wire().open("SubscribeToTask", { id: taskId });
    await sub.next();
    for (let e = await s.next(); artifactText(e) !== "before"; e = await s.next()) {
      // Up to the point where the agent waits.
    }
    const canceled = await wire().ok("CancelTask", { id: taskId, metadata: { why: "test" } });
    expect(canceled.status.state).toBe("TASK_STATE_CANCELED");
    expect((await s.rest()).map(stateOf)).toEqual(["TASK_STATE_CANCELED"]);
    expect(stateOf((await sub.rest()).at(-1))).toBe("TASK_STATE_CANCELED");
    await until(() => server.agent.runningOn(taskId) === 0, "the agent returned");
    const after = await wire().ok("GetTask", { id: taskId });
    expect(after.status.state).toBe("TASK_STATE_CANCELED");
    expect(after.artifacts).toHaveLength(1);
    // Idempotent: cancelling again answers the same canceled task.
    const again = await wire().ok("CancelTask", { id: taskId });
    expect(again.status).toEqual(after.status);
    server.agent.release(g);
  });

  it("serves 100 streams at once, each complete and in order", async () => {
    const streams = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        wire().open("SendStreamingMessage", userMessage(`p${i}`)),
      ),
    );
    const all = await Promise.all(streams.map((s) => s.all()));
    const ids = new Set<string>();
    for (const [i, events] of all.entries()) {
      expect(kinds(events)).toEqual(["task", "statusUpdate", "artifactUpdate", "statusUpdate"]);
      expect(artifactText(events[2])).toBe(`echo: p${i}`);
      ids.add(events[0]!.task!.id);
    }
    expect(ids.size).toBe(100);
  });
});

describe("memory after the streams are over", () => {
  it("leaves every memory store empty once the finished tasks pass their retention", async () => {
    const s = await startConformanceServer();
    try {
      for (const binding of BINDINGS) {
        const wire = s.wire(binding);
        // A finished stream, a dropped one, a canceled one, and one with a push config.
        await (await wire.open("SendStreamingMessage", userMessage("a"))).all();
        const dropped = await wire.open("SendStreamingMessage", userMessage(`hold ${binding}`));
        const dropId = (await dropped.next())!.task!.id;
        dropped.close();
        s.agent.release(binding);
        const held = await wire.open("SendStreamingMessage", userMessage(`hold never-${binding}`));
        const heldId = (await held.next())!.task!.id;
        await wire.ok("CancelTask", { id: heldId });
        await held.all();
        const { task } = await wire.ok("SendMessage", userMessage("ask"));
        await wire.ok("CreateTaskPushNotificationConfig", {
          taskId: task.id,
          url: "https://hooks.example/r",
        });
        await wire.ok("SendMessage", userMessage("answer", { taskId: task.id }));
        for (const id of [dropId, heldId]) {
          await until(() => s.agent.runningOn(id) === 0, "the agent returned");
        }
        let state = "";
        for (let i = 0; i < 10_000 && state !== "TASK_STATE_COMPLETED"; i++) {
          state = (await wire.ok("GetTask", { id: dropId })).status.state;
        }
      }
      expect(s.stores.taskStore.size).toBe(8);
      s.advance(60_001);
      expect(s.stores.sweep()).toBe(8);
      expect(s.stores.taskStore.size).toBe(0);
      expect(s.stores.pushConfigStore.size).toBe(0);
      expect(s.stores.queueStore.stats()).toEqual({ logs: 0, entries: 0 });
    } finally {
      await s.close();
    }
  });
});
