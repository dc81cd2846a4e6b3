import { type AgentExecutor, defineAgent } from "@a2akit/server-core";
import type { Logger } from "pino";
import type { AgentConfig } from "./config.js";
import { routeSkill, type SkillId } from "./router.js";
import { chat } from "./skills/chat.js";
import { convert } from "./skills/convert.js";
import { inspect } from "./skills/inspect.js";
import { report } from "./skills/report.js";
import { secure } from "./skills/secure.js";
import type { Skill } from "./skills/types.js";

const SKILLS: Record<SkillId, Skill> = { chat, convert, report, inspect, secure };

/** The agent's executor: routes each message to a skill (see router.ts) and logs the outcome. */
export function createExecutor(config: AgentConfig, log: Logger): AgentExecutor {
  return defineAgent(async (ctx, task) => {
    const skill = routeSkill(ctx);
    const taskLog = log.child({ taskId: ctx.taskId, contextId: ctx.contextId, skill });
    taskLog.info({ continues: ctx.task !== undefined }, "message received");
    await SKILLS[skill](ctx, task, { config, log: taskLog });
    taskLog.info({ state: task.state }, "message handled");
  });
}
