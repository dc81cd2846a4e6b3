import { readSse } from "@a2akit/client";
import type { RequestContext, TaskUpdater } from "@a2akit/server-core";
import type { Logger } from "pino";
import type { AgentConfig } from "../config.js";
import { transcript } from "./chat.js";

const SYSTEM_PROMPT = "You are the a2akit reference agent. Answer briefly.";

/**
 * Streams a reply from an OpenAI-compatible `/chat/completions` endpoint (`stream: true`) into
 * one artifact, a chunk per delta. Endpoint failures fail the task with a readable message;
 * the error details go to the log only.
 */
export async function streamCompletion(
  ctx: RequestContext,
  task: TaskUpdater,
  openai: NonNullable<AgentConfig["openai"]>,
  log: Logger,
): Promise<void> {
  const headers: Record<string, string> = { "Content-Type": "application/json" };
  if (openai.apiKey) headers.Authorization = `Bearer ${openai.apiKey}`;
  let res: Response;
  try {
    res = await fetch(`${openai.baseUrl}/chat/completions`, {
      method: "POST",
      headers,
      signal: ctx.signal,
      body: JSON.stringify({
        model: openai.model,
        stream: true,
        messages: [{ role: "system", content: SYSTEM_PROMPT }, ...transcript(ctx)],
      }),
    });
  } catch (error) {
    if (ctx.signal.aborted) return;
    log.warn({ err: error }, "model endpoint unreachable");
    await task.fail("The language model endpoint could not be reached.");
    return;
  }
  if (!res.ok || !res.body) {
    log.warn({ status: res.status }, "model endpoint refused the request");
    await res.body?.cancel();
    await task.fail(`The language model endpoint answered HTTP ${res.status}.`);
    return;
  }
  let artifactId: string | undefined;
  try {
    for await (const event of readSse(res.body)) {
      if (event.data.trim() === "[DONE]") break;
      const delta = deltaOf(event.data);
      if (!delta) continue;
      artifactId = await task.artifact({
        name: "reply",
        parts: [{ text: delta }],
        ...(artifactId ? { artifactId, append: true } : {}),
      });
    }
  } catch (error) {
    if (ctx.signal.aborted) return;
    log.warn({ err: error }, "model stream broke");
    await task.fail("The language model stream broke off.");
    return;
  }
  // The last chunk is only known once the stream ends, so close the artifact with an empty one.
  await task.artifact({
    name: "reply",
    parts: [{ text: "" }],
    ...(artifactId ? { artifactId, append: true } : {}),
    lastChunk: true,
  });
  await task.complete();
}

function deltaOf(data: string): string | undefined {
  try {
    const chunk = JSON.parse(data) as { choices?: { delta?: { content?: unknown } }[] };
    const content = chunk.choices?.[0]?.delta?.content;
    return typeof content === "string" && content.length > 0 ? content : undefined;
  } catch {
    return undefined;
  }
}
