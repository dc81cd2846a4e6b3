import { type AgentCard, type StreamResponse, TaskNotCancelableError } from "@a2akit/types";
import { expect } from "vitest";
import {
  type A2AFetchHandlerOptions,
  type AgentExecutor,
  createA2AFetchHandler,
  createMemoryStores,
  createRequestHandler,
  defineAgent,
  type MemoryStores,
  type RequestHandlerOptions,
} from "../../src/index.js";
import { serveFetch, type TestServer } from "../http-helpers.js";

/**
 * A binding-neutral client for the conformance suites: each test names an operation and its
 * ProtoJSON request, and runs once per binding over a real socket. The REST side maps the request
 * onto its route (path parameters, query string for GET/DELETE, the rest as the body), so a test
 * reads like the checklist and proves the same rule on both wires.
 */

export type Binding = "JSONRPC" | "HTTP+JSON";
export const BINDINGS: Binding[] = ["JSONRPC", "HTTP+JSON"];

export type Op =
  | "SendMessage"
  | "SendStreamingMessage"
  | "GetTask"
  | "ListTasks"
  | "CancelTask"
  | "SubscribeToTask"
  | "CreateTaskPushNotificationConfig"
  | "GetTaskPushNotificationConfig"
  | "ListTaskPushNotificationConfigs"
  | "DeleteTaskPushNotificationConfig"
  | "GetExtendedAgentCard";

/** An error as either binding carried it, reduced to what the checklist's §3 table names. */
export interface WireError {
  httpStatus: number;
  /** JSON-RPC: the error code; REST: the `code` of the Status body (the HTTP status). */
  code: number;
  /** REST only: the gRPC status name. */
  status?: string;
  message: string;
  details: Record<string, unknown>[];
  reason?: string;
  domain?: string;
  metadata?: Record<string, string>;
}

export interface Reply {
  httpStatus: number;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: test code reads wire JSON freely.
  result?: any;
  error?: WireError;
  // biome-ignore lint/suspicious/noExplicitAny: the raw body, for shape checks.
  body: any;
}

type Params = Record<string, unknown>;

/** The §3 table: per error reason, the JSON-RPC code, the HTTP status and the gRPC status. */
export const ERRORS = {
  TASK_NOT_FOUND: { rpc: -32001, http: 404, status: "NOT_FOUND" },
  TASK_NOT_CANCELABLE: { rpc: -32002, http: 400, status: "FAILED_PRECONDITION" },
  PUSH_NOTIFICATION_NOT_SUPPORTED: { rpc: -32003, http: 400, status: "FAILED_PRECONDITION" },
  UNSUPPORTED_OPERATION: { rpc: -32004, http: 400, status: "FAILED_PRECONDITION" },
  CONTENT_TYPE_NOT_SUPPORTED: { rpc: -32005, http: 400, status: "INVALID_ARGUMENT" },
  INVALID_AGENT_RESPONSE: { rpc: -32006, http: 500, status: "INTERNAL" },
  EXTENDED_AGENT_CARD_NOT_CONFIGURED: { rpc: -32007, http: 400, status: "FAILED_PRECONDITION" },
  EXTENSION_SUPPORT_REQUIRED: { rpc: -32008, http: 400, status: "FAILED_PRECONDITION" },
  VERSION_NOT_SUPPORTED: { rpc: -32009, http: 400, status: "FAILED_PRECONDITION" },
  PARSE_ERROR: { rpc: -32700, http: 400, status: "INVALID_ARGUMENT" },
  INVALID_REQUEST: { rpc: -32600, http: 400, status: "INVALID_ARGUMENT" },
  METHOD_NOT_FOUND: { rpc: -32601, http: 404, status: "NOT_FOUND" },
  INVALID_PARAMS: { rpc: -32602, http: 400, status: "INVALID_ARGUMENT" },
  INTERNAL: { rpc: -32603, http: 500, status: "INTERNAL" },
  // The spec leaves the JSON-RPC code of refused credentials open; these are a2akit's.
  UNAUTHENTICATED: { rpc: -32090, http: 401, status: "UNAUTHENTICATED" },
  PERMISSION_DENIED: { rpc: -32091, http: 403, status: "PERMISSION_DENIED" },
} as const;
export type ErrorName = keyof typeof ERRORS;

/** The A2A errors of §3 (domain a2a-protocol.org); the rest are JSON-RPC/gRPC generic ones. */
const SPEC_REASONS = new Set<string>([
  "TASK_NOT_FOUND",
  "TASK_NOT_CANCELABLE",
  "PUSH_NOTIFICATION_NOT_SUPPORTED",
  "UNSUPPORTED_OPERATION",
  "CONTENT_TYPE_NOT_SUPPORTED",
  "INVALID_AGENT_RESPONSE",
  "EXTENDED_AGENT_CARD_NOT_CONFIGURED",
  "EXTENSION_SUPPORT_REQUIRED",
  "VERSION_NOT_SUPPORTED",
]);

/** Asserts `reply` failed with `name`, as the binding must carry it (§3 table and envelope rules). */
export function expectError(binding: Binding, reply: Reply, name: ErrorName): WireError {
  const want = ERRORS[name];
  expect(reply.error, `expected ${name}, got ${JSON.stringify(reply.body)}`).toBeDefined();
  const error = reply.error as WireError;
  if (binding === "JSONRPC") {
    expect(error.code, name).toBe(want.rpc);
  } else {
    expect(reply.httpStatus, name).toBe(want.http);
    expect(error.code, name).toBe(want.http);
    expect(error.status, name).toBe(want.status);
    expect(reply.headers.get("content-type")).toBe("application/a2a+json");
  }
  expect(typeof error.message).toBe("string");
  for (const d of error.details) expect(typeof d["@type"]).toBe("string");
  if (SPEC_REASONS.has(name)) {
    expect(error.reason, name).toBe(name);
    expect(error.domain).toBe("a2a-protocol.org");
    for (const v of Object.values(error.metadata ?? {})) expect(typeof v).toBe("string");
  }
  return error;
}

function wireError(httpStatus: number, raw: Record<string, unknown>, binding: Binding): WireError {
  const details = ((binding === "JSONRPC" ? raw.data : raw.details) ?? []) as Record<
    string,
    unknown
  >[];
  const info = details.find((d) => d["@type"] === "type.googleapis.com/google.rpc.ErrorInfo");
  return {
    httpStatus,
    code: raw.code as number,
    ...(typeof raw.status === "string" ? { status: raw.status } : {}),
    message: raw.message as string,
    details,
    ...(info
      ? {
          reason: info.reason as string,
          domain: info.domain as string,
          ...(info.metadata ? { metadata: info.metadata as Record<string, string> } : {}),
        }
      : {}),
  };
}

/** The REST route for an operation: verb, path below the base, query and body. */
export function restRoute(
  op: Op,
  params: Params,
): { verb: string; path: string; query?: Params; body?: Params } {
  const { tenant, ...p } = params;
  const pre = typeof tenant === "string" && tenant !== "" ? `/${encodeURIComponent(tenant)}` : "";
  const enc = (v: unknown) => encodeURIComponent(String(v ?? ""));
  const { id, taskId, ...rest } = p;
  const configs = `${pre}/tasks/${enc(taskId)}/pushNotificationConfigs`;
  switch (op) {
    case "SendMessage":
      return { verb: "POST", path: `${pre}/message:send`, body: p };
    case "SendStreamingMessage":
      return { verb: "POST", path: `${pre}/message:stream`, body: p };
    case "GetTask":
      return { verb: "GET", path: `${pre}/tasks/${enc(id)}`, query: rest };
    case "ListTasks":
      return { verb: "GET", path: `${pre}/tasks`, query: p };
    case "CancelTask":
      return { verb: "POST", path: `${pre}/tasks/${enc(id)}:cancel`, body: rest };
    case "SubscribeToTask":
      return { verb: "POST", path: `${pre}/tasks/${enc(id)}:subscribe`, body: rest };
    case "CreateTaskPushNotificationConfig":
      return { verb: "POST", path: configs, body: { ...rest, ...(id ? { id } : {}) } };
    case "GetTaskPushNotificationConfig":
      return { verb: "GET", path: `${configs}/${enc(id)}` };
    case "ListTaskPushNotificationConfigs":
      return { verb: "GET", path: configs, query: rest };
    case "DeleteTaskPushNotificationConfig":
      return { verb: "DELETE", path: `${configs}/${enc(id)}` };
    case "GetExtendedAgentCard":
      return { verb: "GET", path: `${pre}/extendedAgentCard` };
  }
}

function queryString(query: Params | undefined): string {
  if (!query) return "";
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined) continue;
    if (Array.isArray(v)) for (const x of v) q.append(k, String(x));
    else q.append(k, String(v));
  }
  const s = q.toString();
  return s ? `?${s}` : "";
}

let rpcIds = 0;

/** One binding of one server, speaking A2A v1.0 (`A2A-Version: 1.0` on every call). */
export class Wire {
  constructor(
    readonly binding: Binding,
    private readonly rpcUrl: string,
    private readonly restBase: string,
    readonly headers: Record<string, string> = {},
  ) {}

  /** The same binding with extra headers on every call. */
  with(headers: Record<string, string>): Wire {
    return new Wire(this.binding, this.rpcUrl, this.restBase, { ...this.headers, ...headers });
  }

  /** Builds the HTTP request for an operation. */
  request(op: Op, params: Params = {}, init: { id?: unknown; signal?: AbortSignal } = {}) {
    const headers: Record<string, string> = {
      "A2A-Version": "1.0",
      "Content-Type": this.binding === "JSONRPC" ? "application/json" : "application/a2a+json",
      ...this.headers,
    };
    if (this.binding === "JSONRPC") {
      const id = "id" in init ? init.id : ++rpcIds;
      return new Request(this.rpcUrl, {
        method: "POST",
        headers,
        body: JSON.stringify({ jsonrpc: "2.0", id, method: op, params }),
        ...(init.signal ? { signal: init.signal } : {}),
      });
    }
    const route = restRoute(op, params);
    const hasBody = route.verb === "POST";
    return new Request(`${this.restBase}${route.path}${queryString(route.query)}`, {
      method: route.verb,
      headers,
      ...(hasBody ? { body: JSON.stringify(route.body ?? {}) } : {}),
      ...(init.signal ? { signal: init.signal } : {}),
    });
  }

  /** Runs a unary operation. */
  async call(op: Op, params: Params = {}, init: { id?: unknown } = {}): Promise<Reply> {
    const res = await fetch(this.request(op, params, init));
    const text = await res.text();
    const body = text === "" ? undefined : JSON.parse(text);
    return this.reply(res, body);
  }

  /** Like `call`, but fails the test unless the call succeeded; returns the result. */
  // biome-ignore lint/suspicious/noExplicitAny: wire JSON.
  async ok(op: Op, params: Params = {}): Promise<any> {
    const r = await this.call(op, params);
    expect(r.error, `${op} failed: ${JSON.stringify(r.body)}`).toBeUndefined();
    return r.result;
  }

  // biome-ignore lint/suspicious/noExplicitAny: wire JSON.
  private reply(res: Response, body: any): Reply {
    const base = { httpStatus: res.status, headers: res.headers, body };
    if (this.binding === "JSONRPC") {
      if (body?.error) return { ...base, error: wireError(res.status, body.error, this.binding) };
      return { ...base, result: body?.result };
    }
    if (res.status >= 400)
      return { ...base, error: wireError(res.status, body.error, this.binding) };
    return { ...base, result: res.status === 204 ? null : body };
  }

  /** Opens a streaming operation; an error before the first event comes back as a Reply. */
  async stream(
    op: "SendStreamingMessage" | "SubscribeToTask",
    params: Params,
    init: { id?: unknown } = {},
  ): Promise<SseStream | Reply> {
    const abort = new AbortController();
    const res = await fetch(this.request(op, params, { ...init, signal: abort.signal }));
    if (res.headers.get("content-type") !== "text/event-stream") {
      const text = await res.text();
      return this.reply(res, text === "" ? undefined : JSON.parse(text));
    }
    return new SseStream(this.binding, res, abort);
  }

  /** Opens a stream and fails the test if it did not start. */
  async open(
    op: "SendStreamingMessage" | "SubscribeToTask",
    params: Params,
    init: { id?: unknown } = {},
  ): Promise<SseStream> {
    const s = await this.stream(op, params, init);
    if (!(s instanceof SseStream))
      throw new Error(`${op} did not stream: ${JSON.stringify(s.body)}`);
    return s;
  }
}

/**
 * An SSE response read incrementally. Keeps the raw text (framing checks), every event, and for
 * JSON-RPC the envelope of each event; `next()` yields the StreamResponses one by one.
 */
export class SseStream {
  raw = "";
  readonly envelopes: Record<string, unknown>[] = [];
  readonly events: StreamResponse[] = [];
  /** An `event: error` the server ended the stream with. */
  errorEvent: WireError | undefined;
  ended = false;
  private readonly reader: ReadableStreamDefaultReader<string>;
  private buffer = "";
  private delivered = 0;

  constructor(
    readonly binding: Binding,
    readonly response: Response,
    private readonly abort: AbortController,
  ) {
    this.reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  }

  /** The next StreamResponse, or undefined once the server ended the stream. */
  async next(): Promise<StreamResponse | undefined> {
    while (this.delivered >= this.events.length) {
      if (this.ended) return undefined;
      await this.pull();
    }
    return this.events[this.delivered++];
  }

  /** Every remaining StreamResponse until the server ends the stream. */
  async rest(): Promise<StreamResponse[]> {
    const out: StreamResponse[] = [];
    for (let e = await this.next(); e !== undefined; e = await this.next()) out.push(e);
    return out;
  }

  /** Reads to the end and returns every StreamResponse the stream carried. */
  async all(): Promise<StreamResponse[]> {
    await this.rest();
    return this.events;
  }

  /** Drops the connection, as a client going away does. */
  close(): void {
    this.abort.abort();
    this.reader.cancel().catch(() => {});
  }

  private async pull(): Promise<void> {
    const { done, value } = await this.reader.read();
    if (done) {
      this.ended = true;
      return;
    }
    this.raw += value;
    this.buffer += value;
    for (let cut = this.buffer.indexOf("\n\n"); cut >= 0; cut = this.buffer.indexOf("\n\n")) {
      const block = this.buffer.slice(0, cut);
      this.buffer = this.buffer.slice(cut + 2);
      let kind: string | undefined;
      const data: string[] = [];
      for (const line of block.split("\n")) {
        if (line.startsWith("event: ")) kind = line.slice(7);
        else if (line.startsWith("data: ")) data.push(line.slice(6));
      }
      if (data.length === 0) continue;
      const json = JSON.parse(data.join("\n"));
      if (kind === "error") {
        const raw = this.binding === "JSONRPC" ? json.error : json.error;
        this.errorEvent = wireError(200, raw, this.binding);
        if (this.binding === "JSONRPC") this.envelopes.push(json);
        continue;
      }
      if (this.binding === "JSONRPC") {
        this.envelopes.push(json);
        this.events.push(json.result);
      } else {
        this.events.push(json);
      }
    }
  }
}

/** The kind of each StreamResponse (its one key). */
export function kinds(events: StreamResponse[]): string[] {
  return events.map((e) => Object.keys(e).join("+"));
}

/** The state a StreamResponse reports, if any. */
export function stateOf(event: StreamResponse | undefined): string | undefined {
  return event?.statusUpdate?.status.state ?? event?.task?.status.state;
}

/** A promise the test resolves by name, to steer the agent. */
class Gates {
  private readonly gates = new Map<string, { promise: Promise<void>; open: () => void }>();
  wait(name: string): Promise<void> {
    return this.get(name).promise;
  }
  open(name: string): void {
    this.get(name).open();
  }
  private get(name: string) {
    let g = this.gates.get(name);
    if (!g) {
      let open!: () => void;
      const promise = new Promise<void>((r) => {
        open = r;
      });
      g = { promise, open };
      this.gates.set(name, g);
    }
    return g;
  }
}

/** Waits, turn by turn of the event loop (no clock), until `condition` holds. */
export async function until(condition: () => boolean, what = "condition"): Promise<void> {
  for (let i = 0; i < 200_000 && !condition(); i++) await new Promise((r) => setImmediate(r));
  expect(condition(), what).toBe(true);
}

/**
 * The scripted agent every conformance suite talks to. The first word of the user's text says
 * what it does:
 * - `echo …` (or anything else): WORKING, one artifact `echo: <text>`, COMPLETED;
 * - `ask`: INPUT_REQUIRED; the next message completes with an artifact `answer: <text>`;
 * - `auth`: AUTH_REQUIRED; the next message completes the same way;
 * - `ask-then <gate>`: INPUT_REQUIRED, then keeps running until the gate opens;
 * - `hold <gate>`: WORKING, an artifact `before`, waits for the gate (or the cancel signal),
 *   then artifacts `after 1..3` and COMPLETED;
 * - `reply`: a plain message, no task;
 * - `empty-artifact`: emits an artifact without parts before any other move;
 * - `modes`: completes with the accepted output modes as its artifact text;
 * - `add-ext <uri>`: activates the extension itself, then completes;
 * - `stubborn`: INPUT_REQUIRED, and its cancel hook refuses with TaskNotCancelable.
 */
export function scriptedAgent() {
  const gates = new Gates();
  const running = new Map<string, number>();
  let maxConcurrentPerTask = 0;
  let started = 0;
  const run = defineAgent(async (ctx, task) => {
    started++;
    const n = (running.get(ctx.taskId) ?? 0) + 1;
    running.set(ctx.taskId, n);
    maxConcurrentPerTask = Math.max(maxConcurrentPerTask, n);
    try {
      const [word, arg] = ctx.userText.split(" ");
      if (ctx.task && ctx.task.status.state !== "TASK_STATE_SUBMITTED" && word !== "ask") {
        await task.artifact({ parts: [{ text: `answer: ${ctx.userText}` }] });
        await task.complete();
        return;
      }
      switch (word) {
        case "ask":
          await task.inputRequired("What else?");
          return;
        case "ask-then":
          await task.inputRequired("What else?");
          await gates.wait(arg ?? "");
          return;
        case "auth":
          await task.authRequired("Sign in at https://idp.example/login, then answer.");
          return;
        case "hold": {
          await task.working();
          await task.artifact({ parts: [{ text: "before" }] });
          const aborted = new Promise<void>((r) => ctx.signal.addEventListener("abort", () => r()));
          await Promise.race([gates.wait(arg ?? ""), aborted]);
          if (ctx.signal.aborted) return;
          for (let i = 1; i <= 3; i++) await task.artifact({ parts: [{ text: `after ${i}` }] });
          await task.complete();
          return;
        }
        case "reply":
          await task.reply("a plain answer");
          return;
        case "empty-artifact":
          await task.artifact({ parts: [] });
          return;
        case "add-ext":
          ctx.activatedExtensions.add(arg ?? "");
          await task.complete();
          return;
        case "stubborn":
          await task.inputRequired("I will not be canceled");
          return;
        case "modes":
          await task.artifact({ parts: [{ text: ctx.acceptedOutputModes.join(",") }] });
          await task.complete();
          return;
        default:
          await task.working();
          await task.artifact({ parts: [{ text: `echo: ${ctx.userText}` }] });
          await task.complete();
      }
    } finally {
      running.set(ctx.taskId, (running.get(ctx.taskId) ?? 1) - 1);
    }
  });
  const executor: AgentExecutor = {
    execute: (ctx, task) => run.execute(ctx, task),
    async cancel(ctx) {
      if (ctx.task.history?.[0]?.parts[0]?.text === "stubborn") {
        throw new TaskNotCancelableError(`Task ${ctx.taskId} refuses to be canceled`, {
          metadata: { taskId: ctx.taskId },
        });
      }
    },
  };
  return {
    executor,
    release: (gate: string) => gates.open(gate),
    get maxConcurrentPerTask() {
      return maxConcurrentPerTask;
    },
    get started() {
      return started;
    },
    runningOn: (taskId: string) => running.get(taskId) ?? 0,
  };
}

/** The card of the conformance agent: both bindings, every capability unless overridden. */
export function conformanceCard(base: string, extra: Partial<AgentCard> = {}): AgentCard {
  return {
    name: "Conformance",
    description: "The agent the conformance suites talk to",
    version: "1.0.0",
    supportedInterfaces: [
      { url: `${base}/rpc`, protocolBinding: "JSONRPC", protocolVersion: "1.0" },
      { url: `${base}/rest`, protocolBinding: "HTTP+JSON", protocolVersion: "1.0" },
    ],
    capabilities: { streaming: true, pushNotifications: true, extendedAgentCard: true },
    defaultInputModes: ["text/plain", "application/json"],
    defaultOutputModes: ["text/plain"],
    skills: [],
    ...extra,
  };
}

export interface ConformanceServer {
  readonly url: string;
  readonly agent: ReturnType<typeof scriptedAgent>;
  readonly handler: ReturnType<typeof createRequestHandler>;
  /** The memory stores behind the handler (terminal tasks kept for one minute). */
  readonly stores: MemoryStores;
  /** Moves the server's clock. */
  advance(ms: number): void;
  wire(binding: Binding): Wire;
  close(): Promise<void>;
}

/**
 * The real engine (request handler, memory stores, fetch handler) on 127.0.0.1 and a free port.
 * The clock moves 1 ms per reading, so status timestamps are distinct and ordered.
 */
export async function startConformanceServer(
  options: {
    card?: Partial<AgentCard>;
    handler?: Partial<RequestHandlerOptions>;
    http?: Partial<A2AFetchHandlerOptions>;
  } = {},
): Promise<ConformanceServer> {
  const agent = scriptedAgent();
  let clock = Date.parse("2025-06-01T00:00:00.000Z");
  const now = () => ++clock;
  const agentCard = conformanceCard("http://agent.test", options.card);
  const stores = createMemoryStores({ now, terminalTtlMs: 60_000 });
  const handler = createRequestHandler({
    agentCard,
    executor: agent.executor,
    now,
    taskStore: stores.taskStore,
    queueStore: stores.queueStore,
    pushConfigStore: stores.pushConfigStore,
    extendedAgentCard: (user) => ({ ...agentCard, description: `extended for ${user.id}` }),
    ...options.handler,
  });
  const a2a = createA2AFetchHandler({
    handler,
    // Callers name themselves with `Authorization: Bearer <name>`; none means anonymous.
    authenticate: (r) => {
      const auth = r.headers.get("authorization");
      return auth?.startsWith("Bearer ")
        ? { id: auth.slice(7), authenticated: true }
        : { id: "", authenticated: false };
    },
    ...options.http,
  });
  const server: TestServer = await serveFetch(a2a.fetch);
  return {
    url: server.url,
    agent,
    handler,
    stores,
    advance(ms) {
      clock += ms;
    },
    wire: (binding) => new Wire(binding, `${server.url}/rpc`, `${server.url}/rest`),
    async close() {
      await a2a.close({ timeoutMs: 1000 });
      await server.close();
    },
  };
}

/** A user message request body. */
export function userMessage(
  text: string,
  extra: Record<string, unknown> = {},
  request: Record<string, unknown> = {},
): Params {
  return {
    message: { messageId: crypto.randomUUID(), role: "ROLE_USER", parts: [{ text }], ...extra },
    ...request,
  };
}
