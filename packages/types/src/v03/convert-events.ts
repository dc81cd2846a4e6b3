import { isFinalForNow } from "../states.js";
import type {
  SendMessageResponse,
  StreamResponse,
  TaskArtifactUpdateEvent,
  TaskStatusUpdateEvent,
} from "../v1/events.js";
import {
  artifactFromV03,
  artifactToV03At,
  messageFromV03,
  messageToV03At,
  taskFromV03,
  taskStatusFromV03,
  taskStatusToV03At,
  taskToV03At,
} from "./convert-content.js";
import { cannotConvert } from "./convert-util.js";
import type {
  V03SendMessageResult,
  V03StreamResult,
  V03TaskArtifactUpdateEvent,
  V03TaskStatusUpdateEvent,
} from "./events.js";

/**
 * A v1.0 status update in v0.3 form. v1.0 ends a stream by closing it; v0.3 also marks the last
 * status update with `final: true`, so the caller says whether this event ends the stream.
 */
export function statusUpdateToV03(
  event: TaskStatusUpdateEvent,
  options: { final: boolean },
): V03TaskStatusUpdateEvent {
  const out: V03TaskStatusUpdateEvent = {
    kind: "status-update",
    taskId: event.taskId,
    contextId: event.contextId,
    status: taskStatusToV03At(event.status, "statusUpdate.status"),
    final: options.final,
  };
  if (event.metadata !== undefined) out.metadata = event.metadata;
  return out;
}

/** A v0.3 status update in v1.0 form. `final` is dropped: in v1.0 the stream's end says it. */
export function statusUpdateFromV03(event: V03TaskStatusUpdateEvent): TaskStatusUpdateEvent {
  const out: TaskStatusUpdateEvent = {
    taskId: event.taskId,
    contextId: event.contextId,
    status: taskStatusFromV03(event.status),
  };
  if (event.metadata !== undefined) out.metadata = event.metadata;
  return out;
}

/** A v1.0 artifact update in v0.3 form (`"kind": "artifact-update"`). */
export function artifactUpdateToV03(event: TaskArtifactUpdateEvent): V03TaskArtifactUpdateEvent {
  const out: V03TaskArtifactUpdateEvent = {
    kind: "artifact-update",
    taskId: event.taskId,
    contextId: event.contextId,
    artifact: artifactToV03At(event.artifact, "artifactUpdate.artifact"),
  };
  if (event.append !== undefined) out.append = event.append;
  if (event.lastChunk !== undefined) out.lastChunk = event.lastChunk;
  if (event.metadata !== undefined) out.metadata = event.metadata;
  return out;
}

/** A v0.3 artifact update in v1.0 form. */
export function artifactUpdateFromV03(event: V03TaskArtifactUpdateEvent): TaskArtifactUpdateEvent {
  const out: TaskArtifactUpdateEvent = {
    taskId: event.taskId,
    contextId: event.contextId,
    artifact: artifactFromV03(event.artifact),
  };
  if (event.append !== undefined) out.append = event.append;
  if (event.lastChunk !== undefined) out.lastChunk = event.lastChunk;
  if (event.metadata !== undefined) out.metadata = event.metadata;
  return out;
}

/**
 * One v1.0 stream item as a bare v0.3 stream result. For a status update, `final` defaults to
 * whether its state ends the stream in a2akit (terminal, input-required or auth-required);
 * pass it explicitly when the stream ends for another reason.
 */
export function streamResponseToV03(
  item: StreamResponse,
  options: { final?: boolean } = {},
): V03StreamResult {
  if (item.task) return taskToV03At(item.task, "task");
  if (item.message) return messageToV03At(item.message, "message");
  if (item.statusUpdate) {
    const final = options.final ?? isFinalForNow(item.statusUpdate.status.state);
    return statusUpdateToV03(item.statusUpdate, { final });
  }
  if (item.artifactUpdate) return artifactUpdateToV03(item.artifactUpdate);
  return cannotConvert(
    "(root)",
    "a stream item needs one of task, message, statusUpdate, artifactUpdate",
  );
}

/** A bare v0.3 stream result (told apart by `kind`) as a v1.0 StreamResponse. */
export function streamResponseFromV03(result: V03StreamResult): StreamResponse {
  switch (result.kind) {
    case "task":
      return { task: taskFromV03(result) };
    case "message":
      return { message: messageFromV03(result) };
    case "status-update":
      return { statusUpdate: statusUpdateFromV03(result) };
    case "artifact-update":
      return { artifactUpdate: artifactUpdateFromV03(result) };
  }
}

/** A v1.0 SendMessageResponse as the bare Task or Message v0.3 `message/send` returns. */
export function sendMessageResponseToV03(response: SendMessageResponse): V03SendMessageResult {
  if (response.task) return taskToV03At(response.task, "task");
  if (response.message) return messageToV03At(response.message, "message");
  return cannotConvert("(root)", "a SendMessageResponse needs one of task, message");
}

/** The bare Task or Message of v0.3 `message/send` as a v1.0 SendMessageResponse. */
export function sendMessageResponseFromV03(result: V03SendMessageResult): SendMessageResponse {
  return result.kind === "task"
    ? { task: taskFromV03(result) }
    : { message: messageFromV03(result) };
}
