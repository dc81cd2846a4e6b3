import type { RequestContext, TaskUpdater } from "@a2akit/server-core";
import { streamCompletion } from "./openai.js";
import { commandText, type Skill } from "./types.js";

/** Words per streamed chunk of the built-in reply. */
const WORDS_PER_CHUNK = 3;

/**
 * Answers text, streaming the reply as appended artifact chunks. With OPENAI_BASE_URL set the
 * reply comes from that model; otherwise it is a fixed, deterministic answer.
 */
export const chat: Skill = async (ctx, task, env) => {
  const text = commandText(ctx.message);
  if (!text) {
    await task.inputRequired("Say something, or try /convert, /report, /inspect or /secure.");
    return;
  }
  await task.working();
  if (env.config.openai) {
    await streamCompletion(ctx, task, env.config.openai, env.log);
    return;
  }
  await streamChunks(task, builtinReply(text));
  await task.complete();
};

/** The reply used when no model is configured: same input, same output. */
export function builtinReply(text: string): string {
  return (
    `You said: "${text}". I am the a2akit reference agent, answering without a language model. ` +
    "Try /convert 10 km to mi, /report 5s, /inspect with a file, or /secure."
  );
}

async function streamChunks(task: TaskUpdater, reply: string): Promise<void> {
  const words = reply.split(" ");
  let artifactId: string | undefined;
  for (let i = 0; i < words.length; i += WORDS_PER_CHUNK) {
    const chunk =
      words.slice(i, i + WORDS_PER_CHUNK).join(" ") +
      (i + WORDS_PER_CHUNK < words.length ? " " : "");
    const last = i + WORDS_PER_CHUNK >= words.length;
    artifactId = await task.artifact({
      name: "reply",
      parts: [{ text: chunk }],
      ...(artifactId ? { artifactId, append: true } : {}),
      lastChunk: last,
    });
  }
}

/** Role and text of each message of the task, for a model's conversation. */
export function transcript(ctx: RequestContext): { role: "user" | "assistant"; content: string }[] {
  return ctx.history
    .map((m) => ({
      role: m.role === "ROLE_USER" ? ("user" as const) : ("assistant" as const),
      content: commandText(m),
    }))
    .filter((m) => m.content.length > 0);
}
