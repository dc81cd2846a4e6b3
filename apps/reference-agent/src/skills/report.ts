import { setTimeout as sleep } from "node:timers/promises";
import { TaskClosedError } from "@a2akit/server-core";
import { agentMessage, bytesToBase64, InvalidParamsError } from "@a2akit/types";
import { commandText, dataObjects, type Skill } from "./types.js";

/** Caps that keep one request from holding the server for long. */
export const REPORT_LIMITS = { maxSeconds: 120, maxSteps: 50, defaultSeconds: 5, defaultSteps: 5 };

/** How long the job runs and in how many steps. */
export interface ReportPlan {
  seconds: number;
  steps: number;
}

/**
 * A long-running job: `steps` progress updates spread over `seconds`, then a CSV and a Markdown
 * file artifact. Cancel (or shutdown) aborts the wait at once; nothing is written after that.
 */
export const report: Skill = async (ctx, task, env) => {
  const plan = reportPlan(ctx.message);
  const stepMs = (plan.seconds * 1000) / plan.steps;
  await task.working(`Building a report: ${plan.steps} steps over ${plan.seconds} s`);
  const rows: { step: number; value: number }[] = [];
  try {
    for (let step = 1; step <= plan.steps; step++) {
      await sleep(stepMs, undefined, { signal: ctx.signal });
      rows.push({ step, value: step * step });
      await task.working(
        agentMessage({
          parts: `Step ${step}/${plan.steps} done`,
          metadata: { step, steps: plan.steps },
        }),
      );
    }
  } catch (error) {
    // Aborted: the task was canceled (already recorded) or the server is shutting down.
    if (ctx.signal.aborted || error instanceof TaskClosedError) {
      env.log.info({ taskId: ctx.taskId }, "report stopped");
      return;
    }
    throw error;
  }
  const encoder = new TextEncoder();
  const csv = ["step,value", ...rows.map((r) => `${r.step},${r.value}`)].join("\n");
  const md = [
    "# Report",
    "",
    `${plan.steps} steps over ${plan.seconds} s.`,
    "",
    "| step | value |",
    "| ---- | ----- |",
    ...rows.map((r) => `| ${r.step} | ${r.value} |`),
  ].join("\n");
  await task.artifact({
    name: "report.csv",
    parts: [
      {
        raw: bytesToBase64(encoder.encode(`${csv}\n`)),
        filename: "report.csv",
        mediaType: "text/csv",
      },
    ],
  });
  await task.artifact({
    name: "report.md",
    parts: [
      {
        raw: bytesToBase64(encoder.encode(`${md}\n`)),
        filename: "report.md",
        mediaType: "text/markdown",
      },
    ],
  });
  await task.complete(`Report ready: report.csv and report.md (${plan.steps} rows).`);
};

/**
 * Reads the plan from a data part `{seconds, steps}` or text like `5s` / `10s 4 steps`.
 * Out-of-range values are refused with InvalidParams (before the task exists).
 */
export function reportPlan(message: Parameters<typeof commandText>[0]): ReportPlan {
  let seconds: unknown;
  let steps: unknown;
  for (const data of dataObjects(message)) {
    if (data.seconds !== undefined) seconds = data.seconds;
    if (data.steps !== undefined) steps = data.steps;
  }
  const text = commandText(message);
  const s = /(\d+(?:\.\d+)?)\s*s(?:ec(?:onds?)?)?\b/i.exec(text);
  if (s && seconds === undefined) seconds = Number(s[1]);
  const n = /(\d+)\s*steps?\b/i.exec(text);
  if (n && steps === undefined) steps = Number(n[1]);
  const plan = {
    seconds: seconds ?? REPORT_LIMITS.defaultSeconds,
    steps: steps ?? REPORT_LIMITS.defaultSteps,
  };
  if (
    typeof plan.seconds !== "number" ||
    !(plan.seconds >= 0) ||
    plan.seconds > REPORT_LIMITS.maxSeconds
  ) {
    throw new InvalidParamsError(
      `report: seconds must be a number from 0 to ${REPORT_LIMITS.maxSeconds}`,
    );
  }
  if (
    !Number.isInteger(plan.steps) ||
    (plan.steps as number) < 1 ||
    (plan.steps as number) > REPORT_LIMITS.maxSteps
  ) {
    throw new InvalidParamsError(
      `report: steps must be an integer from 1 to ${REPORT_LIMITS.maxSteps}`,
    );
  }
  return plan as ReportPlan;
}
