import type { TaskPushNotificationConfig } from "../v1/push.js";
import type {
  CancelTaskRequest,
  DeleteTaskPushNotificationConfigRequest,
  GetTaskPushNotificationConfigRequest,
  GetTaskRequest,
  ListTaskPushNotificationConfigsRequest,
  ListTaskPushNotificationConfigsResponse,
  SendMessageConfiguration,
  SendMessageRequest,
  SubscribeToTaskRequest,
} from "../v1/requests.js";
import { messageFromV03, messageToV03At } from "./convert-content.js";
import {
  pushNotificationConfigFromV03,
  pushNotificationConfigToV03,
  taskPushConfigFromV03,
  taskPushConfigToV03,
} from "./convert-push.js";
import type { V03TaskPushNotificationConfig } from "./push.js";
import type {
  V03DeleteTaskPushNotificationConfigParams,
  V03GetTaskPushNotificationConfigParams,
  V03ListTaskPushNotificationConfigParams,
  V03MessageSendConfiguration,
  V03MessageSendParams,
  V03TaskIdParams,
  V03TaskQueryParams,
} from "./requests.js";

// `tenant` exists only in v1.0: it is dropped on the way to v0.3 and never set on the way back.

/**
 * `message/send` params as a v1.0 SendMessageRequest. `blocking` becomes `returnImmediately`
 * = `!blocking`; an absent `blocking` stays absent, which v1.0 reads as blocking (the
 * specification leaves v0.3's default open; a2akit, like a2a-python, blocks).
 */
export function sendMessageParamsFromV03(params: V03MessageSendParams): SendMessageRequest {
  const out: SendMessageRequest = { message: messageFromV03(params.message) };
  if (params.configuration !== undefined) {
    out.configuration = sendConfigurationFromV03(params.configuration);
  }
  if (params.metadata !== undefined) out.metadata = params.metadata;
  return out;
}

function sendConfigurationFromV03(c: V03MessageSendConfiguration): SendMessageConfiguration {
  const out: SendMessageConfiguration = {};
  if (c.acceptedOutputModes !== undefined) out.acceptedOutputModes = c.acceptedOutputModes;
  if (c.historyLength !== undefined) out.historyLength = c.historyLength;
  if (c.pushNotificationConfig !== undefined) {
    out.taskPushNotificationConfig = pushNotificationConfigFromV03(c.pushNotificationConfig);
  }
  if (c.blocking !== undefined) out.returnImmediately = !c.blocking;
  return out;
}

/**
 * A v1.0 SendMessageRequest as `message/send` params. When a configuration is sent, `blocking`
 * is always written (`!returnImmediately`), because v0.3 servers disagree on what an absent
 * `blocking` means. The push config's `taskId` and `tenant` have no place in v0.3.
 */
export function sendMessageParamsToV03(request: SendMessageRequest): V03MessageSendParams {
  const out: V03MessageSendParams = { message: messageToV03At(request.message, "message") };
  const c = request.configuration;
  if (c !== undefined) {
    const conf: V03MessageSendConfiguration = {};
    if (c.acceptedOutputModes !== undefined) conf.acceptedOutputModes = c.acceptedOutputModes;
    if (c.historyLength !== undefined) conf.historyLength = c.historyLength;
    if (c.taskPushNotificationConfig !== undefined) {
      conf.pushNotificationConfig = pushNotificationConfigToV03(c.taskPushNotificationConfig);
    }
    conf.blocking = !(c.returnImmediately ?? false);
    out.configuration = conf;
  }
  if (request.metadata !== undefined) out.metadata = request.metadata;
  return out;
}

/** `tasks/get` params as a v1.0 GetTaskRequest. v0.3 `metadata` has no v1.0 field and is dropped. */
export function getTaskParamsFromV03(params: V03TaskQueryParams): GetTaskRequest {
  const out: GetTaskRequest = { id: params.id };
  if (params.historyLength !== undefined) out.historyLength = params.historyLength;
  return out;
}

/** A v1.0 GetTaskRequest as `tasks/get` params. */
export function getTaskParamsToV03(request: GetTaskRequest): V03TaskQueryParams {
  const out: V03TaskQueryParams = { id: request.id };
  if (request.historyLength !== undefined) out.historyLength = request.historyLength;
  return out;
}

/** `tasks/cancel` params as a v1.0 CancelTaskRequest (metadata kept). */
export function cancelTaskParamsFromV03(params: V03TaskIdParams): CancelTaskRequest {
  const out: CancelTaskRequest = { id: params.id };
  if (params.metadata !== undefined) out.metadata = params.metadata;
  return out;
}

/** A v1.0 CancelTaskRequest as `tasks/cancel` params. */
export function cancelTaskParamsToV03(request: CancelTaskRequest): V03TaskIdParams {
  const out: V03TaskIdParams = { id: request.id };
  if (request.metadata !== undefined) out.metadata = request.metadata;
  return out;
}

/** `tasks/resubscribe` params as a v1.0 SubscribeToTaskRequest (v0.3 `metadata` is dropped). */
export function subscribeParamsFromV03(params: V03TaskIdParams): SubscribeToTaskRequest {
  return { id: params.id };
}

/** A v1.0 SubscribeToTaskRequest as `tasks/resubscribe` params. */
export function subscribeParamsToV03(request: SubscribeToTaskRequest): V03TaskIdParams {
  return { id: request.id };
}

/** `tasks/pushNotificationConfig/set` params as a v1.0 config (the Create request). */
export function setPushConfigParamsFromV03(
  params: V03TaskPushNotificationConfig,
): TaskPushNotificationConfig {
  return taskPushConfigFromV03(params);
}

/** A v1.0 config (the Create request) as `tasks/pushNotificationConfig/set` params. */
export function setPushConfigParamsToV03(
  config: TaskPushNotificationConfig,
): V03TaskPushNotificationConfig {
  return taskPushConfigToV03(config);
}

/**
 * `tasks/pushNotificationConfig/get` params as a v1.0 request. v0.3 lets the config id be
 * omitted, meaning the task's default config, whose id is the task id (as in a2a-python).
 */
export function getPushConfigParamsFromV03(
  params: V03GetTaskPushNotificationConfigParams,
): GetTaskPushNotificationConfigRequest {
  return { taskId: params.id, id: params.pushNotificationConfigId ?? params.id };
}

/** A v1.0 GetTaskPushNotificationConfigRequest as `tasks/pushNotificationConfig/get` params. */
export function getPushConfigParamsToV03(
  request: GetTaskPushNotificationConfigRequest,
): V03GetTaskPushNotificationConfigParams {
  return { id: request.taskId, pushNotificationConfigId: request.id };
}

/** `tasks/pushNotificationConfig/list` params (`{id}`: the task id) as a v1.0 request. */
export function listPushConfigsParamsFromV03(
  params: V03ListTaskPushNotificationConfigParams,
): ListTaskPushNotificationConfigsRequest {
  return { taskId: params.id };
}

/**
 * A v1.0 ListTaskPushNotificationConfigsRequest as `tasks/pushNotificationConfig/list` params.
 * v0.3 has no paging: `pageSize` and `pageToken` are dropped.
 */
export function listPushConfigsParamsToV03(
  request: ListTaskPushNotificationConfigsRequest,
): V03ListTaskPushNotificationConfigParams {
  return { id: request.taskId };
}

/**
 * A v1.0 list result as the bare array v0.3 returns. v0.3 has no paging, so a server should
 * gather every page first; a `nextPageToken` left here is dropped.
 */
export function listPushConfigsResultToV03(
  response: ListTaskPushNotificationConfigsResponse,
): V03TaskPushNotificationConfig[] {
  return (response.configs ?? []).map(taskPushConfigToV03);
}

/** The bare v0.3 list result as a v1.0 ListTaskPushNotificationConfigsResponse. */
export function listPushConfigsResultFromV03(
  result: readonly V03TaskPushNotificationConfig[],
): ListTaskPushNotificationConfigsResponse {
  return { configs: result.map(taskPushConfigFromV03) };
}

/** `tasks/pushNotificationConfig/delete` params as a v1.0 request. */
export function deletePushConfigParamsFromV03(
  params: V03DeleteTaskPushNotificationConfigParams,
): DeleteTaskPushNotificationConfigRequest {
  return { taskId: params.id, id: params.pushNotificationConfigId };
}

/** A v1.0 DeleteTaskPushNotificationConfigRequest as `tasks/pushNotificationConfig/delete` params. */
export function deletePushConfigParamsToV03(
  request: DeleteTaskPushNotificationConfigRequest,
): V03DeleteTaskPushNotificationConfigParams {
  return { id: request.taskId, pushNotificationConfigId: request.id };
}
