import type { z } from "zod";
import {
  InvalidAgentResponseError,
  InvalidParamsError,
  MethodNotFoundError,
  UnsupportedOperationError,
} from "../errors.js";
import { parse } from "../parse.js";
import { AgentCard } from "../v1/agent-card.js";
import { SendMessageResponse, StreamResponse } from "../v1/events.js";
import type { MethodName } from "../v1/methods.js";
import { TaskPushNotificationConfig } from "../v1/push.js";
import {
  CancelTaskRequest,
  DeleteTaskPushNotificationConfigRequest,
  type GetExtendedAgentCardRequest,
  GetTaskPushNotificationConfigRequest,
  GetTaskRequest,
  ListTaskPushNotificationConfigsRequest,
  ListTaskPushNotificationConfigsResponse,
  SendMessageRequest,
  SubscribeToTaskRequest,
} from "../v1/requests.js";
import { Task } from "../v1/task.js";
import { V03AgentCard } from "./agent-card.js";
import { agentCardFromV03, agentCardToV03 } from "./convert-card.js";
import { taskFromV03, taskToV03 } from "./convert-content.js";
import {
  sendMessageResponseFromV03,
  sendMessageResponseToV03,
  streamResponseFromV03,
  streamResponseToV03,
} from "./convert-events.js";
import { taskPushConfigFromV03, taskPushConfigToV03 } from "./convert-push.js";
import {
  cancelTaskParamsFromV03,
  cancelTaskParamsToV03,
  deletePushConfigParamsFromV03,
  deletePushConfigParamsToV03,
  getPushConfigParamsFromV03,
  getPushConfigParamsToV03,
  getTaskParamsFromV03,
  getTaskParamsToV03,
  listPushConfigsParamsFromV03,
  listPushConfigsParamsToV03,
  listPushConfigsResultFromV03,
  listPushConfigsResultToV03,
  sendMessageParamsFromV03,
  sendMessageParamsToV03,
  subscribeParamsFromV03,
  subscribeParamsToV03,
} from "./convert-requests.js";
import { V03SendMessageResult, V03StreamResult } from "./events.js";
import { methodFromV03, methodToV03, type V03MethodName } from "./methods.js";
import { V03TaskPushNotificationConfig } from "./push.js";
import {
  V03DeleteTaskPushNotificationConfigParams,
  V03GetTaskPushNotificationConfigParams,
  V03ListTaskPushNotificationConfigParams,
  V03MessageSendParams,
  V03TaskIdParams,
  V03TaskQueryParams,
} from "./requests.js";
import { V03Task } from "./task.js";

/** The v1.0 request type of each method that has a v0.3 JSON-RPC form. */
export interface V03TranslatableParams {
  SendMessage: SendMessageRequest;
  SendStreamingMessage: SendMessageRequest;
  GetTask: GetTaskRequest;
  CancelTask: CancelTaskRequest;
  SubscribeToTask: SubscribeToTaskRequest;
  CreateTaskPushNotificationConfig: TaskPushNotificationConfig;
  GetTaskPushNotificationConfig: GetTaskPushNotificationConfigRequest;
  ListTaskPushNotificationConfigs: ListTaskPushNotificationConfigsRequest;
  DeleteTaskPushNotificationConfig: DeleteTaskPushNotificationConfigRequest;
  GetExtendedAgentCard: GetExtendedAgentCardRequest;
}

/** A v1.0 method with its validated v1.0 request: what a v0.3 request translates to. */
export type V1RequestFromV03 = {
  [M in keyof V03TranslatableParams]: { method: M; params: V03TranslatableParams[M] };
}[keyof V03TranslatableParams];

function input<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const r = parse(schema, value, { pathPrefix: "params" });
  if (r.success) return r.data;
  throw InvalidParamsError.fromIssues(r.issues, what);
}

/**
 * Translates one v0.3 JSON-RPC request (method name and raw params) into the v1.0 method and
 * its validated v1.0 request: the server side of v0.3 support. Throws MethodNotFoundError for
 * a name v0.3 does not have, InvalidParamsError naming every bad field otherwise.
 */
export function requestFromV03(method: string, params: unknown): V1RequestFromV03 {
  const m = methodFromV03(method);
  const p = params ?? {};
  const what = `params for ${method}`;
  switch (m) {
    case "SendMessage":
    case "SendStreamingMessage": {
      const v1 = sendMessageParamsFromV03(input(V03MessageSendParams, p, what));
      return { method: m, params: input(SendMessageRequest, v1, what) };
    }
    case "GetTask": {
      const v1 = getTaskParamsFromV03(input(V03TaskQueryParams, p, what));
      return { method: m, params: input(GetTaskRequest, v1, what) };
    }
    case "CancelTask": {
      const v1 = cancelTaskParamsFromV03(input(V03TaskIdParams, p, what));
      return { method: m, params: input(CancelTaskRequest, v1, what) };
    }
    case "SubscribeToTask": {
      const v1 = subscribeParamsFromV03(input(V03TaskIdParams, p, what));
      return { method: m, params: input(SubscribeToTaskRequest, v1, what) };
    }
    case "CreateTaskPushNotificationConfig": {
      const v1 = taskPushConfigFromV03(input(V03TaskPushNotificationConfig, p, what));
      return { method: m, params: input(TaskPushNotificationConfig, v1, what) };
    }
    case "GetTaskPushNotificationConfig": {
      const v1 = getPushConfigParamsFromV03(input(V03GetTaskPushNotificationConfigParams, p, what));
      return { method: m, params: input(GetTaskPushNotificationConfigRequest, v1, what) };
    }
    case "ListTaskPushNotificationConfigs": {
      const v1 = listPushConfigsParamsFromV03(
        input(V03ListTaskPushNotificationConfigParams, p, what),
      );
      return { method: m, params: input(ListTaskPushNotificationConfigsRequest, v1, what) };
    }
    case "DeleteTaskPushNotificationConfig": {
      const v1 = deletePushConfigParamsFromV03(
        input(V03DeleteTaskPushNotificationConfigParams, p, what),
      );
      return { method: m, params: input(DeleteTaskPushNotificationConfigRequest, v1, what) };
    }
    case "GetExtendedAgentCard":
      return { method: m, params: {} };
    default:
      throw new MethodNotFoundError(`Method ${method} not found`);
  }
}

/**
 * Translates a v1.0 request into the v0.3 JSON-RPC method name and params: the client side of
 * v0.3 support. ListTasks has no v0.3 JSON-RPC method and throws UnsupportedOperationError.
 */
export function requestToV03(
  method: MethodName,
  params: unknown,
): { method: V03MethodName; params: unknown } {
  const name = methodToV03(method);
  if (name === undefined) {
    throw new UnsupportedOperationError(`${method} is not available over v0.3 JSON-RPC`);
  }
  const out = (p: unknown) => ({ method: name, params: p });
  const r = params as V03TranslatableParams[keyof V03TranslatableParams];
  switch (method) {
    case "SendMessage":
    case "SendStreamingMessage":
      return out(sendMessageParamsToV03(r as SendMessageRequest));
    case "GetTask":
      return out(getTaskParamsToV03(r as GetTaskRequest));
    case "CancelTask":
      return out(cancelTaskParamsToV03(r as CancelTaskRequest));
    case "SubscribeToTask":
      return out(subscribeParamsToV03(r as SubscribeToTaskRequest));
    case "CreateTaskPushNotificationConfig":
      return out(taskPushConfigToV03(r as TaskPushNotificationConfig));
    case "GetTaskPushNotificationConfig":
      return out(getPushConfigParamsToV03(r as GetTaskPushNotificationConfigRequest));
    case "ListTaskPushNotificationConfigs":
      return out(listPushConfigsParamsToV03(r as ListTaskPushNotificationConfigsRequest));
    case "DeleteTaskPushNotificationConfig":
      return out(deletePushConfigParamsToV03(r as DeleteTaskPushNotificationConfigRequest));
    default:
      // GetExtendedAgentCard: v0.3 sends no params.
      return { method: name, params: undefined };
  }
}

/**
 * The v0.3 JSON-RPC `result` for a v1.0 result of `method` (server side). For stream items,
 * `final` marks the status update that ends the stream (see {@link streamResponseToV03}).
 * Delete answers `null`; a push config list is a bare array.
 */
export function resultToV03(
  method: MethodName,
  result: unknown,
  options: { final?: boolean } = {},
): unknown {
  switch (method) {
    case "SendMessage":
      return sendMessageResponseToV03(result as SendMessageResponse);
    case "SendStreamingMessage":
    case "SubscribeToTask":
      return streamResponseToV03(result as StreamResponse, options);
    case "GetTask":
    case "CancelTask":
      return taskToV03(result as Task);
    case "CreateTaskPushNotificationConfig":
    case "GetTaskPushNotificationConfig":
      return taskPushConfigToV03(result as TaskPushNotificationConfig);
    case "ListTaskPushNotificationConfigs":
      return listPushConfigsResultToV03(result as ListTaskPushNotificationConfigsResponse);
    case "DeleteTaskPushNotificationConfig":
      return null;
    case "GetExtendedAgentCard":
      return agentCardToV03(result as AgentCard);
    default:
      throw new UnsupportedOperationError(`${method} is not available over v0.3 JSON-RPC`);
  }
}

function answer<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const r = parse(schema, value, { pathPrefix: "result" });
  if (r.success) return r.data;
  const summary = r.issues
    .slice(0, 5)
    .map((i) => `${i.path}: ${i.message}`)
    .join("; ");
  throw new InvalidAgentResponseError(`Invalid ${what}: ${summary}`);
}

/** The v1.0 result types {@link resultFromV03} returns, by method. */
export interface V03TranslatableResults {
  SendMessage: SendMessageResponse;
  SendStreamingMessage: StreamResponse;
  SubscribeToTask: StreamResponse;
  GetTask: Task;
  CancelTask: Task;
  CreateTaskPushNotificationConfig: TaskPushNotificationConfig;
  GetTaskPushNotificationConfig: TaskPushNotificationConfig;
  ListTaskPushNotificationConfigs: ListTaskPushNotificationConfigsResponse;
  DeleteTaskPushNotificationConfig: Record<string, never>;
  GetExtendedAgentCard: AgentCard;
}

/**
 * Parses the `result` of a v0.3 call to `method` (named by its v1.0 name) and returns the
 * validated v1.0 result (client side). A malformed result throws InvalidAgentResponseError.
 */
export function resultFromV03<M extends keyof V03TranslatableResults>(
  method: M,
  result: unknown,
): V03TranslatableResults[M] {
  const what = `v0.3 result of ${methodToV03(method)}`;
  const v1 = (): unknown => {
    switch (method as keyof V03TranslatableResults) {
      case "SendMessage":
        return answer(
          SendMessageResponse,
          sendMessageResponseFromV03(answer(V03SendMessageResult, result, what)),
          what,
        );
      case "SendStreamingMessage":
      case "SubscribeToTask":
        return answer(
          StreamResponse,
          streamResponseFromV03(answer(V03StreamResult, result, what)),
          what,
        );
      case "GetTask":
      case "CancelTask":
        return answer(Task, taskFromV03(answer(V03Task, result, what)), what);
      case "CreateTaskPushNotificationConfig":
      case "GetTaskPushNotificationConfig":
        return answer(
          TaskPushNotificationConfig,
          taskPushConfigFromV03(answer(V03TaskPushNotificationConfig, result, what)),
          what,
        );
      case "ListTaskPushNotificationConfigs":
        return answer(
          ListTaskPushNotificationConfigsResponse,
          listPushConfigsResultFromV03(answer(V03TaskPushNotificationConfig.array(), result, what)),
          what,
        );
      case "DeleteTaskPushNotificationConfig":
        return {};
      case "GetExtendedAgentCard":
        return answer(AgentCard, agentCardFromV03(answer(V03AgentCard, result, what)), what);
    }
  };
  return v1() as V03TranslatableResults[M];
}
