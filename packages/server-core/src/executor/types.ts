import type { Message, Part, StreamResponse, Task, TaskState } from "@a2akit/types";
import type { User } from "../handler/types.js";

/** A message given to an updater: text, parts, or a full message (ids are filled in). */
export type MessageInput = string | Part[] | Message;

/** What {@link TaskUpdater.artifact} takes. */
export interface ArtifactInput {
  parts: Part[];
  /** Reuse an id to replace an artifact, or to add chunks with `append`; generated when absent. */
  artifactId?: string;
  name?: string;
  description?: string;
  /** Add the parts to the artifact already sent under `artifactId`. */
  append?: boolean;
  /** This is the artifact's final chunk. */
  lastChunk?: boolean;
  metadata?: Record<string, unknown>;
  extensions?: string[];
}

/** What an executor knows about the request it handles. */
export interface RequestContext {
  /** The incoming user message (with `taskId` and `contextId` filled in). */
  readonly message: Message;
  /** The task as it was before this message, when the message continues one. */
  readonly task: Task | undefined;
  readonly taskId: string;
  readonly contextId: string;
  readonly user: User;
  readonly tenant: string;
  readonly requestedExtensions: readonly string[];
  /** Extensions active for this call; add to it to report the ones the agent used. */
  readonly activatedExtensions: Set<string>;
  /** Media types the client accepts in the answer (empty: anything). */
  readonly acceptedOutputModes: readonly string[];
  /** The task's messages so far, ending with this one. */
  readonly history: readonly Message[];
  /** Tasks named in `message.referenceTaskIds` that this caller can see. */
  readonly referencedTasks: readonly Task[];
  /** The text parts of the message, joined with newlines. */
  readonly userText: string;
  /** The request's `metadata`. */
  readonly metadata: Record<string, unknown> | undefined;
  /** Fires when the task is canceled or the server shuts down. */
  readonly signal: AbortSignal;
}

/** What an executor's `cancel` hook knows. */
export interface CancelContext {
  /** The task as it was when the cancel arrived. */
  readonly task: Task;
  readonly taskId: string;
  readonly contextId: string;
  readonly user: User;
  readonly tenant: string;
  /** The CancelTask request's `metadata` (who cancelled, and why). */
  readonly metadata: Record<string, unknown> | undefined;
}

/**
 * Every move an executor makes. Each call is persisted and published before its promise
 * resolves; calls after a terminal state reject with {@link TaskClosedError}.
 */
export interface TaskUpdater {
  readonly taskId: string;
  readonly contextId: string;
  /** The state last written (undefined before the task exists). */
  readonly state: TaskState | undefined;
  /** Moves to WORKING, optionally with a progress message. */
  working(message?: MessageInput): Promise<void>;
  /** Publishes an artifact (or a chunk of one); resolves to its id so more chunks can follow. */
  artifact(artifact: ArtifactInput): Promise<string>;
  /** Asks the client for more input; the task continues with the client's next message. */
  inputRequired(message?: MessageInput): Promise<void>;
  /** Asks the client for credentials (delivered out of band); streams stay open. */
  authRequired(message?: MessageInput): Promise<void>;
  /** Finishes the task. */
  complete(message?: MessageInput): Promise<void>;
  /** Ends the task as failed. */
  fail(message?: MessageInput): Promise<void>;
  /** Ends the task as rejected (the agent will not do it). */
  reject(message?: MessageInput): Promise<void>;
  /** Ends the task as canceled (for the executor's `cancel` hook). */
  cancel(message?: MessageInput): Promise<void>;
  /**
   * Answers with a plain message and no task. Only valid as the first and only move; when the
   * client already holds a task (it continues one, or asked to return immediately), the reply
   * completes that task with the message instead.
   */
  reply(message: MessageInput): Promise<void>;
  /** Lower level: publishes a status or artifact update event (or a message, like `reply`). */
  emit(event: StreamResponse): Promise<void>;
}

/** The agent's logic. */
export interface AgentExecutor {
  /**
   * Handles one incoming message. Returning without a terminal or interrupted state completes
   * the task; throwing fails it (an A2AError thrown before the task exists is answered as that
   * error instead).
   */
  execute(ctx: RequestContext, task: TaskUpdater): Promise<void>;
  /**
   * Runs when a client cancels the task, before the execute signal fires. It may call
   * `task.cancel(message)`; otherwise the task is canceled after it returns. Throwing an
   * A2AError (e.g. TaskNotCancelableError) refuses the cancel.
   */
  cancel?(ctx: CancelContext, task: TaskUpdater): Promise<void>;
}

/** Thrown by updater calls once the task is terminal (or after a message reply). */
export class TaskClosedError extends Error {
  override readonly name = "TaskClosedError";
  /** The task, and the state that closed it (or `"reply"`). */
  constructor(
    readonly taskId: string,
    readonly closedBy: TaskState | "reply",
  ) {
    super(
      closedBy === "reply"
        ? `The request was answered with a message; task ${taskId} accepts no updates`
        : `Task ${taskId} is already ${closedBy}; a terminal task accepts no updates`,
    );
  }
}

/** Wraps an execute function (and an optional cancel hook) as an {@link AgentExecutor}. */
export function defineAgent(
  execute: AgentExecutor["execute"],
  cancel?: AgentExecutor["cancel"],
): AgentExecutor {
  return cancel ? { execute, cancel } : { execute };
}
