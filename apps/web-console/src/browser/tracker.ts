import { applyEvent } from "@a2akit/client";
import type { StreamResponse, Task, TaskStatus } from "@a2akit/types";

/** What the console knows about one task: the latest view and every status it has seen. */
export interface TrackedTask {
  task: Task;
  /** Statuses in the order they were seen, oldest first, without repeats. */
  timeline: TaskStatus[];
}

/**
 * Folds everything the console learns about tasks (stream events from the chat or a
 * subscription, GetTask and CancelTask answers) into one view per task. A task read with GetTask
 * only shows its current status, so the timeline is what makes the stream's intermediate states
 * visible after the fact.
 */
export class TaskTracker {
  private readonly tasks = new Map<string, TrackedTask>();
  private readonly listeners = new Set<(taskId: string) => void>();

  get(taskId: string): TrackedTask | undefined {
    return this.tasks.get(taskId);
  }

  /** Calls `listener` with the task id after every change; returns the unsubscribe function. */
  onChange(listener: (taskId: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Records one stream event; returns the id of the task it touched, if any. */
  applyEvent(event: StreamResponse): string | undefined {
    const taskId =
      event.task?.id ?? event.statusUpdate?.taskId ?? event.artifactUpdate?.taskId ?? undefined;
    if (!taskId) return undefined;
    const entry = this.tasks.get(taskId);
    const before = entry?.task;
    let next = applyEvent(before, event) as Task;
    // A snapshot may trim or omit history; keep what was already known.
    if (event.task && !event.task.history?.length && before?.history?.length) {
      next = { ...next, history: before.history };
    }
    this.store(next, entry?.timeline ?? []);
    return taskId;
  }

  /** Records a whole task (from GetTask, CancelTask, ListTasks or a blocking SendMessage). */
  applyTask(task: Task): void {
    this.applyEvent({ task });
  }

  private store(task: Task, previous: TaskStatus[]): void {
    const timeline = [...previous];
    const last = timeline[timeline.length - 1];
    if (!last || !sameStatus(last, task.status)) timeline.push(task.status);
    this.tasks.set(task.id, { task, timeline });
    for (const listener of this.listeners) listener(task.id);
  }
}

/** Two statuses are one timeline entry when state, time and message all match. */
function sameStatus(a: TaskStatus, b: TaskStatus): boolean {
  return (
    a.state === b.state &&
    a.timestamp === b.timestamp &&
    a.message?.messageId === b.message?.messageId
  );
}
