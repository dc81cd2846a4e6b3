import {
  type Artifact,
  agentMessage,
  canTransition,
  InvalidAgentResponseError,
  isTerminal,
  type Message,
  newId,
  type StreamResponse,
  type TaskArtifactUpdateEvent,
  type TaskState,
  type TaskStatus,
} from "@a2akit/types";
import { applyArtifact, applyStatus } from "../handler/apply-event.js";
import type { TaskWriter } from "../handler/task-writer.js";
import { isoTimestamp } from "../iso-time.js";
import {
  type ArtifactInput,
  type MessageInput,
  TaskClosedError,
  type TaskUpdater,
} from "./types.js";

/** What an updater needs from the run it belongs to. */
export interface UpdaterHost {
  readonly taskId: string;
  readonly contextId: string;
  readonly writer: TaskWriter;
  readonly maxHistory: number;
  now(): number;
  /**
   * Creates the task on its first update; `undefined` once it exists, so an update to an
   * existing task does not wait a turn for nothing.
   */
  ensureTask(): Promise<void> | undefined;
  /** Answers without a task; false when a task already exists (the reply then completes it). */
  reply(message: Message): boolean;
  /** Throws when no more updates are accepted (after a message reply). */
  checkOpen(): void;
}

/** Turns text, parts or a message into an agent message bound to the task and context. */
export function toAgentMessage(
  input: MessageInput,
  contextId: string,
  taskId: string | undefined,
): Message {
  if (typeof input === "string" || Array.isArray(input)) {
    return agentMessage(
      taskId === undefined ? { parts: input, contextId } : { parts: input, contextId, taskId },
    );
  }
  const m: Message = { ...input, contextId: input.contextId ?? contextId };
  if (taskId !== undefined && m.taskId === undefined) m.taskId = taskId;
  return m;
}

/** Builds the updater an executor (or its cancel hook) writes through. */
export function createUpdater(host: UpdaterHost): TaskUpdater {
  const { taskId, contextId, writer } = host;

  async function setStatus(
    state: TaskState,
    input?: MessageInput,
    given?: { status?: TaskStatus; metadata?: Record<string, unknown> },
  ): Promise<void> {
    host.checkOpen();
    const creating = host.ensureTask();
    if (creating) await creating;
    let status: TaskStatus;
    if (given?.status) {
      status = given.status.timestamp
        ? given.status
        : { ...given.status, timestamp: isoTimestamp(host.now()) };
    } else {
      status = { state, timestamp: isoTimestamp(host.now()) };
      if (input !== undefined) status.message = toAgentMessage(input, contextId, taskId);
    }
    await writer.commit((task) => {
      const from = task.status.state;
      if (isTerminal(from)) throw new TaskClosedError(taskId, from);
      if (!canTransition(from, state)) {
        throw new InvalidAgentResponseError(`A task cannot move from ${from} to ${state}`);
      }
      const event: StreamResponse = {
        statusUpdate: given?.metadata
          ? { taskId, contextId, status, metadata: given.metadata }
          : { taskId, contextId, status },
      };
      return { task: applyStatus(task, status, host.maxHistory), event };
    });
  }

  async function putArtifact(event: TaskArtifactUpdateEvent): Promise<void> {
    host.checkOpen();
    if (event.artifact.parts.length === 0) {
      throw new InvalidAgentResponseError("An artifact needs at least one part");
    }
    const creating = host.ensureTask();
    if (creating) await creating;
    await writer.commit((task) => {
      const from = task.status.state;
      if (isTerminal(from)) throw new TaskClosedError(taskId, from);
      return { task: applyArtifact(task, event), event: { artifactUpdate: event } };
    });
  }

  function checkIds(event: { taskId?: string; contextId?: string }): void {
    if (event.taskId && event.taskId !== taskId) {
      throw new InvalidAgentResponseError(
        `An event for task ${event.taskId} was emitted on task ${taskId}`,
      );
    }
    if (event.contextId && event.contextId !== contextId) {
      throw new InvalidAgentResponseError(
        `An event for context ${event.contextId} was emitted in context ${contextId}`,
      );
    }
  }

  const updater: TaskUpdater = {
    taskId,
    contextId,
    get state() {
      return writer.current?.task.status.state;
    },
    working: (m) => setStatus("TASK_STATE_WORKING", m),
    inputRequired: (m) => setStatus("TASK_STATE_INPUT_REQUIRED", m),
    authRequired: (m) => setStatus("TASK_STATE_AUTH_REQUIRED", m),
    complete: (m) => setStatus("TASK_STATE_COMPLETED", m),
    fail: (m) => setStatus("TASK_STATE_FAILED", m),
    reject: (m) => setStatus("TASK_STATE_REJECTED", m),
    cancel: (m) => setStatus("TASK_STATE_CANCELED", m),
    async artifact(input: ArtifactInput): Promise<string> {
      const artifact: Artifact = {
        artifactId: input.artifactId ?? newId(),
        parts: input.parts.slice(),
      };
      if (input.name !== undefined) artifact.name = input.name;
      if (input.description !== undefined) artifact.description = input.description;
      if (input.metadata !== undefined) artifact.metadata = input.metadata;
      if (input.extensions !== undefined) artifact.extensions = input.extensions;
      const event: TaskArtifactUpdateEvent = { taskId, contextId, artifact };
      if (input.append) event.append = true;
      if (input.lastChunk) event.lastChunk = true;
      await putArtifact(event);
      return artifact.artifactId;
    },
    async reply(input: MessageInput): Promise<void> {
      host.checkOpen();
      if (host.reply(toAgentMessage(input, contextId, undefined))) return;
      await setStatus("TASK_STATE_COMPLETED", input);
    },
    async emit(event: StreamResponse): Promise<void> {
      if (event.statusUpdate) {
        checkIds(event.statusUpdate);
        const { status, metadata } = event.statusUpdate;
        return setStatus(status.state, undefined, metadata ? { status, metadata } : { status });
      }
      if (event.artifactUpdate) {
        checkIds(event.artifactUpdate);
        return putArtifact({ ...event.artifactUpdate, taskId, contextId });
      }
      if (event.message) return updater.reply(event.message);
      throw new InvalidAgentResponseError(
        "emit() takes a status update, an artifact update or a message; the handler keeps the task snapshot",
      );
    },
  };
  return updater;
}
