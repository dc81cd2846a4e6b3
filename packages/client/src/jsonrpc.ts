import {
  A2AError,
  AgentCard,
  CancelTaskRequest,
  DeleteTaskPushNotificationConfigRequest,
  GetExtendedAgentCardRequest,
  GetTaskPushNotificationConfigRequest,
  GetTaskRequest,
  InvalidAgentResponseError,
  type JsonRpcErrorJson,
  ListTaskPushNotificationConfigsRequest,
  ListTaskPushNotificationConfigsResponse,
  ListTasksRequest,
  ListTasksResponse,
  METHODS,
  type MethodName,
  PROTOCOL_VERSION,
  SendMessageRequest,
  SendMessageResponse,
  StreamResponse,
  SubscribeToTaskRequest,
  Task,
  TaskPushNotificationConfig,
  toJson,
} from "@a2akit/types";
import { type CallOptions, type HttpResult, openStream, readText, request } from "./http.js";
import { httpError, isObject, parseJsonBody, validate } from "./responses.js";
import { readSse } from "./sse.js";
import { streamError } from "./stream-errors.js";
import type { Transport, TransportInit } from "./transport.js";

const IDEMPOTENT: ReadonlySet<MethodName> = new Set([
  "GetTask",
  "ListTasks",
  "GetTaskPushNotificationConfig",
  "ListTaskPushNotificationConfigs",
  "GetExtendedAgentCard",
]);

let nextId = 1;

/** The JSON-RPC 2.0 binding of A2A v1.0: one POST endpoint, PascalCase methods. */
export class JsonRpcTransport implements Transport {
  readonly binding = "JSONRPC";
  readonly protocolVersion = PROTOCOL_VERSION;

  constructor(private readonly init: TransportInit) {}

  /** Sends one JSON-RPC request and returns its `result` (not yet validated). */
  async rpc(method: MethodName, params: unknown, call: CallOptions): Promise<unknown> {
    const id = nextId++;
    const result = await request(
      this.init.http,
      {
        operation: method,
        url: this.init.url,
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "application/json" },
        body: JSON.stringify({ jsonrpc: "2.0", id, method: METHODS[method], params }),
        idempotent: IDEMPOTENT.has(method),
        version: PROTOCOL_VERSION,
      },
      call,
    );
    return readEnvelope(result, method);
  }

  /** Opens a streaming JSON-RPC call and yields each event's `result`. */
  async *rpcStream(
    method: MethodName,
    params: unknown,
    call: CallOptions,
  ): AsyncGenerator<StreamResponse> {
    const id = nextId++;
    const response = await openStream(
      this.init.http,
      {
        operation: method,
        url: this.init.url,
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "text/event-stream" },
        body: JSON.stringify({ jsonrpc: "2.0", id, method: METHODS[method], params }),
        version: PROTOCOL_VERSION,
      },
      call,
    );
    yield* decodeJsonRpcStream(response, method, this.init.maxEventBytes, (result) =>
      validate(StreamResponse, result, method),
    );
  }

  async sendMessage(req: SendMessageRequest, call: CallOptions) {
    return validate(
      SendMessageResponse,
      await this.rpc("SendMessage", toJson(SendMessageRequest, req), call),
      "SendMessage",
    );
  }
  sendStreamingMessage(req: SendMessageRequest, call: CallOptions) {
    return this.rpcStream("SendStreamingMessage", toJson(SendMessageRequest, req), call);
  }
  async getTask(req: GetTaskRequest, call: CallOptions) {
    return validate(Task, await this.rpc("GetTask", toJson(GetTaskRequest, req), call), "GetTask");
  }
  async listTasks(req: ListTasksRequest, call: CallOptions) {
    return validate(
      ListTasksResponse,
      await this.rpc("ListTasks", toJson(ListTasksRequest, req), call),
      "ListTasks",
    );
  }
  async cancelTask(req: CancelTaskRequest, call: CallOptions) {
    return validate(
      Task,
      await this.rpc("CancelTask", toJson(CancelTaskRequest, req), call),
      "CancelTask",
    );
  }
  subscribeToTask(req: SubscribeToTaskRequest, call: CallOptions) {
    return this.rpcStream("SubscribeToTask", toJson(SubscribeToTaskRequest, req), call);
  }
  async createTaskPushNotificationConfig(req: TaskPushNotificationConfig, call: CallOptions) {
    const m = "CreateTaskPushNotificationConfig";
    const params = toJson(TaskPushNotificationConfig, req);
    return validate(TaskPushNotificationConfig, await this.rpc(m, params, call), m);
  }
  async getTaskPushNotificationConfig(
    req: GetTaskPushNotificationConfigRequest,
    call: CallOptions,
  ) {
    const m = "GetTaskPushNotificationConfig";
    const params = toJson(GetTaskPushNotificationConfigRequest, req);
    return validate(TaskPushNotificationConfig, await this.rpc(m, params, call), m);
  }
  async listTaskPushNotificationConfigs(
    req: ListTaskPushNotificationConfigsRequest,
    call: CallOptions,
  ) {
    const m = "ListTaskPushNotificationConfigs";
    const params = toJson(ListTaskPushNotificationConfigsRequest, req);
    return validate(ListTaskPushNotificationConfigsResponse, await this.rpc(m, params, call), m);
  }
  async deleteTaskPushNotificationConfig(
    req: DeleteTaskPushNotificationConfigRequest,
    call: CallOptions,
  ) {
    const params = toJson(DeleteTaskPushNotificationConfigRequest, req);
    await this.rpc("DeleteTaskPushNotificationConfig", params, call);
  }
  async getExtendedAgentCard(req: GetExtendedAgentCardRequest, call: CallOptions) {
    const m = "GetExtendedAgentCard";
    const params = toJson(GetExtendedAgentCardRequest, req);
    return validate(AgentCard, await this.rpc(m, params, call), m);
  }
}

/**
 * Reads a unary JSON-RPC answer. A failed HTTP status without a JSON-RPC envelope (an error page
 * from a proxy, say) is described from the status instead.
 */
export function readEnvelope(
  result: HttpResult,
  what: string,
  fromError?: (e: JsonRpcErrorJson) => A2AError,
): unknown {
  let body: unknown;
  try {
    body = parseJsonBody(result.text, what, result.status, result.headers.get("content-type"));
  } catch (error) {
    if (result.status >= 400) throw httpError(result, what);
    throw error;
  }
  if (result.status >= 400 && !(isObject(body) && body.jsonrpc === "2.0")) {
    throw httpError(result, what);
  }
  return unwrapEnvelope(body, what, result.status, fromError);
}

/** Reads a JSON-RPC response envelope: the result, or the typed error it carries. */
export function unwrapEnvelope(
  body: unknown,
  what: string,
  status: number,
  fromError: (e: JsonRpcErrorJson) => A2AError = A2AError.fromJsonRpcError,
): unknown {
  if (!isObject(body) || body.jsonrpc !== "2.0") {
    throw new InvalidAgentResponseError(
      `${what}: the agent did not answer with a JSON-RPC 2.0 response (HTTP ${status})`,
    );
  }
  if (body.error !== undefined) {
    const e = body.error;
    if (!isObject(e) || typeof e.code !== "number") {
      throw new InvalidAgentResponseError(`${what}: malformed JSON-RPC error object`);
    }
    return throwError(
      fromError({
        code: e.code,
        message: typeof e.message === "string" ? e.message : `JSON-RPC error ${e.code}`,
        data: e.data,
      }),
    );
  }
  if (!("result" in body)) {
    throw new InvalidAgentResponseError(`${what}: JSON-RPC response has neither result nor error`);
  }
  return body.result;
}

function throwError(error: A2AError): never {
  throw error;
}

/**
 * Decodes a JSON-RPC streaming answer: SSE events whose data are JSON-RPC responses, or a plain
 * JSON error envelope when the call failed before the stream began.
 */
export async function* decodeJsonRpcStream<T>(
  response: Response,
  what: string,
  maxEventBytes: number,
  read: (result: unknown) => T,
  fromError?: (e: JsonRpcErrorJson) => A2AError,
): AsyncGenerator<T> {
  const type = response.headers.get("content-type") ?? "";
  if (!type.includes("text/event-stream") || !response.body) {
    // A JSON answer in place of a stream stands for one event, and is bounded like one.
    const text = await readText(response, maxEventBytes, what);
    const result = {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
      text,
    };
    let body: unknown;
    try {
      body = parseJsonBody(text, what, response.status, type);
    } catch (error) {
      if (response.status >= 400) throw httpError(result, what);
      throw error;
    }
    yield read(unwrapEnvelope(body, what, response.status, fromError));
    return;
  }
  for await (const event of readSse(response.body, maxEventBytes)) {
    const body = parseJsonBody(event.data, what, response.status, "text/event-stream");
    if (event.event === "error") throw streamError(body, what, fromError);
    yield read(unwrapEnvelope(body, what, response.status, fromError));
  }
}
