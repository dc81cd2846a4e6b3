import { z } from "zod";
import { impliedKind, inferredKind } from "./kind.js";
import { V03MessageObject } from "./message.js";
import { V03Metadata } from "./part.js";
import { V03Artifact, V03TaskObject, V03TaskStatus } from "./task.js";

/** v0.3 `TaskStatusUpdateEvent`. `final` is REQUIRED: true on the event that ends the stream. */
export const V03TaskStatusUpdateEventObject = z.object({
  kind: z.literal("status-update"),
  taskId: z.string(),
  contextId: z.string(),
  status: V03TaskStatus,
  final: z.boolean(),
  metadata: V03Metadata.optional(),
});
/** v0.3 status update; a missing `kind` is accepted on input. */
export const V03TaskStatusUpdateEvent = impliedKind(
  "status-update",
  V03TaskStatusUpdateEventObject,
);
export type V03TaskStatusUpdateEvent = z.output<typeof V03TaskStatusUpdateEventObject>;

/** v0.3 `TaskArtifactUpdateEvent`. */
export const V03TaskArtifactUpdateEventObject = z.object({
  kind: z.literal("artifact-update"),
  taskId: z.string(),
  contextId: z.string(),
  artifact: V03Artifact,
  append: z.boolean().optional(),
  lastChunk: z.boolean().optional(),
  metadata: V03Metadata.optional(),
});
/** v0.3 artifact update; a missing `kind` is accepted on input. */
export const V03TaskArtifactUpdateEvent = impliedKind(
  "artifact-update",
  V03TaskArtifactUpdateEventObject,
);
export type V03TaskArtifactUpdateEvent = z.output<typeof V03TaskArtifactUpdateEventObject>;

const IS_TASK = [
  "task",
  (v: Record<string, unknown>) => v.status !== undefined && v.id !== undefined,
] as const;
const IS_MESSAGE = [
  "message",
  (v: Record<string, unknown>) => v.messageId !== undefined && v.parts !== undefined,
] as const;
const IS_STATUS_UPDATE = [
  "status-update",
  (v: Record<string, unknown>) => v.status !== undefined && v.taskId !== undefined,
] as const;
const IS_ARTIFACT_UPDATE = [
  "artifact-update",
  (v: Record<string, unknown>) => v.artifact !== undefined,
] as const;

/**
 * The `result` of `message/send`: a bare Task or Message, told apart by `kind` (inferred from
 * the fields when missing).
 */
export const V03SendMessageResult = inferredKind(
  [IS_TASK, IS_MESSAGE],
  z.discriminatedUnion("kind", [V03TaskObject, V03MessageObject]),
);
export type V03SendMessageResult = z.output<typeof V03SendMessageResult>;

/**
 * One `result` of `message/stream` or `tasks/resubscribe` (and a v0.3 push body): a bare Task,
 * Message, status update or artifact update, told apart by `kind`.
 */
export const V03StreamResult = inferredKind(
  [IS_TASK, IS_MESSAGE, IS_STATUS_UPDATE, IS_ARTIFACT_UPDATE],
  z.discriminatedUnion("kind", [
    V03TaskObject,
    V03MessageObject,
    V03TaskStatusUpdateEventObject,
    V03TaskArtifactUpdateEventObject,
  ]),
);
export type V03StreamResult = z.output<typeof V03StreamResult>;
