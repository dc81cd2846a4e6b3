import {
  type AgentCard,
  type CancelTaskRequest,
  type DeleteTaskPushNotificationConfigRequest,
  ExtendedAgentCardNotConfiguredError,
  type GetExtendedAgentCardRequest,
  type GetTaskPushNotificationConfigRequest,
  type GetTaskRequest,
  InternalError,
  InvalidParamsError,
  isA2AError,
  isFinalForNow,
  isInterrupted,
  isTerminal,
  type ListTaskPushNotificationConfigsRequest,
  type ListTaskPushNotificationConfigsResponse,
  type ListTasksRequest,
  type ListTasksResponse,
  type Message,
  newId,
  PushNotificationNotSupportedError,
  ResourceExhaustedError,
  type SendMessageRequest,
  type SendMessageResponse,
  type StreamResponse,
  type SubscribeToTaskRequest,
  type Task,
  TaskNotCancelableError,
  TaskNotFoundError,
  type TaskPushNotificationConfig,
  type TaskStatus,
  textOf,
  UnauthenticatedError,
  UnsupportedOperationError,
} from "@a2akit/types";
import { TaskClosedError, type TaskUpdater } from "../executor/types.js";
import { createUpdater } from "../executor/updater.js";
import { isoTimestamp } from "../iso-time.js";
import { checkLimit } from "../limits/guard.js";
import type { Limiter } from "../limits/limiter.js";
import { createPushDeliveries, type PushDeliveries } from "../push/deliveries.js";
import { PushFollowers } from "../push/followers.js";
import { PushUrlRefusedError } from "../push/url-guard.js";
import { ScopedMap } from "../scoped-map.js";
import { type ImmediateCommitter, immediateCommitter } from "../stores/immediate.js";
import { createMemoryStores } from "../stores/memory/index.js";
import type { PushConfigStore, StoredPushConfig } from "../stores/push-config-store.js";
import type { QueueEntry, QueueStore } from "../stores/queue-store.js";
import { scopeKey, type TaskScope, taskKey } from "../stores/scope.js";
import {
  ConflictError,
  type StoredTask,
  type TaskCommitter,
  type TaskCursor,
  type TaskStore,
} from "../stores/task-store.js";
import { type Instrumentation, noopInstrumentation } from "../telemetry/instrumentation.js";
import { observeStore } from "../telemetry/stores.js";
import { applyMessage, applyStatus } from "./apply-event.js";
import { awaitTerminal } from "./cancel-wait.js";
import { Execution, ExecutionInit } from "./execution.js";
import { closesStream, followTask, openLog } from "./follow.js";
import { LocalWaits } from "./local-waits.js";
import { checkPartMediaTypes } from "./media-types.js";
import { type RequestHandlerLimits, type RequestHandlerOptions, resolveLimits } from "./options.js";
import { PageTokens } from "./page-token.js";
import { RunContext } from "./run-context.js";
import { anySignal } from "./signals.js";
import { TaskWriter } from "./task-writer.js";
import { callTenant } from "./tenant.js";
import { type A2ARequestHandler, type CallContext, type Logger, silentLogger } from "./types.js";
import { listView, withHistory } from "./views.js";

/**
 * How long a blocking SendMessage waits on the task's writer before it follows the event log
 * instead (see `settlesLocally`): most agents answer well within it.
 */
const LOCAL_WAIT_MS = 1_000;

/** Creates the protocol handler: all 11 A2A operations over the given executor and stores. */
export function createRequestHandler(options: RequestHandlerOptions): A2ARequestHandler {
  return new RequestHandler(options);
}

/** A run just started. A class for the reason ExecutionInit is one. */
class StartedRun {
  constructor(
    readonly execution: Execution,
    readonly writer: TaskWriter,
    readonly scope: TaskScope,
    readonly taskId: string,
    readonly historyLength: number | undefined,
  ) {}
}

/**
 * Where a stream starts (set as its task is created or resumed), its log opened from there, and
 * how it is let go.
 */
interface StreamStart {
  detach: AbortController;
  signal: AbortSignal;
  start?: StoredTask;
  log?: AsyncIterable<QueueEntry>;
}

class RequestHandler implements A2ARequestHandler {
  private readonly card: AgentCard;
  private readonly options: RequestHandlerOptions;
  private readonly taskStore: TaskStore;
  private readonly queueStore: QueueStore;
  private readonly pushConfigStore: PushConfigStore;
  private readonly logger: Logger;
  private readonly limits: RequestHandlerLimits;
  private readonly now: () => number;
  private readonly accepted: readonly string[] | false;
  private readonly tokens: PageTokens;
  /** By scope key, then task id: no joined key string to build and hash per call. */
  private readonly writers = new ScopedMap<TaskWriter>();
  /** Writes a snapshot and its event atomically, when the stores can (see `committerFor`). */
  private readonly committer: TaskCommitter | undefined;
  /** Writes that land before returning (memory stores); not used under instrumentation. */
  private readonly immediate: ImmediateCommitter | undefined;
  /**
   * The execution of each task running on this instance: a task runs one turn at a time, and a
   * turn leaves this map before the next may start, so it holds every execution in progress.
   */
  private readonly running = new ScopedMap<Execution>();
  private readonly streamsPerTask = new Map<string, number>();
  private readonly shutdown = new AbortController();
  private readonly localWaits = new LocalWaits(LOCAL_WAIT_MS);
  private readonly push:
    | { deliveries: PushDeliveries; followers: PushFollowers; unwatch?: () => void }
    | undefined;
  private closed = false;
  readonly limiter: Limiter | undefined;
  readonly instrumentation: Instrumentation | undefined;
  private readonly telemetry: Instrumentation;

  constructor(options: RequestHandlerOptions) {
    this.options = options;
    this.card = options.agentCard;
    this.logger = options.logger ?? silentLogger;
    this.limits = resolveLimits(options.limits);
    this.now = options.now ?? Date.now;
    this.tokens = new PageTokens(options.pageTokenSecret);
    const memory =
      options.taskStore && options.queueStore && options.pushConfigStore
        ? undefined
        : createMemoryStores({ ...options.retention, now: this.now });
    this.taskStore = options.taskStore ?? (memory?.taskStore as TaskStore);
    this.queueStore = options.queueStore ?? (memory?.queueStore as QueueStore);
    this.pushConfigStore = options.pushConfigStore ?? (memory?.pushConfigStore as PushConfigStore);
    this.limiter = options.limiter;
    this.instrumentation = options.instrumentation;
    this.telemetry = options.instrumentation ?? noopInstrumentation;
    if (options.instrumentation) {
      this.taskStore = observeStore(this.taskStore, "task", options.instrumentation);
      this.queueStore = observeStore(this.queueStore, "queue", options.instrumentation);
      this.pushConfigStore = observeStore(
        this.pushConfigStore,
        "push_config",
        options.instrumentation,
      );
    }
    // Not under instrumentation, which observes every store call: these writes would pass it by.
    this.immediate = options.instrumentation
      ? undefined
      : immediateCommitter(this.taskStore, this.queueStore);
    const committer = this.taskStore.committerFor?.(this.queueStore);
    this.committer =
      committer && options.instrumentation
        ? observeStore(committer, "task", options.instrumentation)
        : committer;
    this.accepted =
      options.acceptedInputModes === undefined
        ? this.card.defaultInputModes
        : options.acceptedInputModes;
    if (this.card.capabilities.pushNotifications === true) {
      const deliveries =
        options.pushDeliveries ??
        createPushDeliveries({
          logger: this.logger,
          now: this.now,
          ...(options.instrumentation ? { instrumentation: options.instrumentation } : {}),
        });
      const followers = new PushFollowers({
        taskStore: this.taskStore,
        queueStore: this.queueStore,
        pushConfigStore: this.pushConfigStore,
        deliveries,
        logger: this.logger,
      });
      // Tasks written outside any handler (a sweeper failing a stopped instance's task).
      const unwatch = this.pushConfigStore.watchWrites?.((scope, taskId) => {
        void this.resumePush(scope, taskId);
      });
      this.push = { deliveries, followers, ...(unwatch ? { unwatch } : {}) };
    }
  }

  getAgentCard(): AgentCard {
    return this.card;
  }

  async sendMessage(request: SendMessageRequest, ctx: CallContext): Promise<SendMessageResponse> {
    const immediate = request.configuration?.returnImmediately === true;
    const run = await this.startRun(request, ctx, immediate);
    const first = await run.execution.first;
    if (first.kind === "message") return { message: first.message };
    if (!immediate && !(await this.settlesLocally(run))) await this.followToFinal(run, ctx);
    const last = run.writer.current;
    // A terminal snapshot is never written again and the stores keep their own copy of it, so
    // the writer's object can be the answer; anything else is read (and copied) from the store.
    const final =
      last && isTerminal(last.task.status.state) ? last : await this.mustGet(run.scope, run.taskId);
    return { task: withHistory(final.task, run.historyLength) };
  }

  /**
   * Waits, for a while, for a blocking SendMessage's task to end or stop for input, on this
   * instance alone: its writes here all pass through its writer, and a write that lost to
   * another instance (a cancel there) reloads the snapshot into it, so the writer sees every
   * state change without the event log being read back. The execution's end bounds the wait:
   * by then its last write, or refused write, is in the writer. True when the task settled.
   */
  private async settlesLocally(run: StartedRun): Promise<boolean> {
    if (run.execution.ended) return true;
    return (await this.localWaits.wait(run.writer)) === "settled";
  }

  /**
   * The wait of a long blocking SendMessage: follows the task's event log, which needs no
   * signal between instances (a cancel whose signal was lost still ends it), and stops when the
   * client goes away or the server shuts down.
   */
  private async followToFinal(run: StartedRun, ctx: CallContext): Promise<void> {
    const start = await this.mustGet(run.scope, run.taskId);
    if (isFinalForNow(start.task.status.state)) return;
    const signal = ctx.signal
      ? anySignal([ctx.signal, this.shutdown.signal])
      : this.shutdown.signal;
    const events = followTask({
      taskStore: this.taskStore,
      queueStore: this.queueStore,
      scope: run.scope,
      taskId: run.taskId,
      start,
      until: isFinalForNow,
      signal,
    });
    for await (const _ of events) {
      // Draining the log until the task is terminal or interrupted; the snapshot is the answer.
    }
  }

  async sendStreamingMessage(
    request: SendMessageRequest,
    ctx: CallContext,
  ): Promise<AsyncIterable<StreamResponse>> {
    this.checkStreaming();
    const detach = new AbortController();
    const stream: StreamStart = {
      detach,
      signal: anySignal([ctx.signal, this.shutdown.signal, detach.signal]),
    };
    let run: StartedRun;
    try {
      run = await this.startRun(request, ctx, false, stream);
      const first = await run.execution.first;
      if (first.kind === "message") {
        detach.abort();
        return single({ message: first.message });
      }
    } catch (e) {
      // A log opened for the stream lets go of its read.
      detach.abort();
      throw e;
    }
    const start = stream.start ?? (await this.mustGet(run.scope, run.taskId));
    return this.openStream(run.scope, run.taskId, start, ctx, run.historyLength, stream);
  }

  async getTask(request: GetTaskRequest, ctx: CallContext): Promise<Task> {
    this.checkOpen();
    const stored = await this.mustGet(this.scopeOf(request.tenant, ctx), request.id);
    return withHistory(stored.task, request.historyLength);
  }

  async listTasks(request: ListTasksRequest, ctx: CallContext): Promise<ListTasksResponse> {
    this.checkOpen();
    const pageSize = request.pageSize ?? Math.min(50, this.limits.maxPageSize);
    if (pageSize < 1 || pageSize > this.limits.maxPageSize) {
      throw invalidField("pageSize", `must be between 1 and ${this.limits.maxPageSize}`);
    }
    let after: TaskCursor | undefined;
    if (request.pageToken) {
      const c = (await this.tokens.verify("tasks", request.pageToken)) as unknown[];
      if (!Array.isArray(c) || typeof c[0] !== "string" || typeof c[1] !== "string") {
        throw invalidField("pageToken", "unknown or altered page token");
      }
      after = { statusTimestamp: c[0], id: c[1] };
    }
    const page = await this.taskStore.list(this.scopeOf(request.tenant, ctx), {
      pageSize,
      ...(request.contextId ? { contextId: request.contextId } : {}),
      ...(request.status && request.status !== "TASK_STATE_UNSPECIFIED"
        ? { status: request.status }
        : {}),
      ...(request.statusTimestampAfter
        ? { statusTimestampAfter: request.statusTimestampAfter }
        : {}),
      ...(after ? { after } : {}),
    });
    const include = request.includeArtifacts === true;
    return {
      tasks: page.tasks.map((t) => listView(t, request.historyLength, include)),
      nextPageToken: page.next
        ? await this.tokens.sign("tasks", [page.next.statusTimestamp, page.next.id])
        : "",
      pageSize,
      totalSize: page.totalSize,
    };
  }

  async cancelTask(request: CancelTaskRequest, ctx: CallContext): Promise<Task> {
    this.checkOpen();
    const scope = this.scopeOf(request.tenant, ctx);
    const stored = await this.mustGet(scope, request.id);
    const state = stored.task.status.state;
    if (state === "TASK_STATE_CANCELED") return stored.task;
    if (isTerminal(state)) {
      throw new TaskNotCancelableError(`Task ${request.id} is already ${state}`, {
        metadata: { taskId: request.id },
      });
    }
    await this.resumePush(scope, request.id);
    const writer = this.acquireWriter(scope, request.id);
    writer.current ??= stored;
    try {
      const task = writer.current.task;
      const contextId = task.contextId ?? "";
      const updater = createUpdater({
        taskId: task.id,
        contextId,
        writer,
        maxHistory: this.limits.maxHistoryLength,
        now: this.now,
        taskReady: () => undefined,
        reply: () => false,
        checkOpen: () => undefined,
      });
      const hook = this.options.executor.cancel;
      // Set when this side lost every compare-and-set to another instance's writes.
      let lost = false;
      if (hook) {
        try {
          await hook.call(
            this.options.executor,
            {
              task: stored.task,
              taskId: task.id,
              contextId,
              user: ctx.user,
              tenant: scope.tenant,
              metadata: request.metadata,
            },
            updater,
          );
        } catch (e) {
          if (e instanceof ConflictError) lost = true;
          else if (isA2AError(e)) throw e;
          else if (!(e instanceof TaskClosedError)) {
            this.logger.error("The executor's cancel hook failed", { taskId: task.id, error: e });
          }
        }
      }
      if (!lost && writer.current.task.status.state !== "TASK_STATE_CANCELED") {
        try {
          await updater.cancel();
        } catch (e) {
          if (e instanceof ConflictError) lost = true;
          else if (!(e instanceof TaskClosedError)) throw e;
          else throw notCancelable(request.id, e.closedBy);
        }
      }
      if (lost) return await this.cancelContended(scope, request, writer, updater);
      // Persisted first, then the executors (here or on other instances) are told to stop.
      await this.queueStore.signalCancel(scope, request.id, request.metadata);
      return writer.current.task;
    } finally {
      this.releaseWriter(writer);
    }
  }

  /**
   * A cancel whose compare-and-set kept losing: an executor on another instance writes back to
   * back. Retrying harder cannot win against a writer that never pauses, and a log written by
   * two instances at once is only ordered by that same compare-and-set. So this side stops
   * competing and hands the write to the side that owns the write order: the signal fires the
   * execution's AbortSignal on its instance, and its writer records CANCELED right after the
   * write it has in flight, so the executor's next write is refused. The log then ends with one
   * CANCELED event, whichever side wrote it (each refuses once the task is terminal). This side
   * waits for a terminal state, bounded; if none came (no execution holds the task any more),
   * nobody competes and its own compare-and-set gets through.
   */
  private async cancelContended(
    scope: TaskScope,
    request: CancelTaskRequest,
    writer: TaskWriter,
    updater: TaskUpdater,
  ): Promise<Task> {
    this.logger.debug("The cancel lost to the executor's writes; its instance records it", {
      taskId: request.id,
    });
    await this.queueStore.signalCancel(scope, request.id, request.metadata);
    const ended = await awaitTerminal(this.taskStore, scope, request.id);
    if (ended) {
      writer.current = ended;
      const state = ended.task.status.state;
      if (state === "TASK_STATE_CANCELED") return ended.task;
      throw notCancelable(request.id, state);
    }
    try {
      await updater.cancel();
    } catch (e) {
      if (!(e instanceof TaskClosedError)) throw e;
      if (e.closedBy === "TASK_STATE_CANCELED" && writer.current) return writer.current.task;
      throw notCancelable(request.id, e.closedBy);
    }
    await this.queueStore.signalCancel(scope, request.id, request.metadata);
    return (writer.current as StoredTask).task;
  }

  async subscribeToTask(
    request: SubscribeToTaskRequest,
    ctx: CallContext,
  ): Promise<AsyncIterable<StreamResponse>> {
    this.checkStreaming();
    this.checkOpen();
    const scope = this.scopeOf(request.tenant, ctx);
    const start = await this.mustGet(scope, request.id);
    const state = start.task.status.state;
    if (isTerminal(state)) {
      throw new UnsupportedOperationError(
        `Task ${request.id} is already ${state}; read it with GetTask instead`,
        { metadata: { taskId: request.id } },
      );
    }
    return this.openStream(scope, request.id, start, ctx, undefined);
  }

  async createTaskPushNotificationConfig(
    request: TaskPushNotificationConfig,
    ctx: CallContext,
  ): Promise<TaskPushNotificationConfig> {
    this.checkPush();
    const taskId = request.taskId;
    if (!taskId) throw invalidField("taskId", "is required");
    const scope = this.scopeOf(request.tenant, ctx);
    const stored = await this.mustGet(scope, taskId);
    const config = await this.storePushConfig(scope, request, taskId, ctx, stored.version + 1);
    return publicConfig(config);
  }

  async getTaskPushNotificationConfig(
    request: GetTaskPushNotificationConfigRequest,
    ctx: CallContext,
  ): Promise<TaskPushNotificationConfig> {
    this.checkPush();
    const scope = this.scopeOf(request.tenant, ctx);
    await this.mustGet(scope, request.taskId);
    const config = await this.pushConfigStore.get(scope, request.taskId, request.id);
    if (!config) {
      throw new TaskNotFoundError(
        `Push notification config ${request.id} not found for task ${request.taskId}`,
        { metadata: { taskId: request.taskId, configId: request.id } },
      );
    }
    return publicConfig(config);
  }

  async listTaskPushNotificationConfigs(
    request: ListTaskPushNotificationConfigsRequest,
    ctx: CallContext,
  ): Promise<ListTaskPushNotificationConfigsResponse> {
    this.checkPush();
    const scope = this.scopeOf(request.tenant, ctx);
    await this.mustGet(scope, request.taskId);
    const pageSize = request.pageSize ? request.pageSize : this.limits.maxPageSize;
    if (pageSize > this.limits.maxPageSize) {
      throw invalidField("pageSize", `must be at most ${this.limits.maxPageSize}`);
    }
    let after: string | undefined;
    if (request.pageToken) {
      const c = await this.tokens.verify(`push:${request.taskId}`, request.pageToken);
      if (typeof c !== "string") throw invalidField("pageToken", "unknown or altered page token");
      after = c;
    }
    const page = await this.pushConfigStore.list(scope, request.taskId, {
      pageSize,
      ...(after !== undefined ? { after } : {}),
    });
    return {
      configs: page.configs.map(publicConfig),
      nextPageToken:
        page.next !== undefined ? await this.tokens.sign(`push:${request.taskId}`, page.next) : "",
    };
  }

  async deleteTaskPushNotificationConfig(
    request: DeleteTaskPushNotificationConfigRequest,
    ctx: CallContext,
  ): Promise<void> {
    this.checkPush();
    const scope = this.scopeOf(request.tenant, ctx);
    await this.mustGet(scope, request.taskId);
    await this.pushConfigStore.delete(scope, request.taskId, request.id);
    this.push?.followers.stop(scope, request.taskId, request.id);
  }

  async getExtendedAgentCard(
    _request: GetExtendedAgentCardRequest,
    ctx: CallContext,
  ): Promise<AgentCard> {
    this.checkOpen();
    if (this.card.capabilities.extendedAgentCard !== true) {
      throw new UnsupportedOperationError("This agent does not offer an extended agent card");
    }
    const source = this.options.extendedAgentCard;
    if (!source) throw new ExtendedAgentCardNotConfiguredError();
    // §13.3: only callers authenticated with one of the card's schemes get the extended card.
    if (!ctx.user.authenticated) {
      throw new UnauthenticatedError(
        "The extended agent card is only served to authenticated callers; authenticate with a scheme from the card's securitySchemes",
      );
    }
    return typeof source === "function" ? source(ctx.user, ctx) : source;
  }

  async close(options: { timeoutMs?: number } = {}): Promise<void> {
    if (!this.closed) {
      this.closed = true;
      this.shutdown.abort(new DOMException("The server is shutting down", "AbortError"));
      for (const e of this.running.values()) e.abort("shutdown");
    }
    const running = [...this.running.values()].map((e) => e.done);
    if (running.length > 0) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timeout = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, options.timeoutMs ?? 10_000);
      });
      await Promise.race([Promise.allSettled(running), timeout]);
      clearTimeout(timer);
    }
    // After the executors: their final updates are still read into the outbox before it stops.
    if (this.push) {
      this.push.unwatch?.();
      await this.push.followers.close();
      await this.push.deliveries.close();
    }
  }

  // ---- internals ----

  /** Stores a config (after the SSRF check) and starts delivering the log from `fromSeq`. */
  private async storePushConfig(
    scope: TaskScope,
    request: TaskPushNotificationConfig,
    taskId: string,
    ctx: CallContext,
    fromSeq: number,
  ): Promise<StoredPushConfig> {
    const candidate = toStoredConfig(request, taskId, ctx.protocolVersion);
    await this.checkPushUrl(candidate.url);
    const stored = await this.pushConfigStore.set(scope, candidate);
    await this.push?.followers.register(scope, taskId, stored.id, fromSeq);
    return stored;
  }

  /**
   * Before writing to a task: its push configs get a follower here if the instance that had
   * one stopped (see `PushFollowers`). A failure is logged; the write goes on.
   */
  private async resumePush(scope: TaskScope, taskId: string): Promise<void> {
    try {
      await this.push?.followers.resume(scope, taskId);
    } catch (error) {
      this.logger.error("Could not resume push delivery for a task", { taskId, error });
    }
  }

  private async checkPushUrl(url: string): Promise<void> {
    try {
      await this.push?.deliveries.checkUrl(url);
    } catch (e) {
      if (!(e instanceof PushUrlRefusedError)) throw e;
      throw invalidField("url", `${e.url} is refused: ${e.reason}`);
    }
  }

  /**
   * Stores the message (on a new task, or resuming an interrupted one) and starts the agent.
   * With `stream`, the stream's log is opened from the task's first snapshot before the agent's
   * next write, so a stream of an agent that finishes at once still carries every event.
   */
  private async startRun(
    request: SendMessageRequest,
    ctx: CallContext,
    immediate: boolean,
    stream?: StreamStart,
  ): Promise<StartedRun> {
    this.checkOpen();
    const scope = this.scopeOf(request.tenant, ctx);
    const incoming = request.message;
    const config = request.configuration;
    if (incoming.parts.length > this.limits.maxPartsPerMessage) {
      throw invalidField(
        "message.parts",
        `has ${incoming.parts.length} parts; at most ${this.limits.maxPartsPerMessage} are accepted`,
      );
    }
    if (this.accepted !== false) checkPartMediaTypes(incoming, this.accepted);
    const inlinePush = config?.taskPushNotificationConfig;
    if (inlinePush) {
      this.checkPush();
      await this.checkPushUrl(inlinePush.url);
    }

    let existing: StoredTask | undefined;
    if (incoming.taskId) {
      existing = await this.taskStore.get(scope, incoming.taskId);
      if (!existing) throw TaskNotFoundError.forTask(incoming.taskId);
      checkAcceptsMessage(existing.task);
      if (incoming.contextId && incoming.contextId !== existing.task.contextId) {
        throw invalidField(
          "message.contextId",
          `is "${incoming.contextId}" but task ${incoming.taskId} belongs to context "${existing.task.contextId ?? ""}"`,
        );
      }
      existing = await this.afterPreviousTurn(scope, existing, ctx);
      await this.resumePush(scope, existing.task.id);
    }
    const taskId = existing?.task.id ?? newId();
    const contextId = existing?.task.contextId ?? incoming.contextId ?? newId();
    // Not `{ ...incoming, taskId, contextId }`: V8 gives each object made by spreading then adding
    // keys a hidden class of its own, about 200 bytes more per message kept in history.
    const message: Message = Object.assign({}, incoming, { taskId, contextId });
    const referencedTasks = incoming.referenceTaskIds?.length
      ? await this.loadReferences(scope, incoming.referenceTaskIds)
      : [];

    const limiter = this.limiter;
    let releaseSlot: (() => void) | undefined;
    if (limiter) {
      const call = {
        user: ctx.user,
        tenant: scope.tenant,
        method: "SendMessage",
        headers: ctx.headers,
      };
      releaseSlot = checkLimit("tasks", call, this.telemetry, () => limiter.startTask(call));
    }
    const writer = this.acquireWriter(scope, taskId);
    const eventsBefore = writer.events;
    const sk = scopeKey(scope);
    let execution: Execution;
    try {
      const max = this.limits.maxHistoryLength;
      let newTask: Task | undefined;
      if (existing) {
        writer.current ??= existing;
        const resumed = await writer.commit((task) => resume(task, message, this.timestamp(), max));
        if (stream) this.openStreamLog(stream, scope, resumed);
      } else {
        newTask = {
          id: taskId,
          contextId,
          status: { state: "TASK_STATE_SUBMITTED", timestamp: this.timestamp() },
          history: [message],
        };
      }
      const prior = existing?.task.history ?? [];
      const history =
        prior.length >= max
          ? [...prior.slice(prior.length - max + 1), message]
          : [...prior, message];
      // Built from classes, not object literals: see ExecutionInit.
      const running: Execution = new Execution(
        new ExecutionInit(
          this.options.executor,
          writer,
          this.queueStore,
          this.logger,
          max,
          this.now,
          // The signal is the execution's own, made when the agent first reads it.
          new RunContext(
            message,
            existing?.task,
            taskId,
            contextId,
            ctx.user,
            scope.tenant,
            ctx.requestedExtensions,
            ctx.activatedExtensions,
            config?.acceptedOutputModes ?? [],
            history,
            referencedTasks,
            textOf(message, "\n"),
            request.metadata,
            () => running.signal,
          ),
          newTask,
          inlinePush
            ? async () => {
                const from = (writer.current?.version ?? 1) + 1;
                await this.storePushConfig(scope, inlinePush, taskId, ctx, from);
              }
            : undefined,
          stream && newTask
            ? (stored: StoredTask) => this.openStreamLog(stream, scope, stored)
            : undefined,
          () => {
            releaseSlot?.();
            if (this.running.get(sk, taskId) === running) this.running.delete(sk, taskId);
            // An execution that answered with a message made no task: there is no outcome to count.
            const state = writer.current?.task.status.state;
            if (state !== undefined) {
              this.telemetry.executionEnded({
                state,
                events: writer.events - eventsBefore,
                tenant: scope.tenant,
              });
            }
            this.releaseWriter(writer);
          },
        ),
      );
      execution = running;
      if (existing && inlinePush) {
        await this.storePushConfig(scope, inlinePush, taskId, ctx, existing.version + 1);
      }
      if (immediate && newTask) await execution.ensureTask();
    } catch (e) {
      releaseSlot?.();
      this.releaseWriter(writer);
      throw e;
    }
    execution.start();
    this.running.set(sk, taskId, execution);
    return new StartedRun(execution, writer, scope, taskId, config?.historyLength);
  }

  private openStreamLog(stream: StreamStart, scope: TaskScope, start: StoredTask): void {
    stream.start = start;
    const { id } = start.task;
    stream.log = openLog(this.queueStore, scope, id, start.version + 1, stream.signal);
  }

  /**
   * A message for an interrupted task starts the next turn only once the previous turn's
   * `execute` has returned and been finalized here (at once for an executor that returns after
   * asking), so two turns never write to one task at the same time. Returns the fresh snapshot.
   */
  private async afterPreviousTurn(
    scope: TaskScope,
    stored: StoredTask,
    ctx: CallContext,
  ): Promise<StoredTask> {
    const previous = this.running.get(scopeKey(scope), stored.task.id);
    if (!previous) return stored;
    const signal = ctx.signal
      ? anySignal([ctx.signal, this.shutdown.signal])
      : this.shutdown.signal;
    let onAbort: (() => void) | undefined;
    const aborted = new Promise<void>((resolve) => {
      onAbort = resolve;
      signal.addEventListener("abort", onAbort, { once: true });
    });
    await Promise.race([previous.done, aborted]);
    if (onAbort) signal.removeEventListener("abort", onAbort);
    this.checkOpen();
    if (signal.aborted) throw signal.reason;
    const fresh = await this.mustGet(scope, stored.task.id);
    checkAcceptsMessage(fresh.task);
    return fresh;
  }

  private openStream(
    scope: TaskScope,
    taskId: string,
    start: StoredTask,
    ctx: CallContext,
    historyLength: number | undefined,
    opened?: StreamStart,
  ): AsyncIterable<StreamResponse> {
    const key = taskKey(scope, taskId);
    const open = this.streamsPerTask.get(key) ?? 0;
    if (open >= this.limits.maxStreamsPerTask) {
      opened?.detach.abort();
      throw new ResourceExhaustedError(
        `Task ${taskId} already has ${open} open streams (the limit is ${this.limits.maxStreamsPerTask})`,
        { metadata: { taskId } },
      );
    }
    this.streamsPerTask.set(key, open + 1);
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      const n = (this.streamsPerTask.get(key) ?? 1) - 1;
      if (n <= 0) this.streamsPerTask.delete(key);
      else this.streamsPerTask.set(key, n);
    };
    const detach = opened?.detach ?? new AbortController();
    const signal = opened?.signal ?? anySignal([ctx.signal, this.shutdown.signal, detach.signal]);
    const events = followTask({
      taskStore: this.taskStore,
      queueStore: this.queueStore,
      scope,
      taskId,
      start,
      until: closesStream,
      signal,
      ...(historyLength !== undefined ? { historyLength } : {}),
      ...(opened?.log ? { log: opened.log } : {}),
    });
    return detachable(events, detach, release);
  }

  private async loadReferences(scope: TaskScope, ids: string[] | undefined): Promise<Task[]> {
    if (!ids || ids.length === 0) return [];
    const unique = [...new Set(ids)].slice(0, this.limits.maxReferencedTasks);
    const found = await Promise.all(unique.map((id) => this.taskStore.get(scope, id)));
    return found.filter((s): s is StoredTask => s !== undefined).map((s) => s.task);
  }

  private acquireWriter(scope: TaskScope, taskId: string): TaskWriter {
    const sk = scopeKey(scope);
    let writer = this.writers.get(sk, taskId);
    if (!writer) {
      writer = new TaskWriter(
        this.taskStore,
        this.queueStore,
        scope,
        taskId,
        this.committer,
        this.immediate,
      );
      this.writers.set(sk, taskId, writer);
    }
    writer.refs++;
    return writer;
  }

  private releaseWriter(writer: TaskWriter): void {
    writer.refs--;
    if (writer.refs > 0) return;
    const sk = scopeKey(writer.scope);
    if (this.writers.get(sk, writer.taskId) === writer) this.writers.delete(sk, writer.taskId);
  }

  private async mustGet(scope: TaskScope, taskId: string): Promise<StoredTask> {
    const stored = await this.taskStore.get(scope, taskId);
    if (!stored) throw TaskNotFoundError.forTask(taskId);
    return stored;
  }

  private scopeOf(tenant: string | undefined, ctx: CallContext): TaskScope {
    return { tenant: callTenant(ctx.user, ctx.tenant || tenant), owner: ctx.user.id };
  }

  private timestamp(): string {
    return isoTimestamp(this.now());
  }

  private checkOpen(): void {
    if (this.closed) {
      throw new InternalError("The server is shutting down and accepts no new requests");
    }
  }

  private checkStreaming(): void {
    if (this.card.capabilities.streaming !== true) {
      throw new UnsupportedOperationError("This agent does not support streaming");
    }
  }

  private checkPush(): void {
    this.checkOpen();
    if (this.card.capabilities.pushNotifications !== true) {
      throw new PushNotificationNotSupportedError();
    }
  }
}

/**
 * A message for an interrupted task: it goes back to WORKING and the message joins its history.
 * Checked again on the snapshot being written, so of two messages racing for one interrupted
 * task exactly one wins.
 */
function resume(task: Task, message: Message, timestamp: string, max: number) {
  checkAcceptsMessage(task);
  // Status first, so the agent's question lands in history before the user's answer.
  const status: TaskStatus = { state: "TASK_STATE_WORKING", timestamp };
  const event: StreamResponse = {
    statusUpdate: { taskId: task.id, contextId: task.contextId ?? "", status },
  };
  return { task: applyMessage(applyStatus(task, status, max), message, max), event };
}

/**
 * A task takes a message only while it waits on the client (INPUT_REQUIRED, AUTH_REQUIRED). A
 * terminal task never changes again; a SUBMITTED or WORKING one is busy with an earlier message,
 * and a second concurrent turn would interleave its writes with the first one's.
 */
function notCancelable(taskId: string, state: string): TaskNotCancelableError {
  return new TaskNotCancelableError(`Task ${taskId} ended (${state}) before it could be canceled`, {
    metadata: { taskId },
  });
}

function checkAcceptsMessage(task: Task): void {
  const state = task.status.state;
  if (isTerminal(state)) {
    throw new UnsupportedOperationError(
      `Task ${task.id} is already ${state} and cannot take more messages; send the message without taskId (in the same contextId) to start a new task`,
      { metadata: { taskId: task.id } },
    );
  }
  if (!isInterrupted(state)) {
    throw new UnsupportedOperationError(
      `Task ${task.id} is still working on an earlier message (${state}); send the next message once it asks for input (follow it with SubscribeToTask), or cancel it`,
      { metadata: { taskId: task.id, state } },
    );
  }
}

function toStoredConfig(
  config: TaskPushNotificationConfig,
  taskId: string,
  protocolVersion: string,
): StoredPushConfig {
  try {
    new URL(config.url);
  } catch {
    throw invalidField("url", `"${config.url}" is not an absolute URL`);
  }
  const { tenant: _routing, ...rest } = config;
  return { ...rest, id: config.id || newId(), taskId, protocolVersion };
}

/** A stored config as clients see it: the version it was created under stays internal. */
function publicConfig(config: StoredPushConfig): StoredPushConfig {
  const { protocolVersion: _internal, ...rest } = config;
  return rest;
}

function invalidField(field: string, problem: string): InvalidParamsError {
  return new InvalidParamsError(`${field} ${problem}`, {
    details: [
      {
        "@type": "type.googleapis.com/google.rpc.BadRequest",
        fieldViolations: [{ field, description: problem }],
      },
    ],
  });
}

/** A stream of exactly one item. */
function single(item: StreamResponse): AsyncIterable<StreamResponse> {
  return {
    async *[Symbol.asyncIterator]() {
      yield item;
    },
  };
}

/**
 * Wraps a stream so that `return()` (a `break`, a client disconnect) detaches at once, even while
 * a `next()` is waiting for the next event, and the task keeps running.
 */
function detachable(
  source: AsyncGenerator<StreamResponse>,
  detach: AbortController,
  onEnd: () => void,
): AsyncIterable<StreamResponse> {
  const iterator: AsyncIterator<StreamResponse> = {
    async next() {
      try {
        const r = await source.next();
        if (r.done) onEnd();
        return r;
      } catch (e) {
        onEnd();
        throw e;
      }
    },
    async return() {
      detach.abort();
      onEnd();
      await source.return(undefined);
      return { done: true, value: undefined };
    },
  };
  return { [Symbol.asyncIterator]: () => iterator };
}
