import { protoEnum } from "../proto.js";

/** Every TaskState wire name, in enum-number order (index = number). */
export const TASK_STATES = [
  "TASK_STATE_UNSPECIFIED",
  "TASK_STATE_SUBMITTED",
  "TASK_STATE_WORKING",
  "TASK_STATE_COMPLETED",
  "TASK_STATE_FAILED",
  "TASK_STATE_CANCELED",
  "TASK_STATE_INPUT_REQUIRED",
  "TASK_STATE_REJECTED",
  "TASK_STATE_AUTH_REQUIRED",
] as const;

/** The lifecycle state of a task. */
export const TaskState = protoEnum(TASK_STATES);
export type TaskState = (typeof TASK_STATES)[number];

/** Every Role wire name, in enum-number order. */
export const ROLES = ["ROLE_UNSPECIFIED", "ROLE_USER", "ROLE_AGENT"] as const;

/** Who sent a message: the client (`ROLE_USER`) or the agent (`ROLE_AGENT`). */
export const Role = protoEnum(ROLES);
export type Role = (typeof ROLES)[number];
