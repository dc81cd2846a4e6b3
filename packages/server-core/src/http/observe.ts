import type { A2AError } from "@a2akit/types";
import type { CallContext } from "../handler/types.js";
import { checkLimit } from "../limits/guard.js";
import type { LimitCall } from "../limits/limiter.js";
import type { OperationDetails, OperationObserver } from "../telemetry/instrumentation.js";
import type { BindingEnv } from "./binding.js";

/** What the fetch handler and the binding serving one request learn about it. */
export interface ObservedCall {
  readonly observer: OperationObserver;
  /** The error the call was answered with, if any. */
  error?: A2AError;
  /** True once the response is a stream: the stream then ends the observation. */
  streaming: boolean;
}

const calls = new WeakMap<Request, ObservedCall>();

/** Starts following `request`; the bindings find the record again through the request. */
export function beginCall(request: Request, observer: OperationObserver): ObservedCall {
  const call: ObservedCall = { observer, streaming: false };
  calls.set(request, call);
  return call;
}

/**
 * The observer of `request`, or `undefined` when nobody follows it: callers use `observer?.`,
 * so without instrumentation not even the arguments are computed.
 */
export function observerOf(request: Request): OperationObserver | undefined {
  return calls.get(request)?.observer;
}

/** Records the error a request is answered with. */
export function noteError(request: Request, error: A2AError): void {
  const call = calls.get(request);
  if (call) call.error = error;
}

/** Marks `request` as answered by a stream, which then reports its own end. */
export function noteStreaming(request: Request): void {
  const call = calls.get(request);
  if (call) call.streaming = true;
}

/**
 * Applies the per-request limits to a call: a request token, then for streams a stream slot.
 * Resolves to the stream slot's release (or undefined).
 */
export async function limitCall(
  env: BindingEnv,
  ctx: CallContext,
  method: string,
  streaming: boolean,
): Promise<(() => void) | undefined> {
  const limiter = env.limiter;
  if (!limiter) return undefined;
  const call: LimitCall = {
    user: ctx.user,
    tenant: ctx.tenant,
    method,
    ...(ctx.headers ? { headers: ctx.headers } : {}),
  };
  await checkLimit("requests", call, env.telemetry, () => limiter.admit(call));
  if (!streaming) return undefined;
  return checkLimit("streams", call, env.telemetry, () => limiter.openStream(call));
}

/**
 * The task and context a request or response is about, from whichever of the usual shapes it
 * has: a Task, a Message, a SendMessage result, a stream event, a push config, a request.
 */
export function idsOf(value: unknown, method?: string): OperationDetails {
  if (!isObject(value)) return {};
  const inner =
    value.task ?? value.message ?? value.statusUpdate ?? value.artifactUpdate ?? undefined;
  if (isObject(inner)) return idsOf(inner);
  const taskId =
    str(value.taskId) ??
    // `id` names the task in Task objects and in GetTask/CancelTask/SubscribeToTask requests.
    (isTaskIdMethod(method) || isObject(value.status) ? str(value.id) : undefined);
  const contextId = str(value.contextId);
  return {
    ...(taskId ? { taskId } : {}),
    ...(contextId ? { contextId } : {}),
  };
}

function isTaskIdMethod(method: string | undefined): boolean {
  return method === "GetTask" || method === "CancelTask" || method === "SubscribeToTask";
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function str(v: unknown): string | undefined {
  return typeof v === "string" && v !== "" ? v : undefined;
}
