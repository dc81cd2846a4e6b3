import { type AgentCard, PROTOCOL_VERSION, parseOrThrow } from "@a2akit/types";
import { callTenant } from "../handler/tenant.js";
import type { A2ARequestHandler, CallContext, Logger, User } from "../handler/types.js";
import { ANONYMOUS } from "../handler/types.js";
import type { Limiter } from "../limits/limiter.js";
import type { Instrumentation } from "../telemetry/instrumentation.js";
import type { BodyLimits } from "./body.js";
import type { A2AHttpCall } from "./call.js";
import { activateExtensions, parseExtensionsHeader } from "./extensions.js";
import { fastSendMessageParams } from "./fast-params.js";
import type { Operation } from "./operations.js";

/** What both bindings need from the fetch handler. */
export interface BindingEnv {
  readonly handler: A2ARequestHandler;
  readonly limits: BodyLimits;
  readonly keepAliveMs: number;
  readonly wwwAuthenticate: string;
  readonly logger: Logger;
  readonly authenticate: ((request: Request) => User | Promise<User>) | undefined;
  /** Aborts when `client` (a request's own signal) does or the server shuts down. */
  signalFor(client: AbortSignal): AbortSignal;
  /** Request-rate and stream limits; none when undefined. */
  readonly limiter?: Limiter;
  /** Where calls are reported (the no-op instrumentation by default). */
  readonly telemetry: Instrumentation;
  /** Streams with no event for this long end (ms; 0 = never). */
  readonly streamIdleTimeoutMs: number;
}

/** The caller and the negotiated extensions: settled before any work for the call. */
export interface Admission {
  readonly user: User;
  readonly requestedExtensions: readonly string[];
  readonly activatedExtensions: Set<string>;
}

/**
 * Authenticates the caller, then negotiates extensions against the card. Without an
 * authenticator there is nothing to wait for, and the admission is returned as it is.
 */
export function admit(env: BindingEnv, call: A2AHttpCall): Admission | Promise<Admission> {
  const authenticate = env.authenticate;
  if (!authenticate) return admitAs(env, call, ANONYMOUS);
  return Promise.resolve(authenticate(call.toRequest())).then((user) => admitAs(env, call, user));
}

function admitAs(env: BindingEnv, call: A2AHttpCall, user: User): Admission {
  const requested = parseExtensionsHeader(call.header("a2a-extensions"));
  const card: AgentCard = env.handler.getAgentCard();
  return {
    user,
    requestedExtensions: requested,
    activatedExtensions: activateExtensions(card, requested),
  };
}

/** Validates the params of an operation; the error lists every bad field by path. */
export function parseParams(operation: Operation, params: unknown): { tenant?: string } {
  if (operation.method === "SendMessage" || operation.method === "SendStreamingMessage") {
    const fast = fastSendMessageParams(params);
    if (fast) return fast;
  }
  return parseOrThrow(operation.request, params, {
    what: `${operation.method} parameters`,
  }) as { tenant?: string };
}

/**
 * The CallContext of one call. Its `signal` is made on first read: combining the client's and
 * the server's signals costs more than a unary call's whole A2A work, and only streams and
 * waits that can outlive the client read it.
 */
export function callContext(
  env: BindingEnv,
  call: A2AHttpCall,
  admission: Admission,
  tenant: string,
  protocolVersion: string = PROTOCOL_VERSION,
): CallContext {
  return new BindingCallContext(env, call, admission, tenant, protocolVersion);
}

/**
 * A class rather than an object literal with a getter: V8 builds such a literal through a slow
 * path on every call, which cost more than everything else the context does.
 */
class BindingCallContext implements CallContext {
  readonly user: User;
  readonly tenant: string;
  readonly requestedExtensions: readonly string[];
  readonly activatedExtensions: Set<string>;
  private combined: AbortSignal | undefined;

  constructor(
    private readonly env: BindingEnv,
    private readonly call: A2AHttpCall,
    admission: Admission,
    tenant: string,
    readonly protocolVersion: string,
  ) {
    this.user = admission.user;
    this.tenant = callTenant(admission.user, tenant);
    this.requestedExtensions = admission.requestedExtensions;
    this.activatedExtensions = admission.activatedExtensions;
  }

  /** A getter: a call from a server without web Requests builds its Headers only when asked. */
  get headers(): Headers {
    return this.call.headers;
  }

  get signal(): AbortSignal {
    this.combined ??= this.env.signalFor(this.call.signal);
    return this.combined;
  }
}
