import {
  A2A_MEDIA_TYPE,
  A2AError,
  AgentCard,
  CancelTaskRequest,
  type DeleteTaskPushNotificationConfigRequest,
  type GetExtendedAgentCardRequest,
  type GetTaskPushNotificationConfigRequest,
  GetTaskRequest,
  ListTaskPushNotificationConfigsRequest,
  ListTaskPushNotificationConfigsResponse,
  ListTasksRequest,
  ListTasksResponse,
  PROTOCOL_VERSION,
  SendMessageRequest,
  SendMessageResponse,
  StreamResponse,
  type SubscribeToTaskRequest,
  Task,
  TaskPushNotificationConfig,
  toJson,
} from "@a2akit/types";
import { type CallOptions, type HttpResult, openStream, readText, request } from "./http.js";
import { httpError, isObject, parseJsonBody, validate } from "./responses.js";
import { readSse } from "./sse.js";
import { streamError } from "./stream-errors.js";
import type { Transport, TransportInit } from "./transport.js";

const ACCEPT = `${A2A_MEDIA_TYPE}, application/json`;

interface RestCall {
  operation: string;
  method: "GET" | "POST" | "DELETE";
  tenant: string | undefined;
  path: string;
  query?: Record<string, unknown>;
  body?: unknown;
  idempotent?: boolean;
}

/** The HTTP+JSON (REST) binding of A2A v1.0: resource paths under the interface URL. */
export class RestTransport implements Transport {
  readonly binding = "HTTP+JSON";
  readonly protocolVersion = PROTOCOL_VERSION;

  constructor(private readonly init: TransportInit) {}

  private url(c: RestCall): string {
    const base = this.init.url.replace(/\/+$/, "");
    const tenant = c.tenant ? `/${encodeURIComponent(c.tenant)}` : "";
    const qs = new URLSearchParams();
    for (const [k, v] of Object.entries(c.query ?? {})) {
      if (v === undefined || v === null || k === "tenant") continue;
      if (Array.isArray(v)) for (const item of v) qs.append(k, String(item));
      else qs.append(k, String(v));
    }
    const q = qs.toString();
    return `${base}${tenant}${c.path}${q ? `?${q}` : ""}`;
  }

  /** Performs one REST call and returns the parsed body (undefined when empty). */
  private async call(c: RestCall, call: CallOptions): Promise<unknown> {
    const headers: Record<string, string> = { Accept: ACCEPT };
    if (c.body !== undefined) headers["Content-Type"] = A2A_MEDIA_TYPE;
    const result = await request(
      this.init.http,
      {
        operation: c.operation,
        url: this.url(c),
        method: c.method,
        headers,
        ...(c.body === undefined ? {} : { body: JSON.stringify(c.body) }),
        idempotent: c.idempotent ?? c.method === "GET",
        version: PROTOCOL_VERSION,
      },
      call,
    );
    if (result.status < 200 || result.status >= 300) throw restError(result, c.operation);
    if (result.text.trim() === "") return undefined;
    return parseJsonBody(
      result.text,
      c.operation,
      result.status,
      result.headers.get("content-type"),
    );
  }

  private async *stream(c: RestCall, call: CallOptions): AsyncGenerator<StreamResponse> {
    const response = await openStream(
      this.init.http,
      {
        operation: c.operation,
        url: this.url(c),
        method: c.method,
        headers: { Accept: "text/event-stream", "Content-Type": A2A_MEDIA_TYPE },
        body: JSON.stringify(c.body ?? {}),
        version: PROTOCOL_VERSION,
      },
      call,
    );
    const type = response.headers.get("content-type") ?? "";
    if (!response.ok || !type.includes("text/event-stream") || !response.body) {
      // A JSON answer in place of a stream stands for one event, and is bounded like one.
      const text = await readText(response, this.init.maxEventBytes, c.operation);
      const result = {
        status: response.status,
        statusText: response.statusText,
        headers: response.headers,
        text,
      };
      if (!response.ok) throw restError(result, c.operation);
      const body = parseJsonBody(text, c.operation, response.status, type);
      yield validate(StreamResponse, body, c.operation);
      return;
    }
    for await (const event of readSse(response.body, this.init.maxEventBytes)) {
      const body = parseJsonBody(event.data, c.operation, response.status, "text/event-stream");
      if (event.event === "error") throw streamError(body, c.operation);
      yield validate(StreamResponse, body, c.operation);
    }
  }

  async sendMessage(req: SendMessageRequest, call: CallOptions) {
    const body = await this.call(
      {
        operation: "SendMessage",
        method: "POST",
        tenant: req.tenant,
        path: "/message:send",
        body: toJson(SendMessageRequest, req),
      },
      call,
    );
    return validate(SendMessageResponse, body, "SendMessage");
  }

  sendStreamingMessage(req: SendMessageRequest, call: CallOptions) {
    return this.stream(
      {
        operation: "SendStreamingMessage",
        method: "POST",
        tenant: req.tenant,
        path: "/message:stream",
        body: toJson(SendMessageRequest, req),
      },
      call,
    );
  }

  async getTask(req: GetTaskRequest, call: CallOptions) {
    const { id, ...query } = toJson(GetTaskRequest, req) as Record<string, unknown>;
    const body = await this.call(
      {
        operation: "GetTask",
        method: "GET",
        tenant: req.tenant,
        path: `/tasks/${encodeURIComponent(req.id)}`,
        query,
      },
      call,
    );
    return validate(Task, body, "GetTask");
  }

  async listTasks(req: ListTasksRequest, call: CallOptions) {
    const body = await this.call(
      {
        operation: "ListTasks",
        method: "GET",
        tenant: req.tenant,
        path: "/tasks",
        query: toJson(ListTasksRequest, req) as Record<string, unknown>,
      },
      call,
    );
    return validate(ListTasksResponse, body, "ListTasks");
  }

  async cancelTask(req: CancelTaskRequest, call: CallOptions) {
    const body = await this.call(
      {
        operation: "CancelTask",
        method: "POST",
        tenant: req.tenant,
        path: `/tasks/${encodeURIComponent(req.id)}:cancel`,
        body: toJson(CancelTaskRequest, req),
      },
      call,
    );
    return validate(Task, body, "CancelTask");
  }

  subscribeToTask(req: SubscribeToTaskRequest, call: CallOptions) {
    return this.stream(
      {
        operation: "SubscribeToTask",
        method: "POST",
        tenant: req.tenant,
        path: `/tasks/${encodeURIComponent(req.id)}:subscribe`,
        body: { id: req.id },
      },
      call,
    );
  }

  async createTaskPushNotificationConfig(req: TaskPushNotificationConfig, call: CallOptions) {
    const op = "CreateTaskPushNotificationConfig";
    const body = await this.call(
      {
        operation: op,
        method: "POST",
        tenant: req.tenant,
        path: `/tasks/${encodeURIComponent(req.taskId ?? "")}/pushNotificationConfigs`,
        // The task id also travels in the body: some servers read it only from there.
        body: toJson(TaskPushNotificationConfig, req),
      },
      call,
    );
    return validate(TaskPushNotificationConfig, body, op);
  }

  async getTaskPushNotificationConfig(
    req: GetTaskPushNotificationConfigRequest,
    call: CallOptions,
  ) {
    const op = "GetTaskPushNotificationConfig";
    const body = await this.call(
      {
        operation: op,
        method: "GET",
        tenant: req.tenant,
        path: `/tasks/${encodeURIComponent(req.taskId)}/pushNotificationConfigs/${encodeURIComponent(req.id)}`,
      },
      call,
    );
    return validate(TaskPushNotificationConfig, body, op);
  }

  async listTaskPushNotificationConfigs(
    req: ListTaskPushNotificationConfigsRequest,
    call: CallOptions,
  ) {
    const op = "ListTaskPushNotificationConfigs";
    const { taskId, ...query } = toJson(ListTaskPushNotificationConfigsRequest, req) as Record<
      string,
      unknown
    >;
    const body = await this.call(
      {
        operation: op,
        method: "GET",
        tenant: req.tenant,
        path: `/tasks/${encodeURIComponent(req.taskId)}/pushNotificationConfigs`,
        query,
      },
      call,
    );
    return validate(ListTaskPushNotificationConfigsResponse, body ?? {}, op);
  }

  async deleteTaskPushNotificationConfig(
    req: DeleteTaskPushNotificationConfigRequest,
    call: CallOptions,
  ) {
    await this.call(
      {
        operation: "DeleteTaskPushNotificationConfig",
        method: "DELETE",
        tenant: req.tenant,
        path: `/tasks/${encodeURIComponent(req.taskId)}/pushNotificationConfigs/${encodeURIComponent(req.id)}`,
      },
      call,
    );
  }

  async getExtendedAgentCard(req: GetExtendedAgentCardRequest, call: CallOptions) {
    const body = await this.call(
      {
        operation: "GetExtendedAgentCard",
        method: "GET",
        tenant: req.tenant,
        path: "/extendedAgentCard",
      },
      call,
    );
    return validate(AgentCard, body, "GetExtendedAgentCard");
  }
}

/** The typed error for a non-2xx REST answer: the Status body if there is one, else the status. */
export function restError(result: HttpResult, what: string): A2AError {
  try {
    const body = JSON.parse(result.text) as unknown;
    if (isObject(body) && isObject(body.error)) return A2AError.fromRestError(body, result.status);
  } catch {
    // Not JSON: described from the status and an excerpt below.
  }
  return httpError(result, what);
}
