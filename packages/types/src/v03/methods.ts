import type { MethodName } from "../v1/methods.js";

/** The v0.3 JSON-RPC method names, keyed by the v1.0 method each one maps to. */
export const V03_METHODS = {
  SendMessage: "message/send",
  SendStreamingMessage: "message/stream",
  GetTask: "tasks/get",
  CancelTask: "tasks/cancel",
  SubscribeToTask: "tasks/resubscribe",
  CreateTaskPushNotificationConfig: "tasks/pushNotificationConfig/set",
  GetTaskPushNotificationConfig: "tasks/pushNotificationConfig/get",
  ListTaskPushNotificationConfigs: "tasks/pushNotificationConfig/list",
  DeleteTaskPushNotificationConfig: "tasks/pushNotificationConfig/delete",
  GetExtendedAgentCard: "agent/getAuthenticatedExtendedCard",
} as const satisfies Partial<Record<MethodName, string>>;

/** A v0.3 JSON-RPC method name. */
export type V03MethodName = (typeof V03_METHODS)[keyof typeof V03_METHODS];

const FROM_V03 = new Map<string, MethodName>(
  Object.entries(V03_METHODS).map(([v1, v03]) => [v03, v1 as MethodName]),
);

/** The v1.0 method a v0.3 method name maps to, or undefined when it is not a v0.3 method. */
export function methodFromV03(name: string): MethodName | undefined {
  return FROM_V03.get(name);
}

/**
 * The v0.3 name of a v1.0 method, or undefined when v0.3 has no JSON-RPC equivalent
 * (`ListTasks` exists only in v0.3 gRPC/REST).
 */
export function methodToV03(name: MethodName): V03MethodName | undefined {
  return (V03_METHODS as Partial<Record<MethodName, V03MethodName>>)[name];
}

/** True for the v0.3 methods whose answer is an SSE stream. */
export function isV03StreamingMethod(name: string): boolean {
  return name === V03_METHODS.SendStreamingMessage || name === V03_METHODS.SubscribeToTask;
}
