import {
  InternalError,
  isA2AError,
  isFinalForNow,
  isTerminal,
  type Message,
  type Task,
  type TaskState,
  type TaskStatus,
} from "@a2akit/types";
import type { AgentExecutor, RequestContext, TaskUpdater } from "../executor/types.js";
import { TaskClosedError } from "../executor/types.js";
import { createUpdater, toAgentMessage, type UpdaterHost } from "../executor/updater.js";
import { isoTimestamp } from "../iso-time.js";
import type { QueueStore } from "../stores/queue-store.js";
import type { StoredTask } from "../stores/task-store.js";
import { applyStatus } from "./apply-event.js";
import type { TaskWriter } from "./task-writer.js";
import type { Logger } from "./types.js";

/** How a request was first answered: with a message (no task), or by a task that now exists. */
export type FirstOutcome = { kind: "message"; message: Message } | { kind: "task" };

/** Why an execution's signal fired. */
export type AbortCause = "cancel" | "shutdown";

/**
 * Everything one execution needs. A class, not an object literal: V8 may allocate the objects of
 * a literal that tend to outlive a young collection straight into the old generation, and such
 * an object, once dropped, keeps everything it points to (here, the whole run) alive through
 * young collections until the next full one. V8 decides that per allocation site, which literals
 * and arrays have; an instance built by `new` starts young.
 */
export class ExecutionInit {
  constructor(
    readonly executor: AgentExecutor,
    readonly writer: TaskWriter,
    readonly queueStore: QueueStore,
    readonly logger: Logger,
    readonly maxHistory: number,
    readonly now: () => number,
    /** The request context; its `signal` must read this execution's {@link Execution.signal}. */
    readonly context: RequestContext,
    /** The task to create on the first update; undefined when the task already exists. */
    readonly newTask: Task | undefined,
    /** Runs right after the task is created (e.g. to store an inline push config). */
    readonly onCreated: (() => Promise<void>) | undefined,
    /** Called with the new task's first snapshot as it is stored, before any other write. */
    readonly onFirstSnapshot: ((stored: StoredTask) => void) | undefined,
    /** Called once, as `done` is about to settle. */
    readonly onEnd: () => void,
  ) {}
}

const FAILED_TEXT = "The agent failed while handling this request.";
const SHUTDOWN_TEXT = "The server shut down before the agent finished.";

/**
 * One run of `executor.execute` for one message. Creates the task lazily (so the agent may answer
 * with a plain message instead), settles how the request is first answered, and makes sure the
 * task ends in a state a client can act on whatever the executor does.
 */
export class Execution implements UpdaterHost {
  abortCause: AbortCause | undefined;
  /** Made on the first read of the signal: most agents never look at it. */
  private controller: AbortController | undefined;
  private abortReason: DOMException | undefined;
  /** Settles once the answer's kind is known: a message reply, or an existing task. */
  readonly first: Promise<FirstOutcome>;
  /** Settles when the executor has returned and the task has been finalized. */
  done: Promise<void> = Promise.resolve();
  /** True from the moment `done` is about to settle. */
  ended = false;
  readonly updater: TaskUpdater;
  private settleFirst!: (outcome: FirstOutcome) => void;
  private failFirst!: (error: unknown) => void;
  private firstSettled = false;
  private exists: boolean;
  private creating: Promise<void> | undefined;
  private replied = false;
  /** The cancel this side records when signalled (see `cancelled`). */
  private recording: Promise<void> | undefined;

  /** Prepares (does not start) an execution. */
  constructor(private readonly init: ExecutionInit) {
    this.exists = init.newTask === undefined;
    this.first = new Promise<FirstOutcome>((resolve, reject) => {
      this.settleFirst = (o) => {
        if (this.firstSettled) return;
        this.firstSettled = true;
        resolve(o);
      };
      this.failFirst = (e) => {
        if (this.firstSettled) return;
        this.firstSettled = true;
        reject(e);
      };
    });
    // A first outcome nobody awaited (the caller went away) must not surface as unhandled.
    this.first.catch(() => undefined);
    if (this.exists) this.settleFirst({ kind: "task" });
    // The execution is its updater's host: a host object literal would be one more object
    // holding the whole run that V8 might allocate in the old generation (see ExecutionInit).
    this.updater = createUpdater(this);
  }

  get taskId(): string {
    return this.init.context.taskId;
  }

  get contextId(): string {
    return this.init.context.contextId;
  }

  get writer(): TaskWriter {
    return this.init.writer;
  }

  get maxHistory(): number {
    return this.init.maxHistory;
  }

  now(): number {
    return this.init.now();
  }

  taskReady(): Promise<void> | undefined {
    return this.exists ? undefined : this.ensureTask();
  }

  checkOpen(): void {
    if (this.replied) throw new TaskClosedError(this.init.context.taskId, "reply");
  }

  /** Creates the task now instead of on the first update (returnImmediately). */
  ensureTask(): Promise<void> {
    if (this.exists) return Promise.resolve();
    this.creating ??= (async () => {
      const stored = await this.init.writer.create(this.init.newTask as Task);
      this.exists = true;
      this.init.onFirstSnapshot?.(stored);
      if (this.init.onCreated) {
        try {
          await this.init.onCreated();
        } catch (error) {
          this.init.logger.error("Could not store the push config sent with the message", {
            taskId: this.init.context.taskId,
            error,
          });
        }
      }
      this.settleFirst({ kind: "task" });
    })();
    return this.creating;
  }

  /** Starts the executor in the background. */
  start(): void {
    this.done = this.run();
  }

  /** The signal `execute` gets: fires on cancel and on shutdown. */
  get signal(): AbortSignal {
    if (!this.controller) {
      this.controller = new AbortController();
      if (this.abortReason) this.controller.abort(this.abortReason);
    }
    return this.controller.signal;
  }

  /** Fires the execute signal (once). */
  abort(cause: AbortCause): void {
    if (this.abortCause) return;
    this.abortCause = cause;
    const text = cause === "cancel" ? "The task was canceled" : "The server is shutting down";
    this.abortReason = new DOMException(text, "AbortError");
    this.controller?.abort(this.abortReason);
  }

  /**
   * A CancelTask here or on another instance. It usually persisted CANCELED before signalling;
   * when an executor writing back to back kept it from winning the compare-and-set, it relies on
   * this side, whose writer orders the task's writes, to record it. So the cancel is queued on
   * the writer before the signal fires: it lands right after the write in flight, and the
   * executor's next write is refused. Already terminal (the usual case), it is refused instead.
   */
  private cancelled(): void {
    if (!this.recording && (this.exists || this.creating)) {
      const { writer, context, maxHistory, now } = this.init;
      const { taskId, contextId } = context;
      const record = () =>
        writer.commit((task) => {
          const from = task.status.state;
          if (isTerminal(from)) throw new TaskClosedError(taskId, from);
          const status: TaskStatus = {
            state: "TASK_STATE_CANCELED",
            timestamp: isoTimestamp(now()),
          };
          const event = { statusUpdate: { taskId, contextId, status } };
          return { task: applyStatus(task, status, maxHistory), event };
        });
      // Queued on the writer now (not a tick later), ahead of anything the signal prompts.
      this.recording = (
        this.exists ? record() : (this.creating as Promise<void>).then(record)
      ).then(
        () => undefined,
        (error: unknown) => {
          if (error instanceof TaskClosedError) return;
          // The canceling side retries on its own once it has waited for this.
          this.init.logger.warn("Could not record the cancel", { taskId, error });
        },
      );
    }
    this.abort("cancel");
  }

  reply(message: Message): boolean {
    if (this.exists || this.creating) return false;
    this.replied = true;
    this.settleFirst({ kind: "message", message });
    return true;
  }

  private async run(): Promise<void> {
    const { init } = this;
    const { context } = init;
    const unsubscribe = init.queueStore.onCancel(init.writer.scope, context.taskId, () =>
      this.cancelled(),
    );
    let threw = false;
    let error: unknown;
    try {
      await init.executor.execute(context, this.updater);
    } catch (e) {
      threw = true;
      error = e;
    }
    try {
      await this.finish(threw, error);
    } catch (e) {
      init.logger.error("Could not finalize the task", { taskId: context.taskId, error: e });
      this.failFirst(new InternalError("The agent could not complete the request"));
    } finally {
      unsubscribe();
      // Whatever this run wrote, or had refused, is in the writer now: callers waiting on it
      // for a state need wait no longer.
      this.ended = true;
      init.writer.wakeAll();
      try {
        init.onEnd();
      } catch (e) {
        init.logger.error("Could not release an execution", { taskId: context.taskId, error: e });
      }
      if (!this.firstSettled)
        this.failFirst(new InternalError("The agent ended without answering"));
    }
  }

  private async finish(threw: boolean, error: unknown): Promise<void> {
    const { logger, context } = this.init;
    // Awaited only when there is something to wait for: each await is a turn of its own.
    if (this.recording) await this.recording;
    if (this.replied) {
      if (threw)
        logger.warn("The executor threw after replying", { taskId: context.taskId, error });
      return;
    }
    if (threw) {
      if (!this.exists && !this.creating && isA2AError(error)) {
        this.failFirst(error);
        return;
      }
      const state = this.state();
      if (error instanceof TaskClosedError || (state !== undefined && isTerminal(state))) {
        logger.debug("The executor stopped after the task ended", {
          taskId: context.taskId,
          error,
        });
        return;
      }
      logger.error("The executor failed", { taskId: context.taskId, error });
      if (!this.exists) await this.ensureTask();
      await this.closeWith("TASK_STATE_FAILED", FAILED_TEXT);
      return;
    }
    if (!this.exists) await this.ensureTask();
    const state = this.state();
    if (state !== undefined && isFinalForNow(state)) return;
    if (this.abortCause === "cancel") return;
    if (this.abortCause === "shutdown") await this.closeWith("TASK_STATE_FAILED", SHUTDOWN_TEXT);
    else await this.closeWith("TASK_STATE_COMPLETED");
  }

  private state(): TaskState | undefined {
    return this.init.writer.current?.task.status.state;
  }

  /** Ends the task, unless a concurrent writer (a cancel) already ended it. */
  private async closeWith(state: TaskState, text?: string): Promise<void> {
    const u = this.updater;
    const { contextId, taskId } = this.init.context;
    const message = text === undefined ? undefined : toAgentMessage(text, contextId, taskId);
    try {
      if (state === "TASK_STATE_FAILED") await u.fail(message);
      else await u.complete(message);
    } catch (e) {
      if (!(e instanceof TaskClosedError)) throw e;
    }
  }
}
