import {
  type Artifact,
  appendParts,
  type Message,
  settleParts,
  type Task,
  type TaskArtifactUpdateEvent,
  type TaskStatus,
} from "@a2akit/types";

/**
 * Applies a status change to a snapshot without mutating it. The previous status message moves
 * into history, so history reads as the conversation and the current message lives in `status`.
 */
export function applyStatus(task: Task, status: TaskStatus, maxHistory: number): Task {
  const previous = task.status.message;
  const history = previous ? appendBounded(task.history, previous, maxHistory) : task.history;
  const next: Task = { ...task, status };
  if (history) next.history = history;
  // A task that stops here goes back to callers as a result: its artifacts read as plain arrays.
  if (status.state !== "TASK_STATE_WORKING") settleParts(next.artifacts);
  return next;
}

/**
 * Applies an artifact update: `append` adds the parts to the artifact with the same id (or
 * starts it), otherwise the artifact is added or replaces the one with that id. Only the array
 * holding the changed artifact is copied (structural sharing), and appended parts are not
 * copied at all (see `appendParts`).
 */
export function applyArtifact(task: Task, event: TaskArtifactUpdateEvent): Task {
  const incoming = event.artifact;
  const artifacts = task.artifacts ? task.artifacts.slice() : [];
  const i = artifacts.findIndex((a) => a.artifactId === incoming.artifactId);
  if (i < 0) {
    artifacts.push(incoming);
  } else if (event.append) {
    const current = artifacts[i] as Artifact;
    const merged = appendParts(current, incoming.parts);
    if (incoming.name !== undefined) merged.name = incoming.name;
    if (incoming.description !== undefined) merged.description = incoming.description;
    if (incoming.metadata !== undefined) {
      merged.metadata = { ...current.metadata, ...incoming.metadata };
    }
    if (incoming.extensions !== undefined) {
      merged.extensions = [...new Set([...(current.extensions ?? []), ...incoming.extensions])];
    }
    artifacts[i] = merged;
  } else {
    artifacts[i] = incoming;
  }
  return { ...task, artifacts };
}

/** Appends a message to the task's history, keeping at most `max` of the newest. */
export function applyMessage(task: Task, message: Message, max: number): Task {
  return { ...task, history: appendBounded(task.history, message, max) };
}

function appendBounded(history: Message[] | undefined, message: Message, max: number): Message[] {
  const list = history ? history.concat(message) : [message];
  return list.length > max ? list.slice(list.length - max) : list;
}
