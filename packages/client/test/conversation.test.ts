import { afterEach, describe, expect, it } from "vitest";
import { A2AClient, artifactText } from "../src/index.js";
import {
  cardFor,
  rpcResult,
  startServer,
  startSse,
  type TestServer,
  writeEvent,
} from "./support/http-server.js";

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe("Conversation.stream", () => {
  it("keeps conversation.task up to date with every event, artifacts included", async () => {
    server = await startServer(async (q, res) => {
      const { id } = q.json as { id: unknown };
      startSse(res);
      const base = { taskId: "t1", contextId: "c1" };
      await writeEvent(
        res,
        rpcResult(id, {
          task: { id: "t1", contextId: "c1", status: { state: "TASK_STATE_SUBMITTED" } },
        }),
      );
      await writeEvent(
        res,
        rpcResult(id, {
          artifactUpdate: { ...base, artifact: { artifactId: "a", parts: [{ text: "hello" }] } },
        }),
      );
      await writeEvent(
        res,
        rpcResult(id, {
          statusUpdate: { ...base, status: { state: "TASK_STATE_COMPLETED" } },
        }),
      );
      res.end();
    });
    const chat = new A2AClient(cardFor(`${server.url}/rpc`)).conversation();
    for await (const _event of chat.stream("hi")) {
      // consume
    }
    expect(chat.task?.status.state).toBe("TASK_STATE_COMPLETED");
    expect(artifactText(chat.task ?? {})).toBe("hello");
    expect(chat.taskId).toBeUndefined();
    expect(chat.contextId).toBe("c1");
  });
});
