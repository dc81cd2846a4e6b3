import { z } from "zod";
import { impliedKind } from "./kind.js";
import { V03Message } from "./message.js";
import { V03Metadata, V03Part } from "./part.js";

/** Every v0.3 task state: lowercase kebab-case, including `unknown`. */
export const V03_TASK_STATES = [
  "submitted",
  "working",
  "input-required",
  "completed",
  "canceled",
  "failed",
  "rejected",
  "auth-required",
  "unknown",
] as const;
export const V03TaskState = z.enum(V03_TASK_STATES);
export type V03TaskState = z.output<typeof V03TaskState>;

/** v0.3 `TaskStatus`. `timestamp` is any ISO 8601 string there, zone optional. */
export const V03TaskStatus = z.object({
  state: V03TaskState,
  message: V03Message.optional(),
  timestamp: z.string().optional(),
});
export type V03TaskStatus = z.output<typeof V03TaskStatus>;

/** v0.3 `Artifact`. */
export const V03Artifact = z.object({
  artifactId: z.string(),
  name: z.string().optional(),
  description: z.string().optional(),
  parts: z.array(V03Part),
  metadata: V03Metadata.optional(),
  extensions: z.array(z.string()).optional(),
});
export type V03Artifact = z.output<typeof V03Artifact>;

/** v0.3 `Task`, marked `"kind": "task"` (strict). `contextId` is REQUIRED in v0.3. */
export const V03TaskObject = z.object({
  kind: z.literal("task"),
  id: z.string(),
  contextId: z.string(),
  status: V03TaskStatus,
  artifacts: z.array(V03Artifact).optional(),
  history: z.array(V03Message).optional(),
  metadata: V03Metadata.optional(),
});
/** v0.3 `Task`; a missing `kind` is accepted on input. */
export const V03Task = impliedKind("task", V03TaskObject);
export type V03Task = z.output<typeof V03TaskObject>;
