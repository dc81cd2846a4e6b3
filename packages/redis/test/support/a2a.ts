import type { StreamResponse, Task } from "@a2akit/types";

const H = { "A2A-Version": "1.0", "Content-Type": "application/json" };
let n = 0;

/** One JSON-RPC call; returns `result` or throws the JSON-RPC error. */
export async function rpc<T = unknown>(url: string, method: string, params: unknown): Promise<T> {
  const res = await fetch(url, {
    method: "POST",
    headers: H,
    body: JSON.stringify({ jsonrpc: "2.0", id: ++n, method, params }),
  });
  const body = (await res.json()) as { result?: T; error?: { message: string } };
  if (body.error) throw new Error(`${method}: ${body.error.message}`);
  return body.result as T;
}

/** A user message with the given text. */
export function message(text: string, extra: Record<string, unknown> = {}) {
  return {
    message: { messageId: crypto.randomUUID(), role: "ROLE_USER", parts: [{ text }], ...extra },
  };
}

/** A JSON-RPC streaming call, as an async iterator of its stream items. */
export async function* stream(
  url: string,
  method: string,
  params: unknown,
): AsyncGenerator<StreamResponse> {
  const res = await fetch(url, {
    method: "POST",
    headers: { ...H, Accept: "text/event-stream" },
    body: JSON.stringify({ jsonrpc: "2.0", id: ++n, method, params }),
  });
  if (!res.body) throw new Error(`${method}: no body`);
  const decoder = new TextDecoder();
  let buf = "";
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    buf += decoder.decode(chunk, { stream: true });
    for (let i = buf.indexOf("\n\n"); i >= 0; i = buf.indexOf("\n\n")) {
      const frame = buf.slice(0, i);
      buf = buf.slice(i + 2);
      const data = frame
        .split("\n")
        .filter((l) => l.startsWith("data:"))
        .map((l) => l.slice(5).trim())
        .join("\n");
      if (!data) continue;
      const item = JSON.parse(data) as { result?: StreamResponse; error?: { message: string } };
      if (item.error) throw new Error(`${method}: ${item.error.message}`);
      yield item.result as StreamResponse;
    }
  }
}

/** Every artifact id a stream item carries (snapshot or update). */
export function artifactIds(item: StreamResponse): string[] {
  if (item.task) return (item.task.artifacts ?? []).map((a) => a.artifactId);
  if (item.artifactUpdate) return [item.artifactUpdate.artifact.artifactId];
  return [];
}

/** The state a stream item reports, if any. */
export function stateOf(item: StreamResponse): string | undefined {
  return item.task?.status.state ?? item.statusUpdate?.status.state;
}

/** Convenience for GetTask. */
export function getTask(url: string, id: string): Promise<Task> {
  return rpc<Task>(url, "GetTask", { id });
}
