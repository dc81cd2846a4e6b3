import { type AgentCard, createMessage, type SendMessageRequest } from "@a2akit/types";
import {
  ANONYMOUS,
  type CallContext,
  createMemoryStores,
  createRequestHandler,
  type RequestHandlerOptions,
  type User,
} from "../../src/index.js";

/** A card with every capability on unless overridden. */
export function card(capabilities: AgentCard["capabilities"] = {}): AgentCard {
  return {
    name: "Test agent",
    description: "An agent for tests",
    supportedInterfaces: [
      { url: "http://localhost/a2a", protocolBinding: "JSONRPC", protocolVersion: "1.0" },
    ],
    version: "1.0.0",
    capabilities: { streaming: true, pushNotifications: true, ...capabilities },
    defaultInputModes: ["text/plain", "application/json"],
    defaultOutputModes: ["text/plain"],
    skills: [],
  };
}

/** A call context for the given user and tenant. */
export function call(user: User = ANONYMOUS, tenant = "", signal?: AbortSignal): CallContext {
  return {
    user,
    tenant,
    protocolVersion: "1.0",
    requestedExtensions: [],
    activatedExtensions: new Set(),
    ...(signal ? { signal } : {}),
  };
}

/** A user message request. */
export function send(
  text: string,
  init: { taskId?: string; contextId?: string; referenceTaskIds?: string[] } = {},
  configuration?: SendMessageRequest["configuration"],
): SendMessageRequest {
  return {
    message: createMessage({ parts: text, ...init }),
    ...(configuration ? { configuration } : {}),
  };
}

/** A handler over fresh memory stores (returned too, for inspection). */
export function setup(
  options: Partial<RequestHandlerOptions> & Pick<RequestHandlerOptions, "executor">,
) {
  let clock = Date.parse("2025-01-01T00:00:00.000Z");
  const now = () => clock;
  const stores = createMemoryStores({ now, ...options.retention });
  const handler = createRequestHandler({
    agentCard: card(),
    taskStore: stores.taskStore,
    queueStore: stores.queueStore,
    pushConfigStore: stores.pushConfigStore,
    now,
    ...options,
  });
  return {
    handler,
    stores,
    advance(ms: number) {
      clock += ms;
    },
  };
}

/** Collects a stream. */
export async function collect<T>(stream: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of stream) out.push(item);
  return out;
}

/** A promise with its resolver, for steering executors from tests. */
export function gate<T = void>() {
  let open!: (value: T) => void;
  const promise = new Promise<T>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}
