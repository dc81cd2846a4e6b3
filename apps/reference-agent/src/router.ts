import type { RequestContext } from "@a2akit/server-core";
import { InvalidParamsError, type Message } from "@a2akit/types";

/** The skills this agent has, in the order the card lists them. */
export const SKILL_IDS = ["chat", "convert", "report", "inspect", "secure"] as const;
/** A skill id. */
export type SkillId = (typeof SKILL_IDS)[number];

/**
 * Which skill handles a message. The routing rule, also in the README:
 * 1. the task's first message decides for the whole task, so follow-ups need no prefix;
 * 2. `metadata.skill` on that message (or on the request) names the skill;
 * 3. else a leading `/skill` word in its text (`/convert 10 km to mi`);
 * 4. else a message carrying a file goes to `inspect`, anything else to `chat`.
 * An unknown skill name is refused with InvalidParams before any task exists.
 */
export function routeSkill(ctx: RequestContext): SkillId {
  const first = ctx.history.find((m) => m.role === "ROLE_USER") ?? ctx.message;
  const named = first.metadata?.skill ?? (ctx.task ? undefined : ctx.metadata?.skill);
  if (named !== undefined) return checked(String(named));
  const word = leadingCommand(first);
  if (word !== undefined) return checked(word);
  if (first.parts.some((p) => p.raw !== undefined || p.url !== undefined)) return "inspect";
  return "chat";
}

function leadingCommand(message: Message): string | undefined {
  const text = message.parts.find((p) => p.text !== undefined)?.text ?? "";
  return /^\s*\/([a-z][\w-]*)\b/i.exec(text)?.[1]?.toLowerCase();
}

function checked(name: string): SkillId {
  if ((SKILL_IDS as readonly string[]).includes(name)) return name as SkillId;
  throw new InvalidParamsError(
    `Unknown skill "${name}". Skills: ${SKILL_IDS.join(", ")} (start the text with /<skill> or set metadata.skill).`,
  );
}
