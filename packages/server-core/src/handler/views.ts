import type { Task } from "@a2akit/types";

/** The task as a response shows it: at most `historyLength` newest messages, none for 0. */
export function withHistory(task: Task, historyLength: number | undefined): Task {
  if (historyLength === undefined || !task.history) return task;
  if (historyLength === 0) {
    const { history: _omitted, ...rest } = task;
    return rest;
  }
  if (task.history.length <= historyLength) return task;
  return { ...task, history: task.history.slice(task.history.length - historyLength) };
}

/** The task as ListTasks shows it: `artifacts` only when asked for (then always present). */
export function listView(
  task: Task,
  historyLength: number | undefined,
  includeArtifacts: boolean,
): Task {
  const trimmed = withHistory(task, historyLength);
  if (includeArtifacts) return { ...trimmed, artifacts: trimmed.artifacts ?? [] };
  const { artifacts: _omitted, ...rest } = trimmed;
  return rest;
}
