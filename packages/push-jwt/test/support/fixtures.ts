import type { StreamResponse } from "@a2akit/types";

/** A status update for `taskId`, with `text` in its message so events can be told apart. */
export function statusUpdate(taskId: string, text = "working"): StreamResponse {
  return {
    statusUpdate: {
      taskId,
      contextId: "ctx-1",
      status: {
        state: "TASK_STATE_WORKING",
        message: {
          messageId: `m-${text}`,
          role: "ROLE_AGENT",
          parts: [{ text }],
        },
      },
    },
  };
}

/** A settable clock in milliseconds since the epoch. */
export function manualClock(start = Date.UTC(2030, 0, 1)) {
  let now = start;
  return {
    now: () => now,
    advance(seconds: number) {
      now += seconds * 1000;
    },
  };
}
