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
  // A task that stops here goes back to callers as a result: its artifacts read as plain arrays.
  if (status.state !== "TASK_STATE_WORKING") settleParts(task.artifacts);
  return nextSnapshot(task, status, task.artifacts, history);
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
  return nextSnapshot(task, task.status, artifacts, task.history);
}

/** Appends a message to the task's history, keeping at most `max` of the newest. */
export function applyMessage(task: Task, message: Message, max: number): Task {
  return nextSnapshot(task, task.status, task.artifacts, appendBounded(task.history, message, max));
}

/**
 * The snapshot after `task`, built key by key in the schema's order rather than spread from it.
 * V8 gives an object made by a spread a hidden class of its own whenever a key is then added,
 * and once snapshots come in many shapes, every read of their fields (here, in the stores, in
 * the serializer) stops being cached and goes through the runtime. A key the schema does not
 * have is not carried over; ProtoJSON would drop it anyway.
 */
function nextSnapshot(
  task: Task,
  status: TaskStatus,
  artifacts: Artifact[] | undefined,
  history: Message[] | undefined,
): Task {
  const next: Task =
    task.contextId === undefined
      ? { id: task.id, status }
      : { id: task.id, contextId: task.contextId, status };
  if (artifacts !== undefined) next.artifacts = artifacts;
  if (history !== undefined) next.history = history;
  if (task.metadata !== undefined) next.metadata = task.metadata;
  return next;
}

function appendBounded(history: Message[] | undefined, message: Message, max: number): Message[] {
  const list = history ? history.concat(message) : [message];
  return list.length > max ? list.slice(list.length - max) : list;
}
