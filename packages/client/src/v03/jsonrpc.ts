import {
  type AgentCard,
  type CancelTaskRequest,
  type DeleteTaskPushNotificationConfigRequest,
  errorFromV03,
  type GetExtendedAgentCardRequest,
  type GetTaskPushNotificationConfigRequest,
  type GetTaskRequest,
  type ListTaskPushNotificationConfigsRequest,
  type ListTaskPushNotificationConfigsResponse,
  type ListTasksResponse,
  type MethodName,
  requestToV03,
  resultFromV03,
  type SendMessageRequest,
  type SendMessageResponse,
  type StreamResponse,
  type SubscribeToTaskRequest,
  type Task,
  type TaskPushNotificationConfig,
  UnsupportedOperationError,
  type V03TranslatableResults,
} from "@a2akit/types";
import { type CallOptions, openStream, request } from "../http.js";
import { decodeJsonRpcStream, readEnvelope } from "../jsonrpc.js";
import type { Transport, TransportInit } from "../transport.js";
import { V03_VERSION } from "./card.js";

type V03Method = keyof V03TranslatableResults;

const IDEMPOTENT: ReadonlySet<string> = new Set([
  "GetTask",
  "GetTaskPushNotificationConfig",
  "ListTaskPushNotificationConfigs",
  "GetExtendedAgentCard",
]);

let nextId = 1;

/**
 * The JSON-RPC binding of A2A v0.3 behind the v1.0 interface: each request is converted to its
 * v0.3 method and params, each answer (results, stream items, errors) back to v1.0.
 */
export class JsonRpcV03Transport implements Transport {
  readonly binding = "JSONRPC";
  readonly protocolVersion = V03_VERSION;

  constructor(private readonly init: TransportInit) {}

  private body(method: MethodName, params: unknown): string {
    const v03 = requestToV03(method, params);
    const envelope: Record<string, unknown> = { jsonrpc: "2.0", id: nextId++, method: v03.method };
    if (v03.params !== undefined) envelope.params = v03.params;
    return JSON.stringify(envelope);
  }

  private async rpc<M extends V03Method>(
    method: M,
    params: unknown,
    call: CallOptions,
  ): Promise<V03TranslatableResults[M]> {
    const result = await request(
      this.init.http,
      {
        operation: method,
        url: this.init.url,
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "application/json" },
        body: this.body(method, params),
        idempotent: IDEMPOTENT.has(method),
      },
      call,
    );
    return resultFromV03(method, readEnvelope(result, method, errorFromV03));
  }

  private async *stream(
    method: "SendStreamingMessage" | "SubscribeToTask",
    params: unknown,
    call: CallOptions,
  ): AsyncGenerator<StreamResponse> {
    const response = await openStream(
      this.init.http,
      {
        operation: method,
        url: this.init.url,
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "text/event-stream" },
        body: this.body(method, params),
      },
      call,
    );
    yield* decodeJsonRpcStream(
      response,
      method,
      this.init.maxEventBytes,
      (result) => resultFromV03(method, result),
      errorFromV03,
    );
  }

  sendMessage(req: SendMessageRequest, call: CallOptions): Promise<SendMessageResponse> {
    return this.rpc("SendMessage", req, call);
  }
  sendStreamingMessage(req: SendMessageRequest, call: CallOptions) {
    return this.stream("SendStreamingMessage", req, call);
  }
  getTask(req: GetTaskRequest, call: CallOptions): Promise<Task> {
    return this.rpc("GetTask", req, call);
  }
  async listTasks(): Promise<ListTasksResponse> {
    throw new UnsupportedOperationError("ListTasks is not available from an A2A v0.3 agent");
  }
  cancelTask(req: CancelTaskRequest, call: CallOptions): Promise<Task> {
    return this.rpc("CancelTask", req, call);
  }
  subscribeToTask(req: SubscribeToTaskRequest, call: CallOptions) {
    return this.stream("SubscribeToTask", req, call);
  }
  createTaskPushNotificationConfig(
    req: TaskPushNotificationConfig,
    call: CallOptions,
  ): Promise<TaskPushNotificationConfig> {
    return this.rpc("CreateTaskPushNotificationConfig", req, call);
  }
  getTaskPushNotificationConfig(
    req: GetTaskPushNotificationConfigRequest,
    call: CallOptions,
  ): Promise<TaskPushNotificationConfig> {
    return this.rpc("GetTaskPushNotificationConfig", req, call);
  }
  listTaskPushNotificationConfigs(
    req: ListTaskPushNotificationConfigsRequest,
    call: CallOptions,
  ): Promise<ListTaskPushNotificationConfigsResponse> {
    return this.rpc("ListTaskPushNotificationConfigs", req, call);
  }
  async deleteTaskPushNotificationConfig(
    req: DeleteTaskPushNotificationConfigRequest,
    call: CallOptions,
  ): Promise<void> {
    await this.rpc("DeleteTaskPushNotificationConfig", req, call);
  }
  getExtendedAgentCard(req: GetExtendedAgentCardRequest, call: CallOptions): Promise<AgentCard> {
    return this.rpc("GetExtendedAgentCard", req, call);
  }
}
