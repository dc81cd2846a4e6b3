import { z } from "zod";
import { explicit, field, Int32, message, opaque, required, Struct, Timestamp } from "../proto.js";
import { TaskState } from "./enums.js";
import { Message } from "./message.js";
import { TaskPushNotificationConfig } from "./push.js";
import { Task } from "./task.js";

const HistoryLength = Int32.pipe(z.number().int().min(0, "must not be negative"));

/** How the client wants SendMessage to behave. */
export const SendMessageConfiguration = message("SendMessageConfiguration", {
  acceptedOutputModes: field(z.array(z.string())),
  taskPushNotificationConfig: field(TaskPushNotificationConfig),
  historyLength: explicit(HistoryLength),
  returnImmediately: field(z.boolean()),
});
export type SendMessageConfiguration = z.output<typeof SendMessageConfiguration>;

/** SendMessage and SendStreamingMessage. */
export const SendMessageRequest = message("SendMessageRequest", {
  tenant: field(z.string()),
  message: required(Message),
  configuration: field(SendMessageConfiguration),
  metadata: opaque(field(Struct)),
});
export type SendMessageRequest = z.output<typeof SendMessageRequest>;

/** GetTask. */
export const GetTaskRequest = message("GetTaskRequest", {
  tenant: field(z.string()),
  id: required(z.string().min(1, "must not be empty")),
  historyLength: explicit(HistoryLength),
});
export type GetTaskRequest = z.output<typeof GetTaskRequest>;

/** ListTasks: filters are ANDed. */
export const ListTasksRequest = message("ListTasksRequest", {
  tenant: field(z.string()),
  contextId: field(z.string()),
  status: field(TaskState),
  pageSize: explicit(
    Int32.pipe(z.number().int().min(1, "must be at least 1").max(100, "must be at most 100")),
  ),
  pageToken: field(z.string()),
  historyLength: explicit(HistoryLength),
  statusTimestampAfter: field(Timestamp),
  includeArtifacts: explicit(z.boolean()),
});
export type ListTasksRequest = z.output<typeof ListTasksRequest>;

/** A page of tasks. All four fields are always present on the wire. */
export const ListTasksResponse = message("ListTasksResponse", {
  tasks: required(z.array(Task)),
  nextPageToken: required(z.string()),
  pageSize: required(Int32),
  totalSize: required(Int32),
});
export type ListTasksResponse = z.output<typeof ListTasksResponse>;

/** CancelTask. `metadata` reaches the executor's cancel, e.g. for auditing. */
export const CancelTaskRequest = message("CancelTaskRequest", {
  tenant: field(z.string()),
  id: required(z.string().min(1, "must not be empty")),
  metadata: opaque(field(Struct)),
});
export type CancelTaskRequest = z.output<typeof CancelTaskRequest>;

/** SubscribeToTask. */
export const SubscribeToTaskRequest = message("SubscribeToTaskRequest", {
  tenant: field(z.string()),
  id: required(z.string().min(1, "must not be empty")),
});
export type SubscribeToTaskRequest = z.output<typeof SubscribeToTaskRequest>;

/** GetTaskPushNotificationConfig. */
export const GetTaskPushNotificationConfigRequest = message(
  "GetTaskPushNotificationConfigRequest",
  {
    tenant: field(z.string()),
    taskId: required(z.string().min(1, "must not be empty")),
    id: required(z.string().min(1, "must not be empty")),
  },
);
export type GetTaskPushNotificationConfigRequest = z.output<
  typeof GetTaskPushNotificationConfigRequest
>;

/** DeleteTaskPushNotificationConfig. */
export const DeleteTaskPushNotificationConfigRequest = message(
  "DeleteTaskPushNotificationConfigRequest",
  {
    tenant: field(z.string()),
    taskId: required(z.string().min(1, "must not be empty")),
    id: required(z.string().min(1, "must not be empty")),
  },
);
export type DeleteTaskPushNotificationConfigRequest = z.output<
  typeof DeleteTaskPushNotificationConfigRequest
>;

/** ListTaskPushNotificationConfigs. */
export const ListTaskPushNotificationConfigsRequest = message(
  "ListTaskPushNotificationConfigsRequest",
  {
    tenant: field(z.string()),
    taskId: required(z.string().min(1, "must not be empty")),
    pageSize: field(
      Int32.pipe(z.number().int().min(0, "must not be negative").max(100, "must be at most 100")),
    ),
    pageToken: field(z.string()),
  },
);
export type ListTaskPushNotificationConfigsRequest = z.output<
  typeof ListTaskPushNotificationConfigsRequest
>;

/** A page of push configs. */
export const ListTaskPushNotificationConfigsResponse = message(
  "ListTaskPushNotificationConfigsResponse",
  {
    configs: field(z.array(TaskPushNotificationConfig)),
    nextPageToken: field(z.string()),
  },
);
export type ListTaskPushNotificationConfigsResponse = z.output<
  typeof ListTaskPushNotificationConfigsResponse
>;

/** GetExtendedAgentCard. */
export const GetExtendedAgentCardRequest = message("GetExtendedAgentCardRequest", {
  tenant: field(z.string()),
});
export type GetExtendedAgentCardRequest = z.output<typeof GetExtendedAgentCardRequest>;
