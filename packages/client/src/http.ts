import { EXTENSIONS_HEADER, isA2AError, VERSION_HEADER } from "@a2akit/types";
import { NetworkError, RequestTimeoutError, ResponseTooLargeError } from "./errors.js";
import { milliseconds } from "./options.js";
import { splitList } from "./responses.js";
import { retryDelay, sleep } from "./retry.js";

/** What an interceptor learns about the call it sees. */
export interface CallInfo {
  /** The A2A operation (`"GetTask"`, …), or `"GetAgentCard"` for card fetches. */
  readonly operation: string;
}

/**
 * Hooks around every HTTP request the client makes. `request` may change headers in place or
 * return a replacement Request; `response` sees each answer (status and headers) before its body
 * is read.
 */
export interface Interceptor {
  request?(request: Request, info: CallInfo): Request | undefined | Promise<Request | undefined>;
  response?(response: Response, info: CallInfo): void | Promise<void>;
}

/** When and how often idempotent calls (GetTask, ListTasks, card fetches) are retried. */
export interface RetryOptions {
  /** Retries after the first attempt (default 2; 0 turns retrying off). */
  retries?: number;
  /** First delay in ms, doubled each retry (default 200). */
  baseDelayMs?: number;
  /** Upper bound of one delay in ms (default 5000). */
  maxDelayMs?: number;
}

/** Options every operation takes. */
export interface CallOptions {
  /** Aborts the call (and closes a stream). */
  signal?: AbortSignal;
  /** Milliseconds before the call fails with RequestTimeoutError; for streams, until headers. */
  timeout?: number;
  /** Extra request headers for this call. */
  headers?: HeadersInit;
  /** Extension URIs to request for this call, added to the client's. */
  extensions?: readonly string[];
  /** Tenant for this call, overriding the interface's. */
  tenant?: string;
}

/** Settings shared by all requests of one client. */
export interface HttpConfig {
  fetch: typeof fetch;
  headers: Headers;
  interceptors: readonly Interceptor[];
  timeout: number | undefined;
  retry: Required<RetryOptions>;
  extensions: readonly string[];
  /** Largest answer body read, in bytes. */
  maxResponseBytes: number;
  onExtensions?: (activated: string[]) => void;
}

/** One HTTP exchange to perform. */
export interface HttpRequest {
  operation: string;
  url: string;
  method: "GET" | "POST" | "DELETE";
  headers?: Record<string, string>;
  body?: string;
  /** Retry on network errors and 429/502/503/504. */
  idempotent?: boolean;
  /** Send `A2A-Version` (omitted for v0.3 peers, where its absence means 0.3). */
  version?: string;
}

/** A fully read answer. */
export interface HttpResult {
  status: number;
  statusText: string;
  headers: Headers;
  text: string;
}

const RETRY_STATUSES = new Set([429, 502, 503, 504]);

/** The default cap on one answer's body: 64 MiB (a task with inline files can be large). */
export const DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

/** Default retry policy. */
export const DEFAULT_RETRY: Required<RetryOptions> = {
  retries: 2,
  baseDelayMs: 200,
  maxDelayMs: 5000,
};

/** Performs a unary call: the timeout covers every attempt and reading the body. */
export async function request(
  config: HttpConfig,
  req: HttpRequest,
  call: CallOptions = {},
): Promise<HttpResult> {
  const timeout = callTimeout(call, config);
  const deadline = timeout === undefined ? undefined : AbortSignal.timeout(timeout);
  const signal = combine(call.signal, deadline);
  const attempts = req.idempotent ? config.retry.retries + 1 : 1;
  for (let attempt = 1; ; attempt++) {
    try {
      const response = await exchange(config, req, call, signal);
      if (attempt < attempts && RETRY_STATUSES.has(response.status)) {
        await response.body?.cancel().catch(() => {});
        await sleep(retryDelay(config.retry, attempt, response.headers), signal);
        continue;
      }
      const text = await readText(response, config.maxResponseBytes, req.operation);
      return {
        status: response.status,
        statusText: response.statusText,
        headers: response.headers,
        text,
      };
    } catch (error) {
      const mapped = mapAbort(error, req, call.signal, deadline, timeout);
      if (mapped instanceof NetworkError && attempt < attempts) {
        await sleep(retryDelay(config.retry, attempt), signal).catch((e) => {
          throw mapAbort(e, req, call.signal, deadline, timeout);
        });
        continue;
      }
      throw mapped;
    }
  }
}

/**
 * Opens a streaming call. The timeout covers only the wait for the response headers; after that
 * the stream lives as long as the caller's signal allows.
 */
export async function openStream(
  config: HttpConfig,
  req: HttpRequest,
  call: CallOptions = {},
): Promise<Response> {
  const timeout = callTimeout(call, config);
  // AbortSignal.any holds its sources weakly, so a long-lived caller signal gathers no
  // listeners from streams that have ended.
  const headers = new AbortController();
  const signal = call.signal ? AbortSignal.any([call.signal, headers.signal]) : headers.signal;
  let timedOut = false;
  const timer =
    timeout === undefined
      ? undefined
      : setTimeout(() => {
          timedOut = true;
          headers.abort();
        }, timeout);
  try {
    return await exchange(config, req, call, signal);
  } catch (error) {
    if (timedOut && !call.signal?.aborted)
      throw new RequestTimeoutError(req.operation, timeout ?? 0);
    throw mapAbort(error, req, call.signal, undefined, timeout);
  } finally {
    if (timer !== undefined) clearTimeout(timer);
  }
}

/** The call's own timeout, else the client's; checked and capped to what a timer can hold. */
function callTimeout(call: CallOptions, config: HttpConfig): number | undefined {
  const timeout = call.timeout ?? config.timeout;
  return timeout === undefined ? undefined : milliseconds(timeout, "timeout");
}

async function exchange(
  config: HttpConfig,
  req: HttpRequest,
  call: CallOptions,
  signal: AbortSignal | undefined,
): Promise<Response> {
  const headers = new Headers(config.headers);
  for (const [k, v] of Object.entries(req.headers ?? {})) headers.set(k, v);
  if (req.version) headers.set(VERSION_HEADER, req.version);
  const extensions = [...new Set([...config.extensions, ...(call.extensions ?? [])])];
  if (extensions.length > 0) {
    headers.set(req.version ? EXTENSIONS_HEADER : "X-A2A-Extensions", extensions.join(", "));
  }
  new Headers(call.headers).forEach((v, k) => {
    headers.set(k, v);
  });
  const init: RequestInit = { method: req.method, headers };
  if (req.body !== undefined) init.body = req.body;
  if (signal) init.signal = signal;
  let r = new Request(req.url, init);
  const info: CallInfo = { operation: req.operation };
  for (const i of config.interceptors) {
    // An interceptor may wait on something slow (a token endpoint): the call's timeout and
    // signal bound that wait as they bound the fetch.
    if (i.request) r = (await untilAborted(i.request(r, info), signal)) ?? r;
  }
  const response = await config.fetch(r);
  try {
    const activated = response.headers.get(EXTENSIONS_HEADER);
    if (activated !== null && config.onExtensions) config.onExtensions(splitList(activated));
    for (const i of config.interceptors) {
      if (i.response) await i.response(response, info);
    }
  } catch (error) {
    // Nobody will read this body now: release the connection instead of leaving it open.
    await response.body?.cancel().catch(() => {});
    throw error;
  }
  return response;
}

/**
 * Reads a body as UTF-8 text, stopping as soon as it passes `limit` bytes (the rest is never
 * buffered), so an agent cannot make the client hold an answer of any size.
 */
export async function readText(response: Response, limit: number, what: string): Promise<string> {
  const declared = response.headers.get("content-length");
  if (declared !== null && Number(declared) > limit) {
    await response.body?.cancel().catch(() => {});
    throw new ResponseTooLargeError(what, limit);
  }
  if (!response.body) return "";
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let text = "";
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return text + decoder.decode();
      size += value.byteLength;
      if (size > limit) {
        await reader.cancel().catch(() => {});
        throw new ResponseTooLargeError(what, limit);
      }
      text += decoder.decode(value, { stream: true });
    }
  } finally {
    reader.releaseLock();
  }
}

/** Settles as `value` does, or rejects with the signal's reason as soon as it aborts. */
function untilAborted<T>(value: T | Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return Promise.resolve(value);
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    Promise.resolve(value).then(
      (v) => {
        signal.removeEventListener("abort", onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(e);
      },
    );
  });
}

/** Turns an abort or fetch failure into the error the caller should see. */
export function mapAbort(
  error: unknown,
  req: { operation: string },
  callerSignal: AbortSignal | undefined,
  deadline: AbortSignal | undefined,
  timeout: number | undefined,
): unknown {
  if (isA2AError(error)) return error;
  if (callerSignal?.aborted) return callerSignal.reason;
  if (deadline?.aborted) return new RequestTimeoutError(req.operation, timeout ?? 0);
  if (error instanceof RequestTimeoutError || error instanceof NetworkError) return error;
  if (error instanceof TypeError || isAbortLike(error))
    return new NetworkError(req.operation, error);
  return error;
}

function isAbortLike(error: unknown): boolean {
  return error instanceof Error && (error.name === "AbortError" || error.name === "TimeoutError");
}

/** Combines an optional caller signal with an optional deadline. */
export function combine(
  a: AbortSignal | undefined,
  b: AbortSignal | undefined,
): AbortSignal | undefined {
  if (a && b) return AbortSignal.any([a, b]);
  return a ?? b;
}
