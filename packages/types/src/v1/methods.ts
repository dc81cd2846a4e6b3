/** The JSON-RPC method names of A2A v1.0 (PascalCase, as in the proto service). */
export const METHODS = {
  SendMessage: "SendMessage",
  SendStreamingMessage: "SendStreamingMessage",
  GetTask: "GetTask",
  ListTasks: "ListTasks",
  CancelTask: "CancelTask",
  SubscribeToTask: "SubscribeToTask",
  CreateTaskPushNotificationConfig: "CreateTaskPushNotificationConfig",
  GetTaskPushNotificationConfig: "GetTaskPushNotificationConfig",
  ListTaskPushNotificationConfigs: "ListTaskPushNotificationConfigs",
  DeleteTaskPushNotificationConfig: "DeleteTaskPushNotificationConfig",
  GetExtendedAgentCard: "GetExtendedAgentCard",
} as const;
export type MethodName = keyof typeof METHODS;

/** The methods whose result is a stream of StreamResponse. */
export const STREAMING_METHODS: ReadonlySet<MethodName> = new Set([
  "SendStreamingMessage",
  "SubscribeToTask",
]);

/** The protocol version this package models, as sent in `A2A-Version`. */
export const PROTOCOL_VERSION = "1.0";
/** The header that carries the protocol version. */
export const VERSION_HEADER = "A2A-Version";
/** The header that carries requested (and, in answers, activated) extension URIs. */
export const EXTENSIONS_HEADER = "A2A-Extensions";
/** Media type of A2A HTTP+JSON bodies and push notifications. */
export const A2A_MEDIA_TYPE = "application/a2a+json";
/** Where an agent publishes its card. */
export const AGENT_CARD_PATH = "/.well-known/agent-card.json";
