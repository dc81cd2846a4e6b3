import {
  type AgentCard,
  type AgentInterface,
  CancelTaskRequest,
  createMessage,
  GetTaskRequest,
  InvalidAgentResponseError,
  isFinalForNow,
  type ListTaskPushNotificationConfigsResponse,
  ListTasksRequest,
  type ListTasksResponse,
  type Message,
  type Part,
  parseOrThrow,
  SendMessageRequest,
  type SendMessageResponse,
  type StreamResponse,
  type Task,
  TaskPushNotificationConfig,
  UnsupportedOperationError,
} from "@a2akit/types";
import { authInterceptor, type Credentials } from "./auth.js";
import { agentCardUrl, type CachedCard, fetchAgentCard, readAgentCard } from "./card.js";
import { Conversation, type ConversationOptions } from "./conversation.js";
import {
  type CallOptions,
  DEFAULT_MAX_RESPONSE_BYTES,
  DEFAULT_RETRY,
  type HttpConfig,
  type Interceptor,
  type RetryOptions,
} from "./http.js";
import { JsonRpcTransport } from "./jsonrpc.js";
import { checkClientOptions } from "./options.js";
import { RestTransport } from "./rest.js";
import { type ReconnectOptions, resumable } from "./resume.js";
import { retryDelay, sleep } from "./retry.js";
import { DEFAULT_BINDINGS, majorMinor, selectInterface } from "./select.js";
import { type VerifyCardOptions, verifyAgentCard } from "./signature.js";
import { DEFAULT_MAX_EVENT_BYTES } from "./sse.js";
import { applyEvent } from "./task-view.js";
import type { Transport, TransportInit } from "./transport.js";
import { JsonRpcV03Transport } from "./v03/jsonrpc.js";

/** Options for {@link A2AClient}. */
export interface A2AClientOptions {
  /** The fetch to use (default: the global one). */
  fetch?: typeof fetch;
  /** Headers sent with every request. */
  headers?: HeadersInit;
  /** Hooks run around every request, in order. */
  interceptors?: readonly Interceptor[];
  /** Credentials, sent as the card's security schemes ask. */
  auth?: Credentials;
  /** Default per-call timeout in ms (none by default). For streams it bounds the wait for headers. */
  timeout?: number;
  /** Retry policy for idempotent calls (GetTask, ListTasks, card fetches); `false` turns it off. */
  retry?: RetryOptions | false;
  /** Extension URIs requested on every call (`A2A-Extensions`). */
  extensions?: readonly string[];
  /** Preferred bindings, most preferred first (default `["JSONRPC", "HTTP+JSON"]`). */
  bindings?: readonly string[];
  /** Resuming of cut streams through SubscribeToTask; on by default, `false` turns it off. */
  reconnect?: ReconnectOptions | false;
  /** Largest accepted server-sent event, in bytes (default 4 MiB). */
  maxEventBytes?: number;
  /** Largest accepted answer body of a unary call, in bytes (default 64 MiB). */
  maxResponseBytes?: number;
  /** Where the card came from, so {@link A2AClient.refreshCard} can revalidate it. */
  cardUrl?: string;
  /**
   * Require a valid signature on every card fetched (by `fromUrl` and `refreshCard`); an
   * unsigned or badly signed card throws AgentCardSignatureError.
   */
  verifyCard?: VerifyCardOptions;
}

/** Options for sending a message. */
export interface SendOptions extends CallOptions {
  /** Continue this task (multi-turn). */
  taskId?: string;
  /** Stay in this context. */
  contextId?: string;
  /** Return as soon as the task exists instead of waiting for it to finish or pause. */
  returnImmediately?: boolean;
  /** At most this many history messages in the returned task. */
  historyLength?: number;
  /** Media types the client accepts in the answer. */
  acceptedOutputModes?: string[];
  /** Register a webhook for the task this message creates. */
  pushNotificationConfig?: TaskPushNotificationConfig;
  /** Request metadata. */
  metadata?: Record<string, unknown>;
}

/** What to send: plain text, parts, or a complete message. */
export type MessageInput = string | Part[] | Message;

/** Filters and paging for ListTasks (the tenant comes from the interface). */
export type ListTasksParams = Omit<ListTasksRequest, "tenant">;

/** Options for {@link A2AClient.waitForTask}. */
export interface WaitOptions extends CallOptions {
  /** Poll interval bounds in ms when the agent cannot stream (default 250 → 5000). */
  minPollMs?: number;
  maxPollMs?: number;
}

/**
 * A client for one A2A agent. It reads the agent's card, picks the interface to use (JSON-RPC or
 * HTTP+JSON at v1.0, or JSON-RPC at v0.3 through an adapter) and exposes every operation with
 * v1.0 types, whatever the agent speaks.
 */
export class A2AClient {
  private cached: CachedCard | undefined;
  private currentCard: AgentCard;
  private readonly http: HttpConfig;
  private readonly transport: Transport;
  private readonly options: A2AClientOptions;
  private activated: readonly string[] = [];
  /** The interface this client talks to. */
  readonly agentInterface: AgentInterface;

  /** Fetches the card from `baseUrl` (its well-known path) and builds a client for it. */
  static async fromUrl(
    baseUrl: string | URL,
    options: A2AClientOptions & { signal?: AbortSignal } = {},
  ): Promise<A2AClient> {
    checkClientOptions(options);
    const url = options.cardUrl ?? agentCardUrl(baseUrl);
    const http = httpConfig(options, () => undefined);
    const call: CallOptions = {};
    if (options.signal) call.signal = options.signal;
    if (options.timeout !== undefined) call.timeout = options.timeout;
    const cached = await fetchAgentCard(http, url, call);
    if (options.verifyCard) await verifyAgentCard(cached.card, options.verifyCard);
    const client = new A2AClient(cached.card, { ...options, cardUrl: url });
    client.cached = cached;
    return client;
  }

  /** Builds a client from a card already in memory (v1.0 or v0.3 JSON, or a parsed card). */
  constructor(card: AgentCard | unknown, options: A2AClientOptions = {}) {
    checkClientOptions(options);
    this.options = options;
    this.currentCard = readAgentCard(card, "the given card");
    const base = httpConfig(options, (list) => {
      this.activated = list;
    });
    const interceptors = [...base.interceptors];
    if (options.auth) {
      interceptors.unshift(
        authInterceptor(() => this.currentCard, options.auth, options.fetch ?? globalThis.fetch),
      );
    }
    this.http = { ...base, interceptors };
    this.agentInterface = selectInterface(this.currentCard, options.bindings ?? DEFAULT_BINDINGS);
    const init: TransportInit = {
      url: this.agentInterface.url,
      http: this.http,
      maxEventBytes: options.maxEventBytes ?? DEFAULT_MAX_EVENT_BYTES,
    };
    const v03 = majorMinor(this.agentInterface.protocolVersion) === "0.3";
    const binding = this.agentInterface.protocolBinding.toUpperCase();
    this.transport = v03
      ? new JsonRpcV03Transport(init)
      : binding === "HTTP+JSON"
        ? new RestTransport(init)
        : new JsonRpcTransport(init);
  }

  /** The agent's card: the extended one once {@link getExtendedAgentCard} has fetched it. */
  get card(): AgentCard {
    return this.currentCard;
  }

  /** The protocol version spoken with the agent (`"1.0"`, or `"0.3"` for older agents). */
  get protocolVersion(): string {
    return this.transport.protocolVersion;
  }

  /** Extensions the agent activated, from the `A2A-Extensions` header of its latest answer. */
  get activatedExtensions(): readonly string[] {
    return this.activated;
  }

  /**
   * Re-reads the card, honouring its caching headers: while `max-age` lasts the cached card is
   * returned; after that the request carries `If-None-Match`, and a 304 keeps the card. A client
   * built from a card in memory has nothing to refresh unless `cardUrl` was given. The
   * interface chosen when the client was built stays: build a new client to follow a card
   * whose interfaces moved.
   */
  async refreshCard(call: CallOptions = {}): Promise<AgentCard> {
    const url = this.options.cardUrl ?? this.cached?.url;
    if (!url) return this.currentCard;
    const next = await fetchAgentCard(this.http, url, call, this.cached);
    if (this.options.verifyCard && next.card !== this.cached?.card) {
      await verifyAgentCard(next.card, this.options.verifyCard);
    }
    this.cached = next;
    this.currentCard = next.card;
    return this.currentCard;
  }

  /**
   * Sends a message and waits until the task finishes or needs input (or, with
   * `returnImmediately`, until it exists). The answer is `{ task }` or `{ message }`.
   */
  async sendMessage(input: MessageInput, options: SendOptions = {}): Promise<SendMessageResponse> {
    return this.transport.sendMessage(this.sendRequest(input, options), options);
  }

  /**
   * Sends a message and streams the task's events. A cut stream is resumed through
   * SubscribeToTask (see the package README for the exactly-once rule).
   */
  sendStreamingMessage(
    input: MessageInput,
    options: SendOptions = {},
  ): AsyncIterable<StreamResponse> {
    const taskId =
      options.taskId ??
      (typeof input === "object" && !Array.isArray(input) ? input.taskId : undefined);
    return this.resumable(
      () => this.transport.sendStreamingMessage(this.sendRequest(input, options), options),
      options,
      taskId,
    );
  }

  /** Reads a task. */
  async getTask(id: string, options: CallOptions & { historyLength?: number } = {}): Promise<Task> {
    const { historyLength, ...call } = options;
    const req = parseOrThrow(
      GetTaskRequest,
      { id, ...(historyLength === undefined ? {} : { historyLength }), ...this.tenant(call) },
      { what: "GetTask request" },
    );
    return this.transport.getTask(req, call);
  }

  /** Lists tasks, newest status first; one page per call. */
  async listTasks(
    params: ListTasksParams = {},
    call: CallOptions = {},
  ): Promise<ListTasksResponse> {
    const req = parseOrThrow(
      ListTasksRequest,
      { ...params, ...this.tenant(call) },
      { what: "ListTasks request" },
    );
    return this.transport.listTasks(req, call);
  }

  /** Every task matching the filters, across all pages. */
  async *listAllTasks(
    params: Omit<ListTasksParams, "pageToken"> = {},
    call: CallOptions = {},
  ): AsyncGenerator<Task> {
    let pageToken: string | undefined;
    // A token handed out twice would make this walk the same pages for ever.
    const seen = new Set<string>();
    do {
      const page = await this.listTasks({ ...params, ...(pageToken ? { pageToken } : {}) }, call);
      yield* page.tasks;
      pageToken = page.nextPageToken || undefined;
      if (pageToken !== undefined) {
        if (seen.has(pageToken)) {
          throw new InvalidAgentResponseError(
            `ListTasks: the agent returned the page token ${JSON.stringify(pageToken)} twice`,
          );
        }
        seen.add(pageToken);
      }
    } while (pageToken);
  }

  /** Asks the agent to cancel a task; returns the task (CANCELED when it worked). */
  async cancelTask(
    id: string,
    options: CallOptions & { metadata?: Record<string, unknown> } = {},
  ): Promise<Task> {
    const { metadata, ...call } = options;
    const req = parseOrThrow(
      CancelTaskRequest,
      { id, ...(metadata ? { metadata } : {}), ...this.tenant(call) },
      { what: "CancelTask request" },
    );
    return this.transport.cancelTask(req, call);
  }

  /** Streams a task's events: first its current snapshot, then live updates (resumed if cut). */
  subscribeToTask(id: string, call: CallOptions = {}): AsyncIterable<StreamResponse> {
    return this.resumable(
      () => this.transport.subscribeToTask({ id, ...this.tenant(call) }, call),
      call,
      id,
    );
  }

  /** Registers a webhook for a task's updates; the agent assigns the `id` if none is given. */
  async createTaskPushNotificationConfig(
    config: TaskPushNotificationConfig & { taskId: string },
    call: CallOptions = {},
  ): Promise<TaskPushNotificationConfig> {
    const req = parseOrThrow(
      TaskPushNotificationConfig,
      { ...config, ...this.tenant(call) },
      { what: "push notification config" },
    );
    return this.transport.createTaskPushNotificationConfig(req, call);
  }

  /** Reads one webhook registration of a task. */
  async getTaskPushNotificationConfig(
    taskId: string,
    id: string,
    call: CallOptions = {},
  ): Promise<TaskPushNotificationConfig> {
    return this.transport.getTaskPushNotificationConfig({ taskId, id, ...this.tenant(call) }, call);
  }

  /** Lists a task's webhook registrations (one page). */
  async listTaskPushNotificationConfigs(
    taskId: string,
    options: CallOptions & { pageSize?: number; pageToken?: string } = {},
  ): Promise<ListTaskPushNotificationConfigsResponse> {
    const { pageSize, pageToken, ...call } = options;
    return this.transport.listTaskPushNotificationConfigs(
      {
        taskId,
        ...(pageSize === undefined ? {} : { pageSize }),
        ...(pageToken === undefined ? {} : { pageToken }),
        ...this.tenant(call),
      },
      call,
    );
  }

  /** Removes a webhook registration. */
  async deleteTaskPushNotificationConfig(
    taskId: string,
    id: string,
    call: CallOptions = {},
  ): Promise<void> {
    return this.transport.deleteTaskPushNotificationConfig(
      { taskId, id, ...this.tenant(call) },
      call,
    );
  }

  /**
   * Fetches the extended card (authenticated callers may see more) and uses it as this client's
   * card from then on.
   */
  async getExtendedAgentCard(call: CallOptions = {}): Promise<AgentCard> {
    const card = await this.transport.getExtendedAgentCard(this.tenant(call), call);
    this.currentCard = card;
    return card;
  }

  /**
   * Resolves with the task once it is terminal or interrupted. Streams through SubscribeToTask
   * when the agent can stream, otherwise polls GetTask with growing intervals.
   */
  async waitForTask(taskId: string, options: WaitOptions = {}): Promise<Task> {
    const { minPollMs = 250, maxPollMs = 5000, ...call } = options;
    if (this.currentCard.capabilities.streaming) {
      try {
        let view: Task | undefined;
        for await (const event of this.subscribeToTask(taskId, call)) {
          view = applyEvent(view, event);
          // An AUTH_REQUIRED stream may stay open; the wait is over either way.
          if (view && isFinalForNow(view.status.state)) break;
        }
      } catch (error) {
        if (!(error instanceof UnsupportedOperationError)) throw error;
        // Refused because the task is already terminal: read it below.
      }
      const task = await this.getTask(taskId, call);
      if (isFinalForNow(task.status.state)) return task;
    }
    const retry = { retries: 0, baseDelayMs: minPollMs, maxDelayMs: maxPollMs };
    for (let attempt = 1; ; attempt++) {
      const task = await this.getTask(taskId, call);
      if (isFinalForNow(task.status.state)) return task;
      await sleep(retryDelay(retry, Math.min(attempt, 16)), call.signal);
    }
  }

  /** Starts a multi-turn conversation that carries contextId and taskId from turn to turn. */
  conversation(options: ConversationOptions = {}): Conversation {
    return new Conversation(this, options);
  }

  private sendRequest(input: MessageInput, o: SendOptions): SendMessageRequest {
    const message =
      typeof input === "string" || Array.isArray(input)
        ? createMessage({ parts: input })
        : { ...input };
    if (o.taskId !== undefined) message.taskId = o.taskId;
    if (o.contextId !== undefined) message.contextId = o.contextId;
    const configuration: Record<string, unknown> = {};
    if (o.returnImmediately !== undefined) configuration.returnImmediately = o.returnImmediately;
    if (o.historyLength !== undefined) configuration.historyLength = o.historyLength;
    if (o.acceptedOutputModes) configuration.acceptedOutputModes = o.acceptedOutputModes;
    if (o.pushNotificationConfig) {
      configuration.taskPushNotificationConfig = o.pushNotificationConfig;
    }
    return parseOrThrow(
      SendMessageRequest,
      {
        message,
        ...(Object.keys(configuration).length ? { configuration } : {}),
        ...(o.metadata ? { metadata: o.metadata } : {}),
        ...this.tenant(o),
      },
      { what: "SendMessage request" },
    );
  }

  private tenant(call: CallOptions): { tenant?: string } {
    const tenant = call.tenant ?? this.agentInterface.tenant;
    return tenant ? { tenant } : {};
  }

  private resumable(
    open: () => AsyncIterable<StreamResponse>,
    call: CallOptions,
    taskId: string | undefined,
  ): AsyncIterable<StreamResponse> {
    const reconnect = this.options.reconnect;
    const source = {
      resubscribe: (id: string) =>
        this.transport.subscribeToTask({ id, ...this.tenant(call) }, call),
      getTask: (id: string) => this.getTask(id, call),
    };
    return {
      [Symbol.asyncIterator]: () =>
        resumable(open, source, reconnect, call.signal, taskId)[Symbol.asyncIterator](),
    };
  }
}

function httpConfig(options: A2AClientOptions, onExtensions: (list: string[]) => void): HttpConfig {
  const fetchImpl = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  return {
    fetch: fetchImpl,
    headers: new Headers(options.headers),
    interceptors: options.interceptors ?? [],
    timeout: options.timeout,
    retry:
      options.retry === false
        ? { ...DEFAULT_RETRY, retries: 0 }
        : { ...DEFAULT_RETRY, ...options.retry },
    extensions: options.extensions ?? [],
    maxResponseBytes: options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
    onExtensions,
  };
}
