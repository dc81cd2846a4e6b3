import { Agent, request } from "node:http";

let nextId = 0;

/** A JSON-RPC SendMessage / SendStreamingMessage body carrying `text`. */
export function sendBody(
  text: string,
  method: "SendMessage" | "SendStreamingMessage" = "SendMessage",
): string {
  const id = ++nextId;
  return JSON.stringify({
    jsonrpc: "2.0",
    id,
    method,
    params: {
      message: { messageId: `bench-${process.pid}-${id}`, role: "ROLE_USER", parts: [{ text }] },
    },
  });
}

/** A JSON-RPC SubscribeToTask body. */
export function subscribeBody(taskId: string): string {
  return JSON.stringify({
    jsonrpc: "2.0",
    id: ++nextId,
    method: "SubscribeToTask",
    params: { id: taskId },
  });
}

export const HEADERS = { "Content-Type": "application/json", "A2A-Version": "1.0" };

/** POSTs a JSON body and returns the parsed answer; rejects on a non-200 status. */
export function postJson(url: string, body: string, agent?: Agent): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: "POST", headers: HEADERS, agent }, (res) => {
      let data = "";
      res.setEncoding("utf8");
      res.on("data", (d: string) => {
        data += d;
      });
      res.on("end", () => {
        if (res.statusCode !== 200) reject(new Error(`HTTP ${res.statusCode}: ${data}`));
        else {
          try {
            resolve(JSON.parse(data));
          } catch (error) {
            reject(error);
          }
        }
      });
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(body);
  });
}

/** Sends `count` SendMessage calls, `concurrency` at a time, over kept-alive connections. */
export async function sendMany(url: string, count: number, concurrency: number): Promise<void> {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  let sent = 0;
  const worker = async () => {
    while (sent < count) {
      sent++;
      const answer = (await postJson(url, sendBody("hello"), agent)) as { result?: unknown };
      if (!answer.result) throw new Error(`SendMessage failed: ${JSON.stringify(answer)}`);
    }
  };
  try {
    await Promise.all(Array.from({ length: concurrency }, worker));
  } finally {
    agent.destroy();
  }
}

/** The completed task a SendMessage answered with, checked for the echo agent's shape. */
export function checkEchoAnswer(answer: unknown, text: string): void {
  const task = (answer as { result?: { task?: Record<string, unknown> } }).result?.task as
    | { status?: { state?: string }; artifacts?: { parts?: { text?: string }[] }[] }
    | undefined;
  const state = task?.status?.state;
  const echoed = task?.artifacts?.[0]?.parts?.[0]?.text;
  if (state !== "TASK_STATE_COMPLETED" || echoed !== `You said: ${text}`) {
    throw new Error(`not the echo answer: ${JSON.stringify(answer).slice(0, 500)}`);
  }
}
