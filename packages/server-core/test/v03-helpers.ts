import type { AgentCard } from "@a2akit/types";
import {
  type A2AFetchHandlerOptions,
  type A2ARequestHandler,
  ANONYMOUS,
  createA2AFetchHandler,
  createRequestHandler,
  defineAgent,
  type RequestHandlerOptions,
} from "../src/index.js";
import { serveFetch, type TestServer } from "./http-helpers.js";

/** A card with v1.0 JSON-RPC at /rpc and HTTP+JSON at /rest. */
export function v03TestCard(base: string): AgentCard {
  return {
    name: "Echo",
    description: "Echoes to v0.3 and v1.0 clients",
    version: "1.0.0",
    supportedInterfaces: [
      { url: `${base}/rpc`, protocolBinding: "JSONRPC", protocolVersion: "1.0" },
      { url: `${base}/rest`, protocolBinding: "HTTP+JSON", protocolVersion: "1.0" },
    ],
    capabilities: { streaming: true, pushNotifications: true, extendedAgentCard: true },
    defaultInputModes: ["text/plain", "application/json", "image/*"],
    defaultOutputModes: ["text/plain"],
    skills: [{ id: "echo", name: "Echo", description: "Echoes", tags: ["echo"] }],
  };
}

/** The credential the fixture accepts; the extended card is for authenticated callers only. */
export const AUTH = { Authorization: "Bearer member-token" } as const;

/** Bearer `member-token` is the user "member"; anything else calls anonymously. */
export function authenticate(request: Request) {
  return request.headers.get("authorization") === AUTH.Authorization
    ? { id: "member", authenticated: true }
    : ANONYMOUS;
}

/** A running server with the real engine, and what the test can see of it. */
export interface V03Fixture {
  readonly server: TestServer;
  /** `method:protocolVersion` of every handler call, in order. */
  readonly calls: string[];
  /** How many executions wait on "hold". */
  waiting(): number;
  /** Lets every held execution finish. */
  release(): void;
  close(): Promise<void>;
}

/**
 * The real engine behind the fetch handler, on a real socket. The agent echoes; "ask" asks for
 * input; "hold" waits until released or cancelled; "chat" answers with a message, no task.
 */
export async function startV03Fixture(
  options: Partial<A2AFetchHandlerOptions> = {},
  engineOptions: Partial<RequestHandlerOptions> = {},
): Promise<V03Fixture> {
  const holds: (() => void)[] = [];
  let waiting = 0;
  const executor = defineAgent(async (ctx, task) => {
    if (ctx.userText === "chat") {
      await task.reply("hello from the agent");
      return;
    }
    await task.working();
    if (ctx.userText === "ask") {
      await task.inputRequired("what else?");
      return;
    }
    if (ctx.userText === "hold") {
      waiting++;
      await new Promise<void>((resolve) => {
        holds.push(resolve);
        ctx.signal.addEventListener("abort", () => resolve(), { once: true });
      });
      if (ctx.signal.aborted) return;
    }
    await task.artifact({ name: "echo", parts: [{ text: `echo: ${ctx.userText}` }] });
    await task.complete();
  });
  const calls: string[] = [];
  const a2a = { current: undefined as ReturnType<typeof createA2AFetchHandler> | undefined };
  const server = await serveFetch((r) => a2a.current!.fetch(r));
  const base = server.url;
  const card = v03TestCard(base);
  const engine = createRequestHandler({
    agentCard: card,
    executor,
    extendedAgentCard: {
      ...card,
      skills: [...card.skills, { id: "secret", name: "Secret", description: "Members", tags: [] }],
    },
    ...engineOptions,
  });
  const handler: A2ARequestHandler = new Proxy(engine, {
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver);
      if (typeof value !== "function") return value;
      return (...args: unknown[]) => {
        const ctx = args[1] as { protocolVersion?: string } | undefined;
        if (ctx?.protocolVersion) calls.push(`${String(key)}:${ctx.protocolVersion}`);
        return value.apply(target, args);
      };
    },
  });
  a2a.current = createA2AFetchHandler({ handler, authenticate, ...options });
  return {
    server,
    calls,
    waiting: () => waiting,
    release: () => {
      for (const r of holds.splice(0)) r();
    },
    async close() {
      for (const r of holds.splice(0)) r();
      await a2a.current?.close({ timeoutMs: 1000 });
      await server.close();
    },
  };
}

/** POSTs a v0.3 JSON-RPC request: no A2A-Version header, plain application/json. */
export async function rpc03(
  url: string,
  method: string,
  params: unknown,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(`${url}/rpc`, {
    method: "POST",
    headers: { "Content-Type": "application/json", ...headers },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
  });
}

/** A v0.3 user message. */
export function message03(text: string, extra: Record<string, unknown> = {}) {
  return {
    kind: "message",
    role: "user",
    messageId: crypto.randomUUID(),
    parts: [{ kind: "text", text }],
    ...extra,
  };
}

/** Waits, turn by turn of the event loop (no clock), until `condition` holds. */
export async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 100_000 && !condition(); i++) await new Promise((r) => setImmediate(r));
  if (!condition()) throw new Error("condition never held");
}
