/**
 * @a2akit/client: a fetch-based client for any Agent2Agent (A2A) agent, v1.0 or v0.3, over
 * JSON-RPC or HTTP+JSON, with streams that resume after a dropped connection.
 */

// The signed bytes of a card and RFC 8785 JCS, shared with signers through @a2akit/types.
export { agentCardSigningPayload, canonicalize } from "@a2akit/types";
export type { Credentials, Secret } from "./auth.js";
export { authInterceptor } from "./auth.js";
export { agentCardUrl, readAgentCard } from "./card.js";
export type {
  A2AClientOptions,
  ListTasksParams,
  MessageInput,
  SendOptions,
  WaitOptions,
} from "./client.js";
export { A2AClient } from "./client.js";
export type { ConversationOptions } from "./conversation.js";
export { Conversation } from "./conversation.js";
export type { ClientErrorCode } from "./errors.js";
export {
  A2AClientError,
  AgentCardSignatureError,
  AuthenticationFailedError,
  InvalidAgentCardError,
  NetworkError,
  NoCompatibleInterfaceError,
  RequestTimeoutError,
  ResponseTooLargeError,
  SseEventTooLargeError,
  StreamInterruptedError,
} from "./errors.js";
export type { CallInfo, CallOptions, Interceptor, RetryOptions } from "./http.js";
export type { ReconnectOptions } from "./resume.js";
export { selectInterface } from "./select.js";
export type { VerifiedCardSignature, VerifyCardOptions } from "./signature.js";
export { verifyAgentCard } from "./signature.js";
export type { SseEvent } from "./sse.js";
export { DEFAULT_MAX_EVENT_BYTES, readSse, SseParser } from "./sse.js";
export { applyEvent, artifactText } from "./task-view.js";
