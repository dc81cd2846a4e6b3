/**
 * @a2akit/types: the A2A v1.0 wire model as zod schemas, the inferred TypeScript types, the
 * error hierarchy, and helpers. Runs unchanged on Node, browsers, Deno, Bun and Workers.
 */

// Helpers
export { appendParts, settleParts } from "./appended-parts.js";
export { base64ToBytes, bytesToBase64 } from "./base64.js";
export type { CreateMessageInit, PartOptions } from "./builders.js";
export {
  agentMessage,
  createMessage,
  dataPart,
  filePart,
  newId,
  textOf,
  textPart,
} from "./builders.js";
export { agentCardSigningPayload, canonicalize } from "./card-signing.js";
export type {
  A2AErrorCode,
  A2AErrorOptions,
  BadRequestDetail,
  ErrorDetail,
  ErrorInfoDetail,
  FieldViolation,
  JsonRpcErrorJson,
  RestErrorBody,
} from "./errors.js";
// Errors
export {
  A2A_ERROR_DOMAIN,
  A2AError,
  A2AKIT_ERROR_DOMAIN,
  BAD_REQUEST_TYPE,
  ContentTypeNotSupportedError,
  ERROR_INFO_TYPE,
  ExtendedAgentCardNotConfiguredError,
  ExtensionSupportRequiredError,
  InternalError,
  InvalidAgentResponseError,
  InvalidParamsError,
  InvalidRequestError,
  isA2AError,
  MethodNotFoundError,
  ParseError,
  PermissionDeniedError,
  PushNotificationNotSupportedError,
  ResourceExhaustedError,
  TaskNotCancelableError,
  TaskNotFoundError,
  UnauthenticatedError,
  UnsupportedOperationError,
  VersionNotSupportedError,
} from "./errors.js";
export type { ParseResult, ValidationIssue } from "./parse.js";
export { formatPath, parse, parseOrThrow, toIssues } from "./parse.js";
export type { FieldPresence, MessageInfo } from "./proto.js";
// Schema building blocks and ProtoJSON handling
export { Bytes, Int32, messageInfo, Struct, Timestamp, Value } from "./proto.js";
export { toJson, toJsonShared } from "./serialize.js";
export {
  canTransition,
  INTERRUPTED_STATES,
  isFinalForNow,
  isInterrupted,
  isTerminal,
  STATE_TRANSITIONS,
  TERMINAL_STATES,
} from "./states.js";
export {
  AgentCapabilities,
  AgentCard,
  AgentCardSignature,
  AgentExtension,
  AgentInterface,
  AgentProvider,
  AgentSkill,
  ProtocolBinding,
} from "./v1/agent-card.js";
// The v1.0 wire model
export { ROLES, Role, TASK_STATES, TaskState } from "./v1/enums.js";
export {
  SendMessageResponse,
  StreamResponse,
  TaskArtifactUpdateEvent,
  TaskStatusUpdateEvent,
} from "./v1/events.js";
export {
  JsonRpcErrorObject,
  JsonRpcErrorResponse,
  JsonRpcId,
  JsonRpcRequest,
  JsonRpcResponse,
  JsonRpcSuccessResponse,
} from "./v1/jsonrpc.js";
export { Message } from "./v1/message.js";
export type { MethodName } from "./v1/methods.js";
export {
  A2A_MEDIA_TYPE,
  AGENT_CARD_PATH,
  EXTENSIONS_HEADER,
  METHODS,
  PROTOCOL_VERSION,
  STREAMING_METHODS,
  VERSION_HEADER,
} from "./v1/methods.js";
export { Part } from "./v1/part.js";
export { AuthenticationInfo, TaskPushNotificationConfig } from "./v1/push.js";
export {
  CancelTaskRequest,
  DeleteTaskPushNotificationConfigRequest,
  GetExtendedAgentCardRequest,
  GetTaskPushNotificationConfigRequest,
  GetTaskRequest,
  ListTaskPushNotificationConfigsRequest,
  ListTaskPushNotificationConfigsResponse,
  ListTasksRequest,
  ListTasksResponse,
  SendMessageConfiguration,
  SendMessageRequest,
  SubscribeToTaskRequest,
} from "./v1/requests.js";
export {
  APIKeySecurityScheme,
  AuthorizationCodeOAuthFlow,
  ClientCredentialsOAuthFlow,
  DeviceCodeOAuthFlow,
  HTTPAuthSecurityScheme,
  ImplicitOAuthFlow,
  MutualTlsSecurityScheme,
  OAuth2SecurityScheme,
  OAuthFlows,
  OpenIdConnectSecurityScheme,
  PasswordOAuthFlow,
  SecurityRequirement,
  SecurityScheme,
  StringList,
} from "./v1/security.js";
export { Artifact, Task, TaskStatus } from "./v1/task.js";

// v0.3: the JSON-RPC wire of A2A v0.3 and converters to and from the v1.0 model
export {
  V03AgentCapabilities,
  V03AgentCard,
  V03AgentInterface,
  V03AgentSkill,
} from "./v03/agent-card.js";
export {
  agentCardFromV03,
  agentCardToV03,
  isV03Interface,
  V03_INTERFACE_VERSION,
  V03_PROTOCOL_VERSION,
} from "./v03/convert-card.js";
export {
  artifactFromV03,
  artifactToV03,
  messageFromV03,
  messageToV03,
  partFromV03,
  partToV03,
  roleFromV03,
  roleToV03,
  taskFromV03,
  taskStateFromV03,
  taskStateToV03,
  taskStatusFromV03,
  taskStatusToV03,
  taskToV03,
  V03_WRAPPED_VALUE_KEY,
} from "./v03/convert-content.js";
export {
  artifactUpdateFromV03,
  artifactUpdateToV03,
  sendMessageResponseFromV03,
  sendMessageResponseToV03,
  statusUpdateFromV03,
  statusUpdateToV03,
  streamResponseFromV03,
  streamResponseToV03,
} from "./v03/convert-events.js";
export {
  pushAuthenticationFromV03,
  pushAuthenticationToV03,
  pushNotificationConfigFromV03,
  pushNotificationConfigToV03,
  taskPushConfigFromV03,
  taskPushConfigToV03,
} from "./v03/convert-push.js";
export {
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
  setPushConfigParamsFromV03,
  setPushConfigParamsToV03,
  subscribeParamsFromV03,
  subscribeParamsToV03,
} from "./v03/convert-requests.js";
export {
  securityRequirementFromV03,
  securityRequirementToV03,
} from "./v03/convert-security.js";
export type {
  V1RequestFromV03,
  V03TranslatableParams,
  V03TranslatableResults,
} from "./v03/dispatch.js";
export {
  requestFromV03,
  requestToV03,
  resultFromV03,
  resultToV03,
} from "./v03/dispatch.js";
export {
  errorFromV03,
  errorToV03,
  V03_ERROR_CODES,
  V03JsonRpcError,
} from "./v03/errors.js";
export {
  V03SendMessageResult,
  V03StreamResult,
  V03TaskArtifactUpdateEvent,
  V03TaskStatusUpdateEvent,
} from "./v03/events.js";
export type { V03Endpoint } from "./v03/hybrid-card.js";
export {
  hybridAgentCard,
  isV03AgentCard,
  parseAgentCardAnyVersion,
} from "./v03/hybrid-card.js";
export { V03_ROLES, V03Message, V03Role } from "./v03/message.js";
export type { V03MethodName } from "./v03/methods.js";
export {
  isV03StreamingMethod,
  methodFromV03,
  methodToV03,
  V03_METHODS,
} from "./v03/methods.js";
export {
  V03DataPart,
  V03FileContent,
  V03FilePart,
  V03Part,
  V03TextPart,
} from "./v03/part.js";
export {
  V03PushNotificationAuthenticationInfo,
  V03PushNotificationConfig,
  V03TaskPushNotificationConfig,
} from "./v03/push.js";
export {
  V03DeleteTaskPushNotificationConfigParams,
  V03GetTaskPushNotificationConfigParams,
  V03ListTaskPushNotificationConfigParams,
  V03MessageSendConfiguration,
  V03MessageSendParams,
  V03TaskIdParams,
  V03TaskQueryParams,
} from "./v03/requests.js";
export {
  V03APIKeySecurityScheme,
  V03HTTPAuthSecurityScheme,
  V03MutualTLSSecurityScheme,
  V03OAuth2SecurityScheme,
  V03OAuthFlows,
  V03OpenIdConnectSecurityScheme,
  V03SecurityRequirement,
  V03SecurityScheme,
} from "./v03/security.js";
export {
  V03_TASK_STATES,
  V03Artifact,
  V03Task,
  V03TaskState,
  V03TaskStatus,
} from "./v03/task.js";
export { timestampFromV03 } from "./v03/timestamp.js";
// end v0.3
