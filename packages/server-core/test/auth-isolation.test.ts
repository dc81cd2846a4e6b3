import type { AgentCard } from "@a2akit/types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authFromCard } from "../src/auth/index.js";
import { createA2AFetchHandler, createRequestHandler, defineAgent } from "../src/index.js";
import { requirement, SCHEMES } from "./auth-card.js";
import { readSse, serveFetch, type TestServer } from "./http-helpers.js";

/**
 * Every operation on both bindings, through a real socket, by callers who must not reach a task
 * of alice in tenant acme: bob (same tenant, another owner) and another "alice" whose key binds
 * her to tenant globex (same owner id, another tenant). Each request is also sent by the victim,
 * so a request that fails for a reason other than isolation cannot pass for a refusal.
 */

type Binding = "jsonrpc" | "rest";
type Op =
  | "SendMessage"
  | "SendStreamingMessage"
  | "GetTask"
  | "ListTasks"
  | "CancelTask"
  | "SubscribeToTask"
  | "CreateTaskPushNotificationConfig"
  | "GetTaskPushNotificationConfig"
  | "ListTaskPushNotificationConfigs"
  | "DeleteTaskPushNotificationConfig"
  | "GetExtendedAgentCard";

const OPS: Op[] = [
  "GetTask",
  "ListTasks",
  "GetTaskPushNotificationConfig",
  "ListTaskPushNotificationConfigs",
  "CreateTaskPushNotificationConfig",
  "SubscribeToTask",
  "SendMessage",
  "SendStreamingMessage",
  "GetExtendedAgentCard",
  "DeleteTaskPushNotificationConfig",
  "CancelTask",
];

const KEYS = {
  "k-alice": { id: "alice", tenant: "acme" },
  "k-bob": { id: "bob", tenant: "acme" },
  "k-alice-globex": { id: "alice", tenant: "globex" },
};
type Key = keyof typeof KEYS;

let server: TestServer;
let a2a: ReturnType<typeof createA2AFetchHandler>;

beforeAll(async () => {
  const card = (base: string): AgentCard => ({
    name: "Isolated",
    description: "Tasks of one caller are invisible to every other",
    version: "1.0.0",
    supportedInterfaces: [
      { url: `${base}/rpc`, protocolBinding: "JSONRPC", protocolVersion: "1.0" },
      { url: `${base}/rest`, protocolBinding: "HTTP+JSON", protocolVersion: "1.0" },
    ],
    capabilities: { streaming: true, pushNotifications: true, extendedAgentCard: true },
    defaultInputModes: ["text/plain"],
    defaultOutputModes: ["text/plain"],
    skills: [],
    securitySchemes: { apiKey: SCHEMES.apiKey },
    securityRequirements: [requirement(["apiKey"])],
  });
  const agentCard = card("http://agent.test");
  const handler = createRequestHandler({
    agentCard,
    // Every message asks for more input, so tasks stay open to cancel and subscribe.
    executor: defineAgent(async (_ctx, task) => {
      await task.inputRequired("more?");
    }),
    extendedAgentCard: (user) => ({ ...agentCard, description: `for ${user.id}@${user.tenant}` }),
  });
  a2a = createA2AFetchHandler({ handler, ...authFromCard(agentCard, { apiKeys: KEYS }) });
  server = await serveFetch(a2a.fetch);
});
afterAll(async () => {
  await a2a.close({ timeoutMs: 1000 });
  await server.close();
});

interface Target {
  taskId: string;
  configId: string;
}

/** The HTTP request for `op` on `binding`, as caller `key`, optionally naming `tenant`. */
function request(op: Op, binding: Binding, key: Key, target: Target, tenant?: string): Request {
  const headers = { "A2A-Version": "1.0", "Content-Type": "application/json", "X-API-Key": key };
  const { taskId, configId } = target;
  const message = {
    message: {
      messageId: crypto.randomUUID(),
      role: "ROLE_USER",
      taskId,
      parts: [{ text: "again" }],
    },
  };
  const params: Record<Op, Record<string, unknown>> = {
    SendMessage: message,
    SendStreamingMessage: message,
    GetTask: { id: taskId },
    ListTasks: {},
    CancelTask: { id: taskId },
    SubscribeToTask: { id: taskId },
    CreateTaskPushNotificationConfig: { taskId, url: "https://hooks.test/x" },
    GetTaskPushNotificationConfig: { taskId, id: configId },
    ListTaskPushNotificationConfigs: { taskId },
    DeleteTaskPushNotificationConfig: { taskId, id: configId },
    GetExtendedAgentCard: {},
  };
  if (binding === "jsonrpc") {
    const body = {
      jsonrpc: "2.0",
      id: 1,
      method: op,
      params: { ...params[op], ...(tenant ? { tenant } : {}) },
    };
    return new Request(`${server.url}/rpc`, {
      method: "POST",
      headers,
      body: JSON.stringify(body),
    });
  }
  const base = `${server.url}/rest${tenant ? `/${tenant}` : ""}`;
  const t = encodeURIComponent(taskId);
  const routes: Record<Op, [string, string, unknown?]> = {
    SendMessage: ["POST", "/message:send", message],
    SendStreamingMessage: ["POST", "/message:stream", message],
    GetTask: ["GET", `/tasks/${t}`],
    ListTasks: ["GET", "/tasks"],
    CancelTask: ["POST", `/tasks/${t}:cancel`, {}],
    SubscribeToTask: ["GET", `/tasks/${t}:subscribe`],
    CreateTaskPushNotificationConfig: [
      "POST",
      `/tasks/${t}/pushNotificationConfigs`,
      { url: "https://hooks.test/x" },
    ],
    GetTaskPushNotificationConfig: ["GET", `/tasks/${t}/pushNotificationConfigs/${configId}`],
    ListTaskPushNotificationConfigs: ["GET", `/tasks/${t}/pushNotificationConfigs`],
    DeleteTaskPushNotificationConfig: ["DELETE", `/tasks/${t}/pushNotificationConfigs/${configId}`],
    GetExtendedAgentCard: ["GET", "/extendedAgentCard"],
  };
  const [method, path, body] = routes[op];
  return new Request(`${base}${path}`, {
    method,
    headers,
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
}

/** What came back, reduced to what the assertions need. */
interface Outcome {
  status: number;
  /** `TASK_NOT_FOUND`, `PERMISSION_DENIED`... or `ok`. */
  result: string;
  /** The success payload (the first event of a stream). */
  value?: any;
}

async function send(r: Request, binding: Binding): Promise<Outcome> {
  const res = await fetch(r);
  if (res.headers.get("content-type") === "text/event-stream") {
    const { events } = await readSse(res, 1);
    const data = events[0]?.data as any;
    return { status: res.status, result: "ok", value: binding === "jsonrpc" ? data.result : data };
  }
  if (res.status === 204) return { status: 204, result: "ok" };
  const body = (await res.json()) as any;
  if (binding === "jsonrpc") {
    if (!body.error) return { status: res.status, result: "ok", value: body.result };
    const codes: Record<number, string> = {
      [-32001]: "TASK_NOT_FOUND",
      [-32091]: "PERMISSION_DENIED",
    };
    return { status: res.status, result: codes[body.error.code] ?? `code ${body.error.code}` };
  }
  if (res.ok) return { status: res.status, result: "ok", value: body };
  return { status: res.status, result: body.error.details?.[0]?.reason ?? body.error.status };
}

/** A fresh task of alice in acme, with one push config. */
async function victimTask(): Promise<Target> {
  const res = await fetch(`${server.url}/rpc`, {
    method: "POST",
    headers: { "A2A-Version": "1.0", "Content-Type": "application/json", "X-API-Key": "k-alice" },
    body: JSON.stringify({
      jsonrpc: "2.0",
      id: 1,
      method: "SendMessage",
      params: {
        message: { messageId: crypto.randomUUID(), role: "ROLE_USER", parts: [{ text: "hi" }] },
      },
    }),
  });
  const task = ((await res.json()) as any).result.task;
  expect(task.status.state).toBe("TASK_STATE_INPUT_REQUIRED");
  const created = await send(
    request("CreateTaskPushNotificationConfig", "jsonrpc", "k-alice", {
      taskId: task.id,
      configId: "",
    }),
    "jsonrpc",
  );
  return { taskId: task.id, configId: created.value.id };
}

const attackers: [string, Key, string | undefined, string, number][] = [
  // [who, key, tenant named in the request, refusal, HTTP status on REST]
  ["bob (same tenant, other owner)", "k-bob", undefined, "TASK_NOT_FOUND", 404],
  ["bob naming tenant acme", "k-bob", "acme", "TASK_NOT_FOUND", 404],
  ["alice bound to globex", "k-alice-globex", undefined, "TASK_NOT_FOUND", 404],
  ["alice bound to globex naming tenant acme", "k-alice-globex", "acme", "PERMISSION_DENIED", 403],
];

describe.each(["jsonrpc", "rest"] as Binding[])("isolation on %s", (binding) => {
  let target: Target;
  beforeAll(async () => {
    target = await victimTask();
  });

  describe.each(attackers)("%s", (_who, key, tenant, refusal, restStatus) => {
    it.each(OPS)("%s never reaches alice's task", async (op) => {
      const outcome = await send(request(op, binding, key, target, tenant), binding);
      const caller = KEYS[key];
      if (refusal === "PERMISSION_DENIED") {
        // Naming a tenant the caller is not bound to is refused before any lookup.
        expect(outcome.result).toBe("PERMISSION_DENIED");
        expect(outcome.status).toBe(403);
        return;
      }
      if (op === "ListTasks") {
        expect(outcome.result).toBe("ok");
        expect(outcome.value.tasks.map((t: any) => t.id)).not.toContain(target.taskId);
        return;
      }
      if (op === "GetExtendedAgentCard") {
        expect(outcome.value.description).toBe(`for ${caller.id}@${caller.tenant}`);
        return;
      }
      expect(outcome.result).toBe(refusal);
      expect(outcome.status).toBe(binding === "rest" ? restStatus : 200);
    });
  });

  it("left alice's task and config untouched, and every request works for alice herself", async () => {
    const before = await send(request("GetTask", binding, "k-alice", target), binding);
    expect(before.value.status.state).toBe("TASK_STATE_INPUT_REQUIRED");
    // Only her own first message: no attacker message was appended.
    expect(before.value.history).toHaveLength(1);
    for (const op of OPS) {
      const outcome = await send(request(op, binding, "k-alice", target), binding);
      expect({ op, result: outcome.result }).toEqual({ op, result: "ok" });
      if (op === "ListTasks") {
        expect(outcome.value.tasks.map((t: any) => t.id)).toContain(target.taskId);
      }
      if (op === "GetTaskPushNotificationConfig") expect(outcome.value.id).toBe(target.configId);
      if (op === "GetExtendedAgentCard") expect(outcome.value.description).toBe("for alice@acme");
    }
    const after = await send(request("GetTask", binding, "k-alice", target), binding);
    expect(after.value.status.state).toBe("TASK_STATE_CANCELED");
  });
});
