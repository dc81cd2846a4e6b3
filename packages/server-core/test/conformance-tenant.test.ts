import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  BINDINGS,
  type ConformanceServer,
  expectError,
  type Op,
  SseStream,
  startConformanceServer,
  userMessage,
} from "./support/conformance.js";

/**
 * CHECKLIST §8: tenant routing with the real engine on both bindings. JSON-RPC carries the
 * tenant in params, REST as a URL-encoded leading path segment; every store is keyed by tenant
 * and principal, so every operation under another tenant (or by another caller) answers
 * TaskNotFound, and the owner still reaches everything afterwards. auth-isolation.test.ts does
 * the same with tenants bound to API keys.
 */

let server: ConformanceServer;
beforeAll(async () => {
  server = await startConformanceServer();
});
afterAll(() => server.close());

describe.each(BINDINGS)("§8 tenants over %s", (binding) => {
  const alice = () => server.wire(binding).with({ Authorization: "Bearer alice" });
  const tenant = `acme corp/${binding}`;

  it("scopes every task and push config operation by tenant and by caller", async () => {
    const { task } = await alice().ok("SendMessage", { ...userMessage("ask"), tenant });
    const config = await alice().ok("CreateTaskPushNotificationConfig", {
      tenant,
      taskId: task.id,
      url: "https://hooks.example/t",
    });
    const ops: [Op, Record<string, unknown>][] = [
      ["GetTask", { id: task.id }],
      ["CancelTask", { id: task.id }],
      ["SendMessage", userMessage("answer", { taskId: task.id })],
      ["CreateTaskPushNotificationConfig", { taskId: task.id, url: "https://hooks.example/u" }],
      ["GetTaskPushNotificationConfig", { taskId: task.id, id: config.id }],
      ["ListTaskPushNotificationConfigs", { taskId: task.id }],
      ["DeleteTaskPushNotificationConfig", { taskId: task.id, id: config.id }],
    ];
    const outsiders = [
      { wire: alice(), tenant: "globex" },
      { wire: alice(), tenant: "" },
      { wire: server.wire(binding).with({ Authorization: "Bearer bob" }), tenant },
      { wire: server.wire(binding), tenant },
    ];
    for (const o of outsiders) {
      for (const [op, params] of ops) {
        const r = await o.wire.call(op, { ...params, tenant: o.tenant });
        expectError(binding, r, "TASK_NOT_FOUND");
      }
      const sub = await o.wire.stream("SubscribeToTask", { id: task.id, tenant: o.tenant });
      expect(sub).not.toBeInstanceOf(SseStream);
      expectError(binding, sub as never, "TASK_NOT_FOUND");
      const list = await o.wire.ok("ListTasks", { tenant: o.tenant, contextId: task.contextId });
      expect(list.totalSize).toBe(0);
    }
    // Nothing above touched alice's task or config.
    const mine = await alice().ok("GetTask", { tenant, id: task.id });
    expect(mine.status.state).toBe("TASK_STATE_INPUT_REQUIRED");
    const configs = await alice().ok("ListTaskPushNotificationConfigs", {
      tenant,
      taskId: task.id,
    });
    expect(configs.configs).toEqual([config]);
    const listed = await alice().ok("ListTasks", { tenant });
    expect(listed.tasks.map((t: { id: string }) => t.id)).toEqual([task.id]);
    const sub = await alice().open("SubscribeToTask", { tenant, id: task.id });
    expect((await sub.next())?.task?.id).toBe(task.id);
    sub.close();
    const done = await alice().ok("SendMessage", {
      ...userMessage("answer", { taskId: task.id }),
      tenant,
    });
    expect(done.task.status.state).toBe("TASK_STATE_COMPLETED");
  });
});

describe("§8 tenants on the REST path", () => {
  const rest = (path: string, init: RequestInit = {}) =>
    fetch(`${server.url}/rest${path}`, {
      ...init,
      headers: { "A2A-Version": "1.0", "Content-Type": "application/a2a+json", ...init.headers },
    });

  it("URL-decodes the tenant segment, and the path beats a tenant in the body", async () => {
    const res = await rest("/org%2Fteam%20a/message:send", {
      method: "POST",
      body: JSON.stringify({ ...userMessage("ask"), tenant: "from-body" }),
    });
    const { task } = await res.json();
    const rpc = server.wire("JSONRPC");
    expect((await rpc.ok("GetTask", { tenant: "org/team a", id: task.id })).id).toBe(task.id);
    expectError(
      "JSONRPC",
      await rpc.call("GetTask", { tenant: "from-body", id: task.id }),
      "TASK_NOT_FOUND",
    );
  });

  it("matches fixed routes first: tenants named like route segments still work", async () => {
    const rpc = server.wire("JSONRPC");
    for (const tenant of ["tasks", "message:send", "extendedAgentCard"]) {
      const { task } = await rpc.ok("SendMessage", { ...userMessage("ask"), tenant });
      const seg = encodeURIComponent(tenant);
      const got = await rest(`/${seg}/tasks/${task.id}`);
      expect(got.status, tenant).toBe(200);
      expect((await got.json()).id).toBe(task.id);
      // Without the prefix the same path is the default tenant's, where the task is not.
      expect((await rest(`/tasks/${task.id}`)).status).toBe(404);
    }
    // `/tasks/tasks` is GetTask of a task named "tasks" in the default tenant, never a listing.
    const named = await rest("/tasks/tasks");
    expect(named.status).toBe(404);
    expect((await named.json()).error.details[0].metadata.taskId).toBe("tasks");
  });
});
