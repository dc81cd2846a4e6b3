import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPushDeliveries } from "../src/index.js";
import { startWebhook } from "./push-helpers.js";
import {
  BINDINGS,
  type ConformanceServer,
  expectError,
  startConformanceServer,
  until,
  userMessage,
  type Wire,
} from "./support/conformance.js";

/**
 * CHECKLIST §5: what each operation does, with the real engine on both bindings over a real
 * socket: blocking and returnImmediately, continuing tasks, historyLength, cancel, ListTasks
 * filters and paging, and the capability checks. Also the rules for a message that arrives while
 * the agent still works on the task, and for a resent messageId (see the README).
 */

let server: ConformanceServer;
let bare: ConformanceServer;
let webhook: Awaited<ReturnType<typeof startWebhook>>;

beforeAll(async () => {
  webhook = await startWebhook();
  server = await startConformanceServer({
    handler: {
      pushDeliveries: createPushDeliveries({
        urlPolicy: { allowHosts: [`127.0.0.1:${webhook.port}`] },
        retry: { backoff: () => 0 },
      }),
    },
  });
  bare = await startConformanceServer({ card: { capabilities: {} } });
});
afterAll(async () => {
  await server.close();
  await bare.close();
  await webhook.close();
});

/** Polls GetTask (no clock) until the task is in `state`. */
// biome-ignore lint/suspicious/noExplicitAny: wire JSON.
async function waitFor(wire: Wire, id: string, state: string): Promise<any> {
  // biome-ignore lint/suspicious/noExplicitAny: wire JSON.
  let task: any;
  for (let i = 0; i < 10_000; i++) {
    task = await wire.ok("GetTask", { id });
    if (task.status.state === state) return task;
    await new Promise((r) => setImmediate(r));
  }
  expect(task.status.state).toBe(state);
}

const texts = (task: { history?: { parts: { text?: string }[] }[] }) =>
  (task.history ?? []).map((m) => m.parts[0]?.text);

describe.each(BINDINGS)("§5.1 SendMessage over %s", (binding) => {
  const wire = () => server.wire(binding);
  let gates = 0;
  const gate = () => `sem-${binding}-${++gates}`;

  it("blocks by default until the task is terminal, with every artifact", async () => {
    // The gate is open before the agent reaches it, so the run goes straight through.
    const g = gate();
    server.agent.release(g);
    const { task } = await wire().ok("SendMessage", userMessage(`hold ${g}`));
    expect(task.status.state).toBe("TASK_STATE_COMPLETED");
    expect(task.artifacts.map((a: { parts: { text: string }[] }) => a.parts[0]!.text)).toEqual([
      "before",
      "after 1",
      "after 2",
      "after 3",
    ]);
  });

  it("blocks until an interrupted state: INPUT_REQUIRED and AUTH_REQUIRED", async () => {
    for (const [text, state] of [
      ["ask", "TASK_STATE_INPUT_REQUIRED"],
      ["auth", "TASK_STATE_AUTH_REQUIRED"],
    ]) {
      const { task } = await wire().ok("SendMessage", userMessage(text!));
      expect(task.status.state).toBe(state);
      expect(task.status.message.role).toBe("ROLE_AGENT");
    }
  });

  it("returns at once with returnImmediately and keeps working", async () => {
    const g = gate();
    const { task } = await wire().ok(
      "SendMessage",
      userMessage(`hold ${g}`, {}, { configuration: { returnImmediately: true } }),
    );
    expect(["TASK_STATE_SUBMITTED", "TASK_STATE_WORKING"]).toContain(task.status.state);
    server.agent.release(g);
    const done = await waitFor(wire(), task.id, "TASK_STATE_COMPLETED");
    expect(done.artifacts).toHaveLength(4);
  });

  it("a plain-message reply is a {message} answer with no task", async () => {
    const r = await wire().ok("SendMessage", userMessage("reply"));
    expect(r.message).toMatchObject({ role: "ROLE_AGENT", parts: [{ text: "a plain answer" }] });
    expect(r.message.taskId).toBeUndefined();
    expect(typeof r.message.contextId).toBe("string");
  });

  it("hands acceptedOutputModes to the agent", async () => {
    const { task } = await wire().ok(
      "SendMessage",
      userMessage("modes", {}, { configuration: { acceptedOutputModes: ["text/plain", "a/b"] } }),
    );
    expect(task.artifacts[0].parts[0].text).toBe("text/plain,a/b");
  });

  it("registers configuration.taskPushNotificationConfig for the new task, filling taskId and id", async () => {
    const { task } = await wire().ok(
      "SendMessage",
      userMessage(
        "ask",
        {},
        {
          configuration: { taskPushNotificationConfig: { url: webhook.url, token: "tok" } },
        },
      ),
    );
    const { configs } = await wire().ok("ListTaskPushNotificationConfigs", { taskId: task.id });
    expect(configs).toHaveLength(1);
    expect(configs[0]).toMatchObject({ taskId: task.id, url: webhook.url, token: "tok" });
    expect(configs[0].id).toBeTruthy();
  });

  it("creates a contextId when the client sends none, and keeps the client's when it does", async () => {
    const a = (await wire().ok("SendMessage", userMessage("c1"))).task;
    expect(typeof a.contextId).toBe("string");
    expect(a.contextId).not.toBe("");
    const b = (await wire().ok("SendMessage", userMessage("c2", { contextId: "ctx-client" }))).task;
    const c = (await wire().ok("SendMessage", userMessage("c3", { contextId: "ctx-client" }))).task;
    expect([b.contextId, c.contextId]).toEqual(["ctx-client", "ctx-client"]);
    expect(b.id).not.toBe(c.id);
  });

  it("continues an INPUT_REQUIRED task with the next message; taskId alone finds the context", async () => {
    const { task } = await wire().ok("SendMessage", userMessage("ask"));
    const next = (await wire().ok("SendMessage", userMessage("Helsinki", { taskId: task.id })))
      .task;
    expect(next.id).toBe(task.id);
    expect(next.contextId).toBe(task.contextId);
    expect(next.status.state).toBe("TASK_STATE_COMPLETED");
    expect(next.artifacts[0].parts[0].text).toBe("answer: Helsinki");
    const answer = next.history.find(
      (m: { parts: { text: string }[] }) => m.parts[0]?.text === "Helsinki",
    );
    expect(answer).toMatchObject({ taskId: task.id, contextId: task.contextId, role: "ROLE_USER" });
  });

  it("accepts a message for an AUTH_REQUIRED task", async () => {
    const { task } = await wire().ok("SendMessage", userMessage("auth"));
    const next = (await wire().ok("SendMessage", userMessage("done", { taskId: task.id }))).task;
    expect(next.status.state).toBe("TASK_STATE_COMPLETED");
  });

  it("refuses a message for an unknown task (clients cannot choose task ids) and creates nothing", async () => {
    const before = (await wire().ok("ListTasks", {})).totalSize;
    const r = await wire().call("SendMessage", userMessage("x", { taskId: "client-chosen-id" }));
    expectError(binding, r, "TASK_NOT_FOUND");
    expect((await wire().ok("ListTasks", {})).totalSize).toBe(before);
  });

  it("refuses a message whose contextId differs from its task's", async () => {
    const { task } = await wire().ok("SendMessage", userMessage("ask"));
    const r = await wire().call(
      "SendMessage",
      userMessage("x", { taskId: task.id, contextId: "another-context" }),
    );
    const e = expectError(binding, r, "INVALID_PARAMS");
    expect(e.message).toContain("message.contextId");
    expect((await wire().ok("GetTask", { id: task.id })).status.state).toBe(
      "TASK_STATE_INPUT_REQUIRED",
    );
  });

  it("refuses a message for a terminal task with UnsupportedOperation", async () => {
    const { task } = await wire().ok("SendMessage", userMessage("finish"));
    const r = await wire().call("SendMessage", userMessage("again", { taskId: task.id }));
    const e = expectError(binding, r, "UNSUPPORTED_OPERATION");
    expect(e.message).toContain("start a new task");
  });

  it("refuses a message without a role, and one without parts", async () => {
    const noRole = await wire().call("SendMessage", {
      message: { messageId: "m", parts: [{ text: "x" }] },
    });
    expect(JSON.stringify(expectError(binding, noRole, "INVALID_PARAMS").details)).toContain(
      "message.role",
    );
    const noParts = await wire().call("SendMessage", {
      message: { messageId: "m", role: "ROLE_USER", parts: [] },
    });
    expect(JSON.stringify(expectError(binding, noParts, "INVALID_PARAMS").details)).toContain(
      "message.parts",
    );
  });

  it("refuses a message for a task whose agent is still working on an earlier one", async () => {
    const g = gate();
    const { task } = await wire().ok(
      "SendMessage",
      userMessage(`hold ${g}`, {}, { configuration: { returnImmediately: true } }),
    );
    await until(() => server.agent.runningOn(task.id) === 1, "the agent is running");
    const sent = await wire().call("SendMessage", userMessage("interrupt", { taskId: task.id }));
    const e = expectError(binding, sent, "UNSUPPORTED_OPERATION");
    expect(e.message).toContain("still working");
    const streamed = await wire().stream(
      "SendStreamingMessage",
      userMessage("interrupt", { taskId: task.id }),
    );
    expectError(binding, streamed as never, "UNSUPPORTED_OPERATION");
    server.agent.release(g);
    const done = await waitFor(wire(), task.id, "TASK_STATE_COMPLETED");
    // One run, one user message in history, and the artifacts of that run only.
    expect(texts(done)).toEqual([`hold ${g}`]);
    expect(done.artifacts).toHaveLength(4);
    expect(server.agent.maxConcurrentPerTask).toBe(1);
  });

  it("starts the next turn of an interrupted task only once the previous turn has returned", async () => {
    const g = gate();
    const { task } = await wire().ok("SendMessage", userMessage(`ask-then ${g}`));
    expect(task.status.state).toBe("TASK_STATE_INPUT_REQUIRED");
    expect(server.agent.runningOn(task.id)).toBe(1);
    const started = server.agent.started;
    const answering = wire().call("SendMessage", userMessage("late answer", { taskId: task.id }));
    // Round trips on other connections, while the answer is held: no second turn starts.
    for (let i = 0; i < 5; i++) {
      expect((await wire().ok("GetTask", { id: task.id })).status.state).toBe(
        "TASK_STATE_INPUT_REQUIRED",
      );
    }
    expect(server.agent.started).toBe(started);
    server.agent.release(g);
    const answered = await answering;
    expect(answered.error).toBeUndefined();
    expect(answered.result.task.status.state).toBe("TASK_STATE_COMPLETED");
    expect(answered.result.task.artifacts[0].parts[0].text).toBe("answer: late answer");
    expect(server.agent.maxConcurrentPerTask).toBe(1);
  });

  it("accepts exactly one of two answers racing for the same INPUT_REQUIRED task", async () => {
    const { task } = await wire().ok("SendMessage", userMessage("ask"));
    const replies = await Promise.all([
      wire().call("SendMessage", userMessage("first", { taskId: task.id })),
      wire().call("SendMessage", userMessage("second", { taskId: task.id })),
    ]);
    const accepted = replies.filter((r) => r.error === undefined);
    expect(accepted).toHaveLength(1);
    const refused = replies.find((r) => r.error !== undefined)!;
    expectError(binding, refused, "UNSUPPORTED_OPERATION");
    const done = await wire().ok("GetTask", { id: task.id });
    expect(done.status.state).toBe("TASK_STATE_COMPLETED");
    expect(done.artifacts).toHaveLength(1);
    expect(texts(done).filter((t) => t === "first" || t === "second")).toHaveLength(1);
    expect(server.agent.maxConcurrentPerTask).toBe(1);
  });

  it("does not de-duplicate a resent messageId: a new task each time, a continuation once", async () => {
    const request = userMessage("same");
    const a = (await wire().ok("SendMessage", request)).task;
    const b = (await wire().ok("SendMessage", request)).task;
    expect(a.id).not.toBe(b.id);
    const { task } = await wire().ok("SendMessage", userMessage("ask"));
    const answer = userMessage("yes", { taskId: task.id });
    expect((await wire().ok("SendMessage", answer)).task.status.state).toBe("TASK_STATE_COMPLETED");
    expectError(binding, await wire().call("SendMessage", answer), "UNSUPPORTED_OPERATION");
  });
});

describe.each(BINDINGS)("§5.2/§5.3 GetTask and historyLength over %s", (binding) => {
  const wire = () => server.wire(binding);

  /** A task with five history messages: ask, question, ask, question, answer… */
  async function longTask() {
    const { task } = await wire().ok("SendMessage", userMessage("ask"));
    await wire().ok("SendMessage", userMessage("ask", { taskId: task.id }));
    await wire().ok("SendMessage", userMessage("last", { taskId: task.id }));
    return task.id as string;
  }

  it("unset: everything; 0: no history key; N: the N newest; negative: invalid params", async () => {
    const id = await longTask();
    const full = await wire().ok("GetTask", { id });
    expect(full.history.length).toBeGreaterThanOrEqual(5);
    const none = await wire().ok("GetTask", { id, historyLength: 0 });
    expect(none).not.toHaveProperty("history");
    const two = await wire().ok("GetTask", { id, historyLength: 2 });
    expect(two.history).toEqual(full.history.slice(-2));
    const more = await wire().ok("GetTask", { id, historyLength: 1000 });
    expect(more.history).toEqual(full.history);
    expectError(binding, await wire().call("GetTask", { id, historyLength: -1 }), "INVALID_PARAMS");
  });

  it("applies historyLength to SendMessage and ListTasks too", async () => {
    const { task } = await wire().ok("SendMessage", userMessage("ask"));
    const sent = await wire().ok(
      "SendMessage",
      userMessage("last", { taskId: task.id }, { configuration: { historyLength: 1 } }),
    );
    expect(sent.task.history).toHaveLength(1);
    const zero = await wire().ok(
      "SendMessage",
      userMessage("short", {}, { configuration: { historyLength: 0 } }),
    );
    expect(zero.task).not.toHaveProperty("history");
    const listed = await wire().ok("ListTasks", { contextId: task.contextId, historyLength: 1 });
    expect(listed.tasks[0].history).toHaveLength(1);
    const bad = await wire().call(
      "SendMessage",
      userMessage("x", {}, { configuration: { historyLength: -2 } }),
    );
    expectError(binding, bad, "INVALID_PARAMS");
    expectError(binding, await wire().call("ListTasks", { historyLength: -1 }), "INVALID_PARAMS");
  });
});

describe.each(BINDINGS)("§5.4 CancelTask over %s", (binding) => {
  const wire = () => server.wire(binding);

  it("unknown: TaskNotFound; completed: TaskNotCancelable; canceled: the same snapshot again", async () => {
    expectError(binding, await wire().call("CancelTask", { id: "nope" }), "TASK_NOT_FOUND");
    const done = (await wire().ok("SendMessage", userMessage("finish"))).task;
    expectError(binding, await wire().call("CancelTask", { id: done.id }), "TASK_NOT_CANCELABLE");
    const { task } = await wire().ok("SendMessage", userMessage("ask"));
    const first = await wire().ok("CancelTask", { id: task.id });
    const second = await wire().ok("CancelTask", { id: task.id });
    expect(second).toEqual(first);
  });

  it("answers TaskNotCancelable when the agent refuses, and leaves the task as it was", async () => {
    const { task } = await wire().ok("SendMessage", userMessage("stubborn"));
    const r = await wire().call("CancelTask", { id: task.id });
    expectError(binding, r, "TASK_NOT_CANCELABLE");
    expect((await wire().ok("GetTask", { id: task.id })).status.state).toBe(
      "TASK_STATE_INPUT_REQUIRED",
    );
  });

  it("publishes the CANCELED update to push webhooks", async () => {
    const { task } = await wire().ok("SendMessage", userMessage("ask"));
    await wire().ok("CreateTaskPushNotificationConfig", { taskId: task.id, url: webhook.url });
    await wire().ok("CancelTask", { id: task.id });
    const canceled = (body: string) => {
      const e = JSON.parse(body);
      return (
        e.statusUpdate?.taskId === task.id && e.statusUpdate.status.state === "TASK_STATE_CANCELED"
      );
    };
    await webhook.until((all) => all.some((r) => canceled(r.body)));
    const post = webhook.received.find((r) => canceled(r.body))!;
    expect(post.headers["content-type"]).toBe("application/a2a+json");
  });
});

describe.each(BINDINGS)("§5.6 ListTasks over %s", (binding) => {
  const tenant = `list-${binding}`;
  const wire = () => server.wire(binding);
  // biome-ignore lint/suspicious/noExplicitAny: wire JSON.
  const list = (params: Record<string, unknown> = {}): Promise<any> =>
    wire().ok("ListTasks", { tenant, ...params });
  // biome-ignore lint/suspicious/noExplicitAny: wire JSON.
  let made: any[] = [];

  beforeAll(async () => {
    made = [];
    // Six tasks in two contexts, in two states, with distinct timestamps.
    for (let i = 0; i < 6; i++) {
      const text = i % 2 === 0 ? `done ${i}` : "ask";
      const ctx = i < 3 ? "ctx-a" : "ctx-b";
      const { task } = await wire().ok("SendMessage", {
        ...userMessage(text, { contextId: ctx }),
        tenant,
      });
      made.push(task);
    }
  });

  it("sorts newest first; pageSize defaults to 50; totalSize counts every match", async () => {
    const all = await list();
    expect(all.pageSize).toBe(50);
    expect(all.totalSize).toBe(6);
    expect(all.nextPageToken).toBe("");
    expect(all.tasks.map((t: { id: string }) => t.id)).toEqual(made.map((t) => t.id).reverse());
    const stamps = all.tasks.map((t: { status: { timestamp: string } }) => t.status.timestamp);
    expect([...stamps].sort().reverse()).toEqual(stamps);
  });

  it("ANDs the filters: contextId, status, statusTimestampAfter (inclusive)", async () => {
    const a = await list({ contextId: "ctx-a" });
    expect(a.tasks.map((t: { id: string }) => t.id)).toEqual([made[2].id, made[1].id, made[0].id]);
    const waiting = await list({ status: "TASK_STATE_INPUT_REQUIRED" });
    expect(waiting.totalSize).toBe(3);
    const both = await list({ contextId: "ctx-b", status: "TASK_STATE_COMPLETED" });
    expect(both.tasks.map((t: { id: string }) => t.id)).toEqual([made[4].id]);
    const since = await list({ statusTimestampAfter: made[4].status.timestamp });
    expect(since.tasks.map((t: { id: string }) => t.id)).toEqual([made[5].id, made[4].id]);
  });

  it("pages with opaque tokens, without gaps or repeats, and an empty token at the end", async () => {
    const seen: string[] = [];
    let token = "";
    let pages = 0;
    do {
      const page = await list({ pageSize: 4, ...(token ? { pageToken: token } : {}) });
      expect(page.pageSize).toBe(4);
      expect(page.totalSize).toBe(6);
      seen.push(...page.tasks.map((t: { id: string }) => t.id));
      token = page.nextPageToken;
      pages++;
    } while (token !== "");
    expect(pages).toBe(2);
    expect(seen).toEqual(made.map((t) => t.id).reverse());
  });

  it("refuses pageSize outside 1..100 and a bad pageToken with invalid params", async () => {
    for (const pageSize of [0, 101, -1]) {
      const r = await wire().call("ListTasks", { tenant, pageSize });
      expectError(binding, r, "INVALID_PARAMS");
    }
    expectError(
      binding,
      await wire().call("ListTasks", { tenant, pageToken: "not-a-token" }),
      "INVALID_PARAMS",
    );
    const other = await wire().ok("ListTasks", { pageSize: 1 });
    if (other.nextPageToken) {
      // A token of another tenant's listing is still just a cursor: it reveals nothing.
      const r = await list({ pageToken: other.nextPageToken });
      expect(r.totalSize).toBe(6);
    }
  });

  it("omits artifacts unless includeArtifacts, and then lists them ([] when none)", async () => {
    const plain = await list();
    for (const t of plain.tasks) expect(t).not.toHaveProperty("artifacts");
    const full = await list({ includeArtifacts: true });
    for (const t of full.tasks) {
      expect(t).toHaveProperty("artifacts");
      const want = t.status.state === "TASK_STATE_COMPLETED" ? 1 : 0;
      expect(t.artifacts).toHaveLength(want);
    }
  });

  it("scopes to the caller and the tenant even with no filter", async () => {
    expect(
      (await wire().with({ Authorization: "Bearer bob" }).ok("ListTasks", { tenant })).totalSize,
    ).toBe(0);
    expect((await wire().ok("ListTasks", { tenant: `${tenant}-other` })).totalSize).toBe(0);
  });
});

describe.each(BINDINGS)("§5.7 capability checks over %s", (binding) => {
  const wire = () => bare.wire(binding);

  it("without pushNotifications: all four config operations and an inline config are refused", async () => {
    const { task } = await wire().ok("SendMessage", userMessage("ask"));
    const calls: [Parameters<Wire["call"]>[0], Record<string, unknown>][] = [
      ["CreateTaskPushNotificationConfig", { taskId: task.id, url: "https://hooks.example/n" }],
      ["GetTaskPushNotificationConfig", { taskId: task.id, id: "c" }],
      ["ListTaskPushNotificationConfigs", { taskId: task.id }],
      ["DeleteTaskPushNotificationConfig", { taskId: task.id, id: "c" }],
    ];
    for (const [op, params] of calls) {
      expectError(binding, await wire().call(op, params), "PUSH_NOTIFICATION_NOT_SUPPORTED");
    }
    const inline = await wire().call(
      "SendMessage",
      userMessage(
        "x",
        {},
        {
          configuration: { taskPushNotificationConfig: { url: "https://hooks.example/n" } },
        },
      ),
    );
    expectError(binding, inline, "PUSH_NOTIFICATION_NOT_SUPPORTED");
  });

  it("without extendedAgentCard: GetExtendedAgentCard is UnsupportedOperation", async () => {
    const r = await wire().with({ Authorization: "Bearer alice" }).call("GetExtendedAgentCard");
    expectError(binding, r, "UNSUPPORTED_OPERATION");
  });
});
