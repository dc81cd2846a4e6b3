import {
  AgentCard,
  type CancelTaskRequest,
  CancelTaskRequest as CancelTaskRequestSchema,
  DeleteTaskPushNotificationConfigRequest as DeleteConfigSchema,
  type DeleteTaskPushNotificationConfigRequest,
  GetTaskPushNotificationConfigRequest as GetConfigSchema,
  type GetExtendedAgentCardRequest,
  GetExtendedAgentCardRequest as GetExtendedAgentCardSchema,
  type GetTaskPushNotificationConfigRequest,
  type GetTaskRequest,
  GetTaskRequest as GetTaskSchema,
  ListTaskPushNotificationConfigsRequest as ListConfigsSchema,
  type ListTaskPushNotificationConfigsRequest,
  ListTaskPushNotificationConfigsResponse,
  type ListTasksRequest,
  ListTasksResponse,
  ListTasksRequest as ListTasksSchema,
  type MethodName,
  type SendMessageRequest,
  SendMessageResponse,
  SendMessageRequest as SendMessageSchema,
  StreamResponse,
  SubscribeToTaskRequest as SubscribeSchema,
  type SubscribeToTaskRequest,
  Task,
  TaskPushNotificationConfig,
  toJson,
  toJsonShared,
} from "@a2akit/types";
import type { A2ARequestHandler, CallContext } from "../handler/types.js";

/** Any schema of the types package (they are zod schemas; this keeps zod out of our imports). */
export type Schema = Parameters<typeof toJson>[0];

/** One of the 11 operations, as both bindings see it. */
export interface Operation {
  readonly method: MethodName;
  /** Validates the request message. */
  readonly request: Schema;
  /** Serializes the result (for streams: each event); `undefined` for Delete (no body). */
  readonly response: Schema | undefined;
  readonly streaming: boolean;
  /** The unary result as ProtoJSON (`null` for Delete). */
  serialize(result: unknown): unknown;
  /** Calls the handler with the parsed request. */
  invoke(handler: A2ARequestHandler, request: unknown, ctx: CallContext): Promise<unknown>;
}

function op<R>(
  method: MethodName,
  request: Schema,
  response: Schema | undefined,
  streaming: boolean,
  invoke: (handler: A2ARequestHandler, request: R, ctx: CallContext) => Promise<unknown>,
  serialize: (result: unknown) => unknown = (result) =>
    response ? toJsonShared(response, result as never) : null,
): Operation {
  return {
    method,
    request,
    response,
    streaming,
    serialize,
    invoke: invoke as Operation["invoke"],
  };
}

/**
 * ListTasks with `includeArtifacts` shows `artifacts` on every task, `[]` when there are none
 * (§3.1.4); plain ProtoJSON would drop an empty repeated field, so it is put back here.
 */
function listTasksJson(result: unknown): unknown {
  const json = toJson(ListTasksResponse, result as never) as { tasks: Record<string, unknown>[] };
  const tasks = (result as { tasks: { artifacts?: unknown[] }[] }).tasks;
  tasks.forEach((task, i) => {
    const out = json.tasks[i];
    if (task.artifacts && out && !("artifacts" in out)) out.artifacts = [];
  });
  return json;
}

/** Every operation by its JSON-RPC method name. */
export const OPERATIONS: Readonly<Record<MethodName, Operation>> = {
  SendMessage: op<SendMessageRequest>(
    "SendMessage",
    SendMessageSchema,
    SendMessageResponse,
    false,
    (h, r, c) => h.sendMessage(r, c),
  ),
  SendStreamingMessage: op<SendMessageRequest>(
    "SendStreamingMessage",
    SendMessageSchema,
    StreamResponse,
    true,
    (h, r, c) => h.sendStreamingMessage(r, c),
  ),
  GetTask: op<GetTaskRequest>("GetTask", GetTaskSchema, Task, false, (h, r, c) => h.getTask(r, c)),
  ListTasks: op<ListTasksRequest>(
    "ListTasks",
    ListTasksSchema,
    ListTasksResponse,
    false,
    (h, r, c) => h.listTasks(r, c),
    listTasksJson,
  ),
  CancelTask: op<CancelTaskRequest>("CancelTask", CancelTaskRequestSchema, Task, false, (h, r, c) =>
    h.cancelTask(r, c),
  ),
  SubscribeToTask: op<SubscribeToTaskRequest>(
    "SubscribeToTask",
    SubscribeSchema,
    StreamResponse,
    true,
    (h, r, c) => h.subscribeToTask(r, c),
  ),
  CreateTaskPushNotificationConfig: op<TaskPushNotificationConfig>(
    "CreateTaskPushNotificationConfig",
    TaskPushNotificationConfig,
    TaskPushNotificationConfig,
    false,
    (h, r, c) => h.createTaskPushNotificationConfig(r, c),
  ),
  GetTaskPushNotificationConfig: op<GetTaskPushNotificationConfigRequest>(
    "GetTaskPushNotificationConfig",
    GetConfigSchema,
    TaskPushNotificationConfig,
    false,
    (h, r, c) => h.getTaskPushNotificationConfig(r, c),
  ),
  ListTaskPushNotificationConfigs: op<ListTaskPushNotificationConfigsRequest>(
    "ListTaskPushNotificationConfigs",
    ListConfigsSchema,
    ListTaskPushNotificationConfigsResponse,
    false,
    (h, r, c) => h.listTaskPushNotificationConfigs(r, c),
  ),
  DeleteTaskPushNotificationConfig: op<DeleteTaskPushNotificationConfigRequest>(
    "DeleteTaskPushNotificationConfig",
    DeleteConfigSchema,
    undefined,
    false,
    (h, r, c) => h.deleteTaskPushNotificationConfig(r, c),
  ),
  GetExtendedAgentCard: op<GetExtendedAgentCardRequest>(
    "GetExtendedAgentCard",
    GetExtendedAgentCardSchema,
    AgentCard,
    false,
    (h, r, c) => h.getExtendedAgentCard(r, c),
  ),
};

/** The operation for a JSON-RPC method name, if there is one (own keys only). */
export function operationFor(method: string): Operation | undefined {
  return Object.hasOwn(OPERATIONS, method) ? OPERATIONS[method as MethodName] : undefined;
}
