import type { RequestContext, TaskUpdater } from "@a2akit/server-core";
import type { Message } from "@a2akit/types";
import type { Logger } from "pino";
import type { AgentConfig } from "../config.js";

/** What every skill may use besides the request. */
export interface SkillEnv {
  readonly config: AgentConfig;
  readonly log: Logger;
}

/** One skill: handles a message for a task routed to it. */
export type Skill = (ctx: RequestContext, task: TaskUpdater, env: SkillEnv) => Promise<void>;

/** The message's text with a leading `/skill` word removed. */
export function commandText(message: Message): string {
  const text = message.parts
    .filter((p) => p.text !== undefined)
    .map((p) => p.text)
    .join("\n");
  return text.replace(/^\s*\/[a-z][\w-]*\b/i, "").trim();
}

/** The user messages of the task so far, oldest first (the current one last). */
export function userMessages(ctx: RequestContext): Message[] {
  return ctx.history.filter((m) => m.role === "ROLE_USER");
}

/** The JSON objects carried by the message's data parts. */
export function dataObjects(message: Message): Record<string, unknown>[] {
  return message.parts
    .map((p) => p.data)
    .filter(
      (d): d is Record<string, unknown> => typeof d === "object" && d !== null && !Array.isArray(d),
    );
}
