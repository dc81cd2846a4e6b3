import {
  type AgentCard,
  type AgentSkill,
  PermissionDeniedError,
  UnauthenticatedError,
} from "@a2akit/types";
import type { AgentExecutor, RequestContext } from "../executor/types.js";
import type { User } from "../handler/types.js";
import { requirementsOf } from "./requirements.js";
import type { MaybePromise } from "./types.js";

/**
 * Checks that `user` may use skill `skillId` as the card declares it: when the skill has
 * `securityRequirements`, the user must have authenticated with every scheme of one of them and
 * hold that requirement's scopes. Throws UnauthenticatedError for anonymous callers and
 * PermissionDeniedError (403) otherwise; a skill without requirements is open to every caller
 * the card admits.
 */
export function authorizeSkill(card: AgentCard, skillId: string, user: User): AgentSkill {
  const skill = card.skills.find((s) => s.id === skillId);
  if (!skill) throw new TypeError(`authorizeSkill: the card has no skill "${skillId}"`);
  const requirements = requirementsOf(skill.securityRequirements).filter((r) => r.size > 0);
  if (requirements.length === 0) return skill;
  if (!user.authenticated) {
    throw new UnauthenticatedError(`Skill "${skillId}" is only for authenticated callers`);
  }
  const used = new Set(user.schemes ?? []);
  const granted = new Set(user.scopes ?? []);
  const ok = requirements.some((r) =>
    [...r].every(([scheme, scopes]) => used.has(scheme) && scopes.every((s) => granted.has(s))),
  );
  if (ok) return skill;
  const options = requirements.map((r) =>
    [...r]
      .map(([scheme, scopes]) => (scopes.length ? `${scheme} with ${scopes.join(" ")}` : scheme))
      .join(" and "),
  );
  throw new PermissionDeniedError(`Skill "${skillId}" needs ${options.join(", or ")}`, {
    metadata: { skillId },
  });
}

/** Options of {@link withSkillAuthorization}. */
export interface SkillAuthorizationOptions {
  /** The card whose skills' `securityRequirements` apply (the extended card, if skills differ). */
  readonly card: AgentCard;
  /** Which skill a message is for; `undefined` runs the executor unchecked (no skill chosen). */
  readonly skillOf: (ctx: RequestContext) => string | undefined;
  /**
   * Your own policy on top of the card's requirements: return false (or throw an A2AError) to
   * refuse the skill to this caller.
   */
  readonly authorize?: (
    user: User,
    skill: AgentSkill,
    ctx: RequestContext,
  ) => MaybePromise<boolean>;
}

/**
 * Wraps an executor so every message is authorized for its skill before the agent sees it. A
 * refusal is thrown before the task's first update, so the client gets the 401/403 error and
 * no task is created.
 */
export function withSkillAuthorization(
  executor: AgentExecutor,
  options: SkillAuthorizationOptions,
): AgentExecutor {
  const guarded: AgentExecutor = {
    async execute(ctx, task) {
      const skillId = options.skillOf(ctx);
      if (skillId !== undefined) {
        const skill = authorizeSkill(options.card, skillId, ctx.user);
        if (options.authorize && !(await options.authorize(ctx.user, skill, ctx))) {
          throw new PermissionDeniedError(`This caller may not use skill "${skillId}"`, {
            metadata: { skillId },
          });
        }
      }
      return executor.execute(ctx, task);
    },
  };
  if (executor.cancel) guarded.cancel = executor.cancel.bind(executor);
  return guarded;
}
