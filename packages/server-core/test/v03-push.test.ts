import { readFileSync } from "node:fs";
import { parse, StreamResponse } from "@a2akit/types";
import Ajv from "ajv";
import addFormats from "ajv-formats";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPushDeliveries } from "../src/index.js";
import { startWebhook } from "./push-helpers.js";
import { rpc03, startV03Fixture, until, type V03Fixture } from "./v03-helpers.js";

// The v0.3 JSON Schema: a v0.3 push body is a bare Task, Message or update event, with `kind`.
const schema = JSON.parse(
  readFileSync(new URL("../../types/test/fixtures/v03/a2a.json", import.meta.url), "utf8"),
);
const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema(schema, "a2a");
const V03_DEFINITION: Record<string, string> = {
  task: "Task",
  message: "Message",
  "status-update": "TaskStatusUpdateEvent",
  "artifact-update": "TaskArtifactUpdateEvent",
};

function v03Problems(body: { kind?: string }): unknown {
  const validate = ajv.getSchema(`a2a#/definitions/${V03_DEFINITION[body.kind ?? ""]}`);
  if (!validate) return `no kind: ${JSON.stringify(body)}`;
  return validate(body) ? [] : validate.errors;
}

// One task, three webhooks: registered by a v0.3 JSON-RPC client, a v0.3 REST client and a
// v1.0 client. Each config remembers the version it was made under, and gets that shape.
describe("push delivery in the shape of the version that created the config", () => {
  let f: V03Fixture;
  let hook: Awaited<ReturnType<typeof startWebhook>>;
  let deliveries: ReturnType<typeof createPushDeliveries>;
  beforeAll(async () => {
    hook = await startWebhook();
    deliveries = createPushDeliveries({ urlPolicy: { allowHosts: [`127.0.0.1:${hook.port}`] } });
    f = await startV03Fixture({}, { pushDeliveries: deliveries });
  });
  afterAll(async () => {
    await f.close();
    await deliveries.close();
    await hook.close();
  });

  it("POSTs v0.3 bodies to v0.3-made configs and v1.0 bodies to v1.0-made ones", async () => {
    const webhook = (path: string) => `http://127.0.0.1:${hook.port}/${path}`;
    const v1 = { "Content-Type": "application/json", "A2A-Version": "1.0" };
    const sent = await (
      await fetch(`${f.server.url}/rpc`, {
        method: "POST",
        headers: v1,
        body: JSON.stringify({
          jsonrpc: "2.0",
          id: 1,
          method: "SendMessage",
          params: {
            message: {
              messageId: crypto.randomUUID(),
              role: "ROLE_USER",
              parts: [{ text: "hold" }],
            },
            configuration: { returnImmediately: true },
          },
        }),
      })
    ).json();
    const taskId = sent.result.task.id as string;

    const viaRpc = await rpc03(f.server.url, "tasks/pushNotificationConfig/set", {
      taskId,
      pushNotificationConfig: { id: "rpc03", url: webhook("rpc03"), token: "t-rpc03" },
    });
    expect((await viaRpc.json()).result).toBeDefined();
    const viaRest = await fetch(`${f.server.url}/rest/v1/tasks/${taskId}/pushNotificationConfigs`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({
        name: `tasks/${taskId}/pushNotificationConfigs/rest03`,
        pushNotificationConfig: { id: "rest03", url: webhook("rest03"), token: "t-rest03" },
      }),
    });
    expect(viaRest.status).toBe(201);
    const viaV1 = await fetch(`${f.server.url}/rest/tasks/${taskId}/pushNotificationConfigs`, {
      method: "POST",
      headers: v1,
      body: JSON.stringify({ taskId, id: "v10", url: webhook("v10"), token: "t-v10" }),
    });
    expect(viaV1.status).toBe(201);

    await until(() => f.waiting() >= 1);
    f.release();
    const ended = (path: string) => (all: typeof hook.received) =>
      all.some((r) => r.path === `/${path}` && /completed|COMPLETED/.test(r.body));
    await Promise.all(["rpc03", "rest03", "v10"].map((p) => hook.until(ended(p))));

    for (const path of ["rpc03", "rest03"]) {
      const posts = hook.received.filter((r) => r.path === `/${path}`);
      expect(posts.length).toBeGreaterThanOrEqual(2);
      for (const r of posts) {
        expect(r.headers["content-type"]).toBe("application/json");
        expect(r.headers["x-a2a-notification-token"]).toBe(`t-${path}`);
        const body = JSON.parse(r.body);
        expect(v03Problems(body), r.body).toEqual([]);
      }
      const bodies = posts.map((r) => JSON.parse(r.body));
      expect(bodies.map((b) => b.kind)).toContain("artifact-update");
      expect(bodies.at(-1)).toMatchObject({
        kind: "status-update",
        taskId,
        status: { state: "completed" },
        final: true,
      });
    }

    const posts = hook.received.filter((r) => r.path === "/v10");
    expect(posts.length).toBeGreaterThanOrEqual(2);
    for (const r of posts) {
      expect(r.headers["content-type"]).toBe("application/a2a+json");
      expect(r.headers["x-a2a-notification-token"]).toBe("t-v10");
      const body = JSON.parse(r.body);
      expect(parse(StreamResponse, body).success, r.body).toBe(true);
      expect(body.kind).toBeUndefined();
    }
    const last = JSON.parse(posts.at(-1)?.body ?? "{}");
    expect(last.statusUpdate).toMatchObject({ taskId, status: { state: "TASK_STATE_COMPLETED" } });
    expect(last.statusUpdate.final).toBeUndefined();
  });
});
