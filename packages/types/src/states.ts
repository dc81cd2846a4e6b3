import type { TaskState } from "./v1/enums.js";

/** States a task never leaves: COMPLETED, FAILED, CANCELED, REJECTED. */
export const TERMINAL_STATES: ReadonlySet<TaskState> = new Set([
  "TASK_STATE_COMPLETED",
  "TASK_STATE_FAILED",
  "TASK_STATE_CANCELED",
  "TASK_STATE_REJECTED",
]);

/** States in which the task waits on the client: INPUT_REQUIRED, AUTH_REQUIRED. */
export const INTERRUPTED_STATES: ReadonlySet<TaskState> = new Set([
  "TASK_STATE_INPUT_REQUIRED",
  "TASK_STATE_AUTH_REQUIRED",
]);

/** True when the task can never change again. */
export function isTerminal(state: TaskState): boolean {
  return TERMINAL_STATES.has(state);
}

/** True when the task waits for the client (more input, or credentials). */
export function isInterrupted(state: TaskState): boolean {
  return INTERRUPTED_STATES.has(state);
}

/** True when the task is terminal or interrupted: a blocking call returns, a stream may end. */
export function isFinalForNow(state: TaskState): boolean {
  return isTerminal(state) || isInterrupted(state);
}

const ALL_WORK: TaskState[] = [
  "TASK_STATE_WORKING",
  "TASK_STATE_INPUT_REQUIRED",
  "TASK_STATE_AUTH_REQUIRED",
  "TASK_STATE_COMPLETED",
  "TASK_STATE_FAILED",
  "TASK_STATE_CANCELED",
  "TASK_STATE_REJECTED",
];

/**
 * The allowed moves between states (life-of-a-task). A state may also repeat itself (a second
 * WORKING update with a new message). Terminal states allow nothing.
 */
export const STATE_TRANSITIONS: Readonly<Record<TaskState, readonly TaskState[]>> = {
  TASK_STATE_UNSPECIFIED: [],
  TASK_STATE_SUBMITTED: ["TASK_STATE_SUBMITTED", ...ALL_WORK],
  TASK_STATE_WORKING: ALL_WORK,
  TASK_STATE_INPUT_REQUIRED: ALL_WORK,
  TASK_STATE_AUTH_REQUIRED: ALL_WORK,
  TASK_STATE_COMPLETED: [],
  TASK_STATE_FAILED: [],
  TASK_STATE_CANCELED: [],
  TASK_STATE_REJECTED: [],
};

/** True when a task in state `from` may move to state `to`. */
export function canTransition(from: TaskState, to: TaskState): boolean {
  return STATE_TRANSITIONS[from].includes(to);
}
