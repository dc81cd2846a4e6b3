import { type Artifact, appendParts, type StreamResponse, type Task } from "@a2akit/types";

/**
 * Folds a stream's events into the task they describe, as the server's stored task would look:
 * a `task` event replaces the view, status updates replace the status, artifact updates add or
 * replace artifacts (or, with `append`, extend their parts).
 */
export function applyEvent(view: Task | undefined, event: StreamResponse): Task | undefined {
  if (event.task) return structuredClone(event.task);
  if (event.statusUpdate) {
    const u = event.statusUpdate;
    const base = view ?? { id: u.taskId, contextId: u.contextId, status: u.status };
    return { ...base, status: u.status };
  }
  if (event.artifactUpdate) {
    const u = event.artifactUpdate;
    const base: Task = view ?? {
      id: u.taskId,
      contextId: u.contextId,
      status: { state: "TASK_STATE_WORKING" },
    };
    const artifacts = [...(base.artifacts ?? [])];
    const at = artifacts.findIndex((a) => a.artifactId === u.artifact.artifactId);
    if (at === -1) artifacts.push(u.artifact);
    else if (u.append) {
      const prev = artifacts[at] as Artifact;
      // Not a fresh copy of every part: a long appended stream would then cost O(K²).
      artifacts[at] = appendParts(prev, u.artifact.parts);
    } else artifacts[at] = u.artifact;
    return { ...base, artifacts };
  }
  return view;
}

/**
 * True when a snapshot shows nothing the view has not: same status (state, timestamp, status
 * message) and the same artifacts. History is ignored: servers trim it freely.
 */
export function sameProgress(view: Task, snapshot: Task): boolean {
  const a = view.status;
  const b = snapshot.status;
  if (a.state !== b.state || a.timestamp !== b.timestamp) return false;
  if (a.message?.messageId !== b.message?.messageId) return false;
  return canonical(view.artifacts ?? []) === canonical(snapshot.artifacts ?? []);
}

function canonical(artifacts: readonly Artifact[]): string {
  return JSON.stringify(
    [...artifacts]
      .sort((x, y) => (x.artifactId < y.artifactId ? -1 : x.artifactId > y.artifactId ? 1 : 0))
      .map((a) => [a.artifactId, a.parts]),
  );
}

/** The text of every text part of every artifact of a task, joined with `separator`. */
export function artifactText(task: Pick<Task, "artifacts">, separator = ""): string {
  return (task.artifacts ?? [])
    .flatMap((a) => a.parts)
    .filter((p) => p.text !== undefined)
    .map((p) => p.text)
    .join(separator);
}
