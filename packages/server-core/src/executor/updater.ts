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
  taskReady(): Promise<void> | undefined;
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
  return new Updater(host);
}

/**
 * The updater. Its moves are own arrow functions, so `const { complete } = task` keeps working;
 * `state` is a getter on the prototype. An object literal with a getter would cost V8 a hidden
 * class of its own per run (about 0.5 µs, and old-space memory only a full collection frees).
 */
class Updater implements TaskUpdater {
  readonly #host: UpdaterHost;
  readonly taskId: string;
  readonly contextId: string;

  constructor(host: UpdaterHost) {
    this.#host = host;
    this.taskId = host.taskId;
    this.contextId = host.contextId;
  }

  get state(): TaskState | undefined {
    return this.#host.writer.current?.task.status.state;
  }

  readonly working = (m?: MessageInput) => this.#setStatus("TASK_STATE_WORKING", m);
  readonly inputRequired = (m?: MessageInput) => this.#setStatus("TASK_STATE_INPUT_REQUIRED", m);
  readonly authRequired = (m?: MessageInput) => this.#setStatus("TASK_STATE_AUTH_REQUIRED", m);
  readonly complete = (m?: MessageInput) => this.#setStatus("TASK_STATE_COMPLETED", m);
  readonly fail = (m?: MessageInput) => this.#setStatus("TASK_STATE_FAILED", m);
  readonly reject = (m?: MessageInput) => this.#setStatus("TASK_STATE_REJECTED", m);
  readonly cancel = (m?: MessageInput) => this.#setStatus("TASK_STATE_CANCELED", m);

  readonly artifact = async (input: ArtifactInput): Promise<string> => {
    const { taskId, contextId } = this;
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
    await this.#putArtifact(event);
    return artifact.artifactId;
  };

  readonly reply = async (input: MessageInput): Promise<void> => {
    const host = this.#host;
    host.checkOpen();
    if (host.reply(toAgentMessage(input, this.contextId, undefined))) return;
    await this.#setStatus("TASK_STATE_COMPLETED", input);
  };

  readonly emit = async (event: StreamResponse): Promise<void> => {
    if (event.statusUpdate) {
      this.#checkIds(event.statusUpdate);
      const { status, metadata } = event.statusUpdate;
      return this.#setStatus(status.state, undefined, metadata ? { status, metadata } : { status });
    }
    if (event.artifactUpdate) {
      this.#checkIds(event.artifactUpdate);
      return this.#putArtifact({
        ...event.artifactUpdate,
        taskId: this.taskId,
        contextId: this.contextId,
      });
    }
    if (event.message) return this.reply(event.message);
    throw new InvalidAgentResponseError(
      "emit() takes a status update, an artifact update or a message; the handler keeps the task snapshot",
    );
  };

  async #setStatus(
    state: TaskState,
    input?: MessageInput,
    given?: { status?: TaskStatus; metadata?: Record<string, unknown> },
  ): Promise<void> {
    const host = this.#host;
    const { taskId, contextId } = this;
    host.checkOpen();
    const creating = host.taskReady();
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
    await host.writer.commit((task) => {
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

  async #putArtifact(event: TaskArtifactUpdateEvent): Promise<void> {
    const host = this.#host;
    const { taskId } = this;
    host.checkOpen();
    if (event.artifact.parts.length === 0) {
      throw new InvalidAgentResponseError("An artifact needs at least one part");
    }
    const creating = host.taskReady();
    if (creating) await creating;
    await host.writer.commit((task) => {
      const from = task.status.state;
      if (isTerminal(from)) throw new TaskClosedError(taskId, from);
      return { task: applyArtifact(task, event), event: { artifactUpdate: event } };
    });
  }

  #checkIds(event: { taskId?: string; contextId?: string }): void {
    if (event.taskId && event.taskId !== this.taskId) {
      throw new InvalidAgentResponseError(
        `An event for task ${event.taskId} was emitted on task ${this.taskId}`,
      );
    }
    if (event.contextId && event.contextId !== this.contextId) {
      throw new InvalidAgentResponseError(
        `An event for context ${event.contextId} was emitted in context ${this.contextId}`,
      );
    }
  }
}
