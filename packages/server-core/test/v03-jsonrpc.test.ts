import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readSse } from "./http-helpers.js";
import { AUTH, message03, rpc03, startV03Fixture, until, type V03Fixture } from "./v03-helpers.js";

const V1 = { "A2A-Version": "1.0", "Content-Type": "application/json" };

describe("v0.3 JSON-RPC on the v1.0 endpoint", () => {
  let f: V03Fixture;
  let url: string;
  beforeAll(async () => {
    f = await startV03Fixture();
    url = f.server.url;
  });
  afterAll(() => f.close());

  const call = async (method: string, params: unknown, headers?: Record<string, string>) => {
    const res = await rpc03(url, method, params, headers);
    return { status: res.status, headers: res.headers, body: await res.json() };
  };

  it("answers message/send with a bare task in v0.3 form, run as protocol version 0.3", async () => {
    f.calls.length = 0;
    const r = await call("message/send", { message: message03("hi") });
    expect(r.status).toBe(200);
    expect(r.headers.get("content-type")).toBe("application/json");
    const task = r.body.result;
    expect(task.kind).toBe("task");
    expect(task.status.state).toBe("completed");
    expect(task.artifacts[0]).toMatchObject({
      name: "echo",
      parts: [{ kind: "text", text: "echo: hi" }],
    });
    expect(task.history[0]).toMatchObject({ kind: "message", role: "user" });
    expect(f.calls).toEqual(["sendMessage:0.3"]);
  });

  it("answers a plain reply as a bare message", async () => {
    const r = await call("message/send", { message: message03("chat") });
    expect(r.body.result).toMatchObject({
      kind: "message",
      role: "agent",
      parts: [{ kind: "text", text: "hello from the agent" }],
    });
  });

  it("streams bare v0.3 results: the task first, final only on the last status update", async () => {
    const res = await rpc03(url, "message/stream", { message: message03("go") });
    expect(res.headers.get("content-type")).toBe("text/event-stream");
    const { events } = await readSse(res);
    const results = events.map((e) => (e.data as { id: number; result: any }).result);
    expect(events.every((e) => (e.data as { id: number }).id === 1)).toBe(true);
    expect(results.map((r) => r.kind)).toEqual([
      "task",
      "status-update",
      "artifact-update",
      "status-update",
    ]);
    expect(results[1]).toMatchObject({ status: { state: "working" }, final: false });
    expect(results[2].artifact.parts).toEqual([{ kind: "text", text: "echo: go" }]);
    expect(results[3]).toMatchObject({ status: { state: "completed" }, final: true });
  });

  it("ends a stream on input-required with final: true, and continues the task over v0.3", async () => {
    const res = await rpc03(url, "message/stream", { message: message03("ask") });
    const results = (await readSse(res)).events.map((e) => (e.data as { result: any }).result);
    const last = results.at(-1);
    expect(last).toMatchObject({ kind: "status-update", status: { state: "input-required" } });
    expect(last.final).toBe(true);
    const next = await call("message/send", {
      message: message03("more", { taskId: last.taskId, contextId: last.contextId }),
    });
    expect(next.body.result.status.state).toBe("completed");
  });

  it("gets and cancels tasks, and resubscribes to one until it ends", async () => {
    const started = await call("message/send", {
      message: message03("hold"),
      configuration: { blocking: false },
    });
    const id = started.body.result.id;
    expect(started.body.result.status.state).toMatch(/submitted|working/);
    const got = await call("tasks/get", { id, historyLength: 1 });
    expect(got.body.result).toMatchObject({ kind: "task", id });
    expect(got.body.result.history).toHaveLength(1);

    const sub = await rpc03(url, "tasks/resubscribe", { id });
    expect(sub.status).toBe(200);
    const reading = readSse(sub);
    const canceled = await call("tasks/cancel", { id, metadata: { by: "test" } });
    expect(canceled.body.result).toMatchObject({ kind: "task", status: { state: "canceled" } });
    const results = (await reading).events.map((e) => (e.data as { result: any }).result);
    expect(results[0]).toMatchObject({ kind: "task", id });
    expect(results.at(-1)).toMatchObject({
      kind: "status-update",
      status: { state: "canceled" },
      final: true,
    });
  });

  it("sets, gets, lists and deletes push configs in the v0.3 shapes", async () => {
    const done = await call("message/send", {
      message: message03("hold"),
      configuration: { blocking: false },
    });
    const taskId = done.body.result.id;
    const set = await call("tasks/pushNotificationConfig/set", {
      taskId,
      pushNotificationConfig: {
        id: "hook-1",
        url: "https://hooks.example.com/a2a",
        token: "secret",
        authentication: { schemes: ["Bearer"], credentials: "cred" },
      },
    });
    expect(set.body.result).toEqual({
      taskId,
      pushNotificationConfig: {
        id: "hook-1",
        url: "https://hooks.example.com/a2a",
        token: "secret",
        authentication: { schemes: ["Bearer"], credentials: "cred" },
      },
    });
    const got = await call("tasks/pushNotificationConfig/get", {
      id: taskId,
      pushNotificationConfigId: "hook-1",
    });
    expect(got.body.result).toEqual(set.body.result);
    const list = await call("tasks/pushNotificationConfig/list", { id: taskId });
    expect(list.body.result).toEqual([set.body.result]);
    const del = await call("tasks/pushNotificationConfig/delete", {
      id: taskId,
      pushNotificationConfigId: "hook-1",
    });
    expect(del.body).toEqual({ jsonrpc: "2.0", id: 1, result: null });
    expect((await call("tasks/pushNotificationConfig/list", { id: taskId })).body.result).toEqual(
      [],
    );
    await call("tasks/cancel", { id: taskId });
  });

  it("answers agent/getAuthenticatedExtendedCard with a v0.3 card", async () => {
    const anonymous = await call("agent/getAuthenticatedExtendedCard", undefined);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get("www-authenticate")).toBe("Bearer");
    const r = await call("agent/getAuthenticatedExtendedCard", undefined, AUTH);
    expect(r.body.result).toMatchObject({
      name: "Echo",
      protocolVersion: "0.3.0",
      url: `${url}/rpc`,
      preferredTransport: "JSONRPC",
      supportsAuthenticatedExtendedCard: true,
    });
    expect(r.body.result.skills.map((s: { id: string }) => s.id)).toEqual(["echo", "secret"]);
  });

  it("sends errors in the v0.3 shape and keeps serving", async () => {
    const missing = await call("tasks/get", { id: "nope" });
    expect(missing.status).toBe(200);
    expect(missing.body.error.code).toBe(-32001);
    expect(missing.body.id).toBe(1);
    const bad = await call("message/send", { message: { role: "robot", parts: [] } });
    expect(bad.body.error.code).toBe(-32602);
    expect(bad.body.error.message).toContain("params.message");
    const unknown = await call("tasks/list", {});
    expect(unknown.body.error.code).toBe(-32601);
    const garbage = await fetch(`${url}/rpc`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: "{nope",
    });
    expect(garbage.status).toBe(400);
    expect((await garbage.json()).error.code).toBe(-32700);
    const ok = await call("message/send", { message: message03("still here") });
    expect(ok.body.result.status.state).toBe("completed");
  });

  it("routes on the header first: each naming style names the fix when it meets the other version", async () => {
    // A v1.0 method without A2A-Version: a v1.0 client that forgot the header.
    const v1Name = await call("GetTask", { id: "x" });
    expect(v1Name.body.error.code).toBe(-32009);
    expect(v1Name.body.error.message).toContain("send the header A2A-Version: 1.0");
    expect(v1Name.body.error.data[0].metadata).toEqual({
      requestedVersion: "0.3",
      supportedVersions: "1.0",
    });
    // A v0.3 method with A2A-Version 1.0.
    const v03Name = await call("tasks/get", { id: "x" }, V1);
    expect(v03Name.body.error.code).toBe(-32601);
    expect(v03Name.body.error.message).toContain("tasks/get is a v0.3 method");
    // A2A-Version 0.3 said out loud is the same as no header.
    const explicit = await call("tasks/get", { id: "nope" }, { "A2A-Version": "0.3" });
    expect(explicit.body.error.code).toBe(-32001);
  });

  it("negotiates extensions from X-A2A-Extensions", async () => {
    const r = await rpc03(
      url,
      "message/send",
      { message: message03("x") },
      { "X-A2A-Extensions": "urn:not-declared" },
    );
    expect(r.status).toBe(200);
    expect(r.headers.get("x-a2a-extensions")).toBeNull();
  });

  it("lets held executions finish", async () => {
    await until(() => f.waiting() >= 2);
    f.release();
  });
});
