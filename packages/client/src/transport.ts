import type {
  AgentCard,
  CancelTaskRequest,
  DeleteTaskPushNotificationConfigRequest,
  GetExtendedAgentCardRequest,
  GetTaskPushNotificationConfigRequest,
  GetTaskRequest,
  ListTaskPushNotificationConfigsRequest,
  ListTaskPushNotificationConfigsResponse,
  ListTasksRequest,
  ListTasksResponse,
  SendMessageRequest,
  SendMessageResponse,
  StreamResponse,
  SubscribeToTaskRequest,
  Task,
  TaskPushNotificationConfig,
} from "@a2akit/types";
import type { CallOptions, HttpConfig } from "./http.js";

/**
 * One binding of the protocol, spoken to one interface URL. Every transport takes and returns
 * v1.0 values, whatever goes over the wire, so the client above it never sees a version.
 */
export interface Transport {
  /** `JSONRPC` or `HTTP+JSON`. */
  readonly binding: string;
  /** The protocol version spoken on the wire: `1.0` or `0.3`. */
  readonly protocolVersion: string;
  sendMessage(req: SendMessageRequest, call: CallOptions): Promise<SendMessageResponse>;
  sendStreamingMessage(req: SendMessageRequest, call: CallOptions): AsyncIterable<StreamResponse>;
  getTask(req: GetTaskRequest, call: CallOptions): Promise<Task>;
  listTasks(req: ListTasksRequest, call: CallOptions): Promise<ListTasksResponse>;
  cancelTask(req: CancelTaskRequest, call: CallOptions): Promise<Task>;
  subscribeToTask(req: SubscribeToTaskRequest, call: CallOptions): AsyncIterable<StreamResponse>;
  createTaskPushNotificationConfig(
    req: TaskPushNotificationConfig,
    call: CallOptions,
  ): Promise<TaskPushNotificationConfig>;
  getTaskPushNotificationConfig(
    req: GetTaskPushNotificationConfigRequest,
    call: CallOptions,
  ): Promise<TaskPushNotificationConfig>;
  listTaskPushNotificationConfigs(
    req: ListTaskPushNotificationConfigsRequest,
    call: CallOptions,
  ): Promise<ListTaskPushNotificationConfigsResponse>;
  deleteTaskPushNotificationConfig(
    req: DeleteTaskPushNotificationConfigRequest,
    call: CallOptions,
  ): Promise<void>;
  getExtendedAgentCard(req: GetExtendedAgentCardRequest, call: CallOptions): Promise<AgentCard>;
}

/** What a transport factory receives. */
export interface TransportInit {
  url: string;
  http: HttpConfig;
  maxEventBytes: number;
}
