import { dataObjects, type Skill } from "./types.js";

/**
 * The token this demo accepts. Real agents never take credentials in a message: the client
 * obtains them out of band (an OAuth flow, a key exchange) and the agent checks them there.
 */
export const DEMO_TOKEN = "demo-token";

const ASK =
  `This skill needs credentials. Send a follow-up message on this task with a data part ` +
  `{"token": "${DEMO_TOKEN}"} (a demo: real credentials travel out of band).`;

/**
 * Shows TASK_STATE_AUTH_REQUIRED: the task waits until a follow-up message carries the demo
 * token, then finishes. A wrong token asks again.
 */
export const secure: Skill = async (ctx, task) => {
  if (!ctx.task) {
    await task.authRequired(ASK);
    return;
  }
  const token = dataObjects(ctx.message).find((d) => typeof d.token === "string")?.token;
  if (token !== DEMO_TOKEN) {
    await task.authRequired(`That token was not accepted. ${ASK}`);
    return;
  }
  await task.artifact({
    name: "secret",
    parts: [{ text: "Access granted: the vault holds 42 golden doubloons." }],
  });
  await task.complete("Authenticated.");
};
