/**
 * One error hierarchy for every binding. Each error knows its JSON-RPC code, HTTP status, gRPC
 * status name and `google.rpc.ErrorInfo` reason; bindings only translate. Callers switch on the
 * stable `code` string (`"TASK_NOT_FOUND"`), or on `instanceof`.
 */

/** Stable, switchable identifiers for every error a2akit raises or rebuilds from the wire. */
export type A2AErrorCode =
  | "TASK_NOT_FOUND"
  | "TASK_NOT_CANCELABLE"
  | "PUSH_NOTIFICATION_NOT_SUPPORTED"
  | "UNSUPPORTED_OPERATION"
  | "CONTENT_TYPE_NOT_SUPPORTED"
  | "INVALID_AGENT_RESPONSE"
  | "EXTENDED_AGENT_CARD_NOT_CONFIGURED"
  | "EXTENSION_SUPPORT_REQUIRED"
  | "VERSION_NOT_SUPPORTED"
  | "PARSE_ERROR"
  | "INVALID_REQUEST"
  | "METHOD_NOT_FOUND"
  | "INVALID_PARAMS"
  | "INTERNAL"
  | "UNAUTHENTICATED"
  | "PERMISSION_DENIED"
  | "RESOURCE_EXHAUSTED"
  | "UNKNOWN";

/** The domain of ErrorInfo details for errors the A2A specification defines. */
export const A2A_ERROR_DOMAIN = "a2a-protocol.org";
/**
 * The domain of ErrorInfo details a2akit adds to the generic (JSON-RPC level) errors, so a REST
 * client can tell a parse error from an invalid request; other implementations ignore it.
 */
export const A2AKIT_ERROR_DOMAIN = "a2akit";

/** The `@type` of a `google.rpc.ErrorInfo` detail: the error's reason, domain and metadata. */
export const ERROR_INFO_TYPE = "type.googleapis.com/google.rpc.ErrorInfo";
/** The `@type` of a `google.rpc.BadRequest` detail: one violation per bad field. */
export const BAD_REQUEST_TYPE = "type.googleapis.com/google.rpc.BadRequest";

/** A `google.rpc.ErrorInfo` detail. */
export interface ErrorInfoDetail {
  "@type": typeof ERROR_INFO_TYPE;
  reason: string;
  domain: string;
  metadata?: Record<string, string>;
}

/** A `google.rpc.BadRequest` detail naming each invalid field. */
export interface BadRequestDetail {
  "@type": typeof BAD_REQUEST_TYPE;
  fieldViolations: { field: string; description: string }[];
}

/** Any detail: a ProtoJSON `Any` carrying `@type`. */
export type ErrorDetail =
  | ErrorInfoDetail
  | BadRequestDetail
  | { "@type": string; [k: string]: unknown };

/** The `error` member of a JSON-RPC response. */
export interface JsonRpcErrorJson {
  code: number;
  message: string;
  data?: unknown;
}

/** The body of an HTTP+JSON error response (a google.rpc.Status in JSON). */
export interface RestErrorBody {
  error: { code: number; status: string; message: string; details?: ErrorDetail[] };
}

interface ErrorSpec {
  readonly jsonRpcCode: number;
  readonly httpStatus: number;
  readonly grpcStatus: string;
  /** The ErrorInfo domain: the A2A domain for spec errors, ours for the generic ones. */
  readonly domain: string;
  readonly defaultMessage: string;
}

const SPECS: Record<Exclude<A2AErrorCode, "UNKNOWN">, ErrorSpec> = {
  TASK_NOT_FOUND: spec(-32001, 404, "NOT_FOUND", A2A_ERROR_DOMAIN, "Task not found"),
  TASK_NOT_CANCELABLE: spec(
    -32002,
    400,
    "FAILED_PRECONDITION",
    A2A_ERROR_DOMAIN,
    "Task cannot be canceled",
  ),
  PUSH_NOTIFICATION_NOT_SUPPORTED: spec(
    -32003,
    400,
    "FAILED_PRECONDITION",
    A2A_ERROR_DOMAIN,
    "Push notifications are not supported",
  ),
  UNSUPPORTED_OPERATION: spec(
    -32004,
    400,
    "FAILED_PRECONDITION",
    A2A_ERROR_DOMAIN,
    "This operation is not supported",
  ),
  CONTENT_TYPE_NOT_SUPPORTED: spec(
    -32005,
    400,
    "INVALID_ARGUMENT",
    A2A_ERROR_DOMAIN,
    "Incompatible content types",
  ),
  INVALID_AGENT_RESPONSE: spec(-32006, 500, "INTERNAL", A2A_ERROR_DOMAIN, "Invalid agent response"),
  EXTENDED_AGENT_CARD_NOT_CONFIGURED: spec(
    -32007,
    400,
    "FAILED_PRECONDITION",
    A2A_ERROR_DOMAIN,
    "Extended agent card is not configured",
  ),
  EXTENSION_SUPPORT_REQUIRED: spec(
    -32008,
    400,
    "FAILED_PRECONDITION",
    A2A_ERROR_DOMAIN,
    "A required extension was not requested",
  ),
  VERSION_NOT_SUPPORTED: spec(
    -32009,
    400,
    "FAILED_PRECONDITION",
    A2A_ERROR_DOMAIN,
    "Protocol version not supported",
  ),
  PARSE_ERROR: spec(-32700, 400, "INVALID_ARGUMENT", A2AKIT_ERROR_DOMAIN, "Invalid JSON"),
  INVALID_REQUEST: spec(-32600, 400, "INVALID_ARGUMENT", A2AKIT_ERROR_DOMAIN, "Invalid request"),
  METHOD_NOT_FOUND: spec(-32601, 404, "NOT_FOUND", A2AKIT_ERROR_DOMAIN, "Method not found"),
  INVALID_PARAMS: spec(-32602, 400, "INVALID_ARGUMENT", A2AKIT_ERROR_DOMAIN, "Invalid parameters"),
  INTERNAL: spec(-32603, 500, "INTERNAL", A2AKIT_ERROR_DOMAIN, "Internal error"),
  // The specification leaves JSON-RPC codes for these open; a2akit uses codes from the
  // implementation-defined range, away from the ones A2A numbers sequentially from -32001.
  UNAUTHENTICATED: spec(
    -32090,
    401,
    "UNAUTHENTICATED",
    A2AKIT_ERROR_DOMAIN,
    "Authentication required",
  ),
  PERMISSION_DENIED: spec(
    -32091,
    403,
    "PERMISSION_DENIED",
    A2AKIT_ERROR_DOMAIN,
    "Permission denied",
  ),
  RESOURCE_EXHAUSTED: spec(
    -32092,
    429,
    "RESOURCE_EXHAUSTED",
    A2AKIT_ERROR_DOMAIN,
    "Too many requests",
  ),
};

function spec(
  jsonRpcCode: number,
  httpStatus: number,
  grpcStatus: string,
  domain: string,
  defaultMessage: string,
): ErrorSpec {
  return { jsonRpcCode, httpStatus, grpcStatus, domain, defaultMessage };
}

/** Options every error constructor takes. */
export interface A2AErrorOptions {
  /** String-valued context, sent in the ErrorInfo detail (e.g. `{ taskId: "t1" }`). */
  metadata?: Record<string, string>;
  /** Further details to send (ProtoJSON `Any` objects with `@type`). */
  details?: ErrorDetail[];
  cause?: unknown;
}

/** The base of every a2akit error. Concrete for errors rebuilt from an unknown wire code. */
export class A2AError extends Error {
  /** Stable identifier to switch on. */
  readonly code: A2AErrorCode;
  readonly jsonRpcCode: number;
  readonly httpStatus: number;
  /** The gRPC status name, also the `status` of REST error bodies. */
  readonly grpcStatus: string;
  /** The ErrorInfo `reason` (for spec errors, e.g. `TASK_NOT_FOUND`). */
  readonly reason: string;
  readonly domain: string;
  readonly metadata: Record<string, string>;
  /** Details other than the ErrorInfo, e.g. a BadRequest listing field violations. */
  readonly details: ErrorDetail[];

  constructor(
    code: A2AErrorCode,
    message?: string,
    options: A2AErrorOptions & {
      jsonRpcCode?: number;
      httpStatus?: number;
      grpcStatus?: string;
    } = {},
  ) {
    const s = code === "UNKNOWN" ? undefined : SPECS[code];
    super(
      message ?? s?.defaultMessage ?? "Unknown error",
      options.cause === undefined ? undefined : { cause: options.cause },
    );
    this.name = new.target.name;
    this.code = code;
    this.jsonRpcCode = options.jsonRpcCode ?? s?.jsonRpcCode ?? -32603;
    this.httpStatus = options.httpStatus ?? s?.httpStatus ?? 500;
    this.grpcStatus = options.grpcStatus ?? s?.grpcStatus ?? "UNKNOWN";
    this.reason = code;
    this.domain = s?.domain ?? A2AKIT_ERROR_DOMAIN;
    this.metadata = options.metadata ?? {};
    this.details = options.details ?? [];
  }

  /** The ErrorInfo detail this error carries on the wire. */
  errorInfo(): ErrorInfoDetail {
    const info: ErrorInfoDetail = {
      "@type": ERROR_INFO_TYPE,
      reason: this.reason,
      domain: this.domain,
    };
    if (Object.keys(this.metadata).length > 0) info.metadata = { ...this.metadata };
    return info;
  }

  /** All details in wire order: the ErrorInfo first, then the rest. */
  wireDetails(): ErrorDetail[] {
    return this.code === "UNKNOWN" ? [...this.details] : [this.errorInfo(), ...this.details];
  }

  /** The JSON-RPC `error` object: `{ code, message, data: [details] }`. */
  toJsonRpcError(): JsonRpcErrorJson {
    return { code: this.jsonRpcCode, message: this.message, data: this.wireDetails() };
  }

  /** The HTTP+JSON error body: `{ error: { code, status, message, details } }`. */
  toRestError(): RestErrorBody {
    return {
      error: {
        code: this.httpStatus,
        status: this.grpcStatus,
        message: this.message,
        details: this.wireDetails(),
      },
    };
  }

  /** Rebuilds the typed error from a JSON-RPC `error` object. */
  static fromJsonRpcError(error: JsonRpcErrorJson): A2AError {
    const details = detailsOf(error.data);
    const info = findErrorInfo(details);
    const byReason = info ? codeFromReason(info.reason) : undefined;
    const code = byReason ?? codeFromJsonRpc(error.code);
    return build(
      code,
      error.message,
      details,
      info,
      code === "UNKNOWN" ? { jsonRpcCode: error.code } : {},
    );
  }

  /** Rebuilds the typed error from an HTTP+JSON error body (and the HTTP status, if known). */
  static fromRestError(body: unknown, httpStatus?: number): A2AError {
    const e = (body as RestErrorBody | undefined)?.error;
    const status = typeof e?.code === "number" ? e.code : (httpStatus ?? 500);
    const message = typeof e?.message === "string" ? e.message : `HTTP ${status}`;
    const details = detailsOf(e?.details);
    const info = findErrorInfo(details);
    const code =
      (info ? codeFromReason(info.reason) : undefined) ??
      codeFromRest(status, typeof e?.status === "string" ? e.status : undefined, details);
    return build(
      code,
      message,
      details,
      info,
      code === "UNKNOWN" ? { httpStatus: status, grpcStatus: e?.status } : {},
    );
  }
}

function build(
  code: A2AErrorCode,
  message: string,
  details: ErrorDetail[],
  info: ErrorInfoDetail | undefined,
  extra: { jsonRpcCode?: number; httpStatus?: number; grpcStatus?: string | undefined },
): A2AError {
  const rest = details.filter((d) => d !== info);
  const options: A2AErrorOptions = { details: rest };
  if (info?.metadata) options.metadata = info.metadata;
  const Ctor = code === "UNKNOWN" ? undefined : CLASSES[code];
  if (Ctor) return new Ctor(message, options);
  const o: ConstructorParameters<typeof A2AError>[2] = { ...options };
  if (extra.jsonRpcCode !== undefined) o.jsonRpcCode = extra.jsonRpcCode;
  if (extra.httpStatus !== undefined) o.httpStatus = extra.httpStatus;
  if (extra.grpcStatus !== undefined) o.grpcStatus = extra.grpcStatus;
  return new A2AError("UNKNOWN", message, o);
}

function detailsOf(data: unknown): ErrorDetail[] {
  if (!Array.isArray(data)) return [];
  return data.filter(
    (d): d is ErrorDetail =>
      d !== null &&
      typeof d === "object" &&
      typeof (d as { "@type"?: unknown })["@type"] === "string",
  );
}

function findErrorInfo(details: ErrorDetail[]): ErrorInfoDetail | undefined {
  return details.find(
    (d): d is ErrorInfoDetail => d["@type"] === ERROR_INFO_TYPE && typeof d.reason === "string",
  );
}

function codeFromReason(reason: string): A2AErrorCode | undefined {
  return reason in SPECS ? (reason as A2AErrorCode) : undefined;
}

function codeFromJsonRpc(n: number): A2AErrorCode {
  for (const [code, s] of Object.entries(SPECS))
    if (s.jsonRpcCode === n) return code as A2AErrorCode;
  return "UNKNOWN";
}

function codeFromRest(
  status: number,
  grpc: string | undefined,
  details: ErrorDetail[],
): A2AErrorCode {
  if (grpc === "INVALID_ARGUMENT" || (status === 400 && grpc === undefined)) {
    return details.some((d) => d["@type"] === BAD_REQUEST_TYPE)
      ? "INVALID_PARAMS"
      : "INVALID_REQUEST";
  }
  if (status === 401 || grpc === "UNAUTHENTICATED") return "UNAUTHENTICATED";
  if (status === 403 || grpc === "PERMISSION_DENIED") return "PERMISSION_DENIED";
  if (status === 429 || grpc === "RESOURCE_EXHAUSTED") return "RESOURCE_EXHAUSTED";
  if (status === 404 || grpc === "NOT_FOUND") return "METHOD_NOT_FOUND";
  if (status >= 500 && grpc === "INTERNAL") return "INTERNAL";
  return "UNKNOWN";
}

function withTask(taskId: string | undefined, options: A2AErrorOptions): A2AErrorOptions {
  if (taskId === undefined) return options;
  return { ...options, metadata: { taskId, ...options.metadata } };
}

/** The task does not exist, or is not visible to the caller (never "forbidden"). */
export class TaskNotFoundError extends A2AError {
  constructor(message?: string, options: A2AErrorOptions = {}) {
    super("TASK_NOT_FOUND", message, options);
  }
  /** A TaskNotFoundError that names the task id in its message and metadata. */
  static forTask(taskId: string): TaskNotFoundError {
    return new TaskNotFoundError(`Task ${taskId} not found`, withTask(taskId, {}));
  }
}
/** The task is terminal, or cannot be cancelled now. */
export class TaskNotCancelableError extends A2AError {
  constructor(message?: string, options: A2AErrorOptions = {}) {
    super("TASK_NOT_CANCELABLE", message, options);
  }
}
/** The agent does not support push notifications. */
export class PushNotificationNotSupportedError extends A2AError {
  constructor(message?: string, options: A2AErrorOptions = {}) {
    super("PUSH_NOTIFICATION_NOT_SUPPORTED", message, options);
  }
}
/** The operation is not supported (e.g. a message to a terminal task, or streaming is off). */
export class UnsupportedOperationError extends A2AError {
  constructor(message?: string, options: A2AErrorOptions = {}) {
    super("UNSUPPORTED_OPERATION", message, options);
  }
}
/** A media type in the request is not one the agent accepts. */
export class ContentTypeNotSupportedError extends A2AError {
  constructor(message?: string, options: A2AErrorOptions = {}) {
    super("CONTENT_TYPE_NOT_SUPPORTED", message, options);
  }
}
/** The agent produced something that is not a valid A2A response. */
export class InvalidAgentResponseError extends A2AError {
  constructor(message?: string, options: A2AErrorOptions = {}) {
    super("INVALID_AGENT_RESPONSE", message, options);
  }
}
/** The agent declares an extended card but has none configured. */
export class ExtendedAgentCardNotConfiguredError extends A2AError {
  constructor(message?: string, options: A2AErrorOptions = {}) {
    super("EXTENDED_AGENT_CARD_NOT_CONFIGURED", message, options);
  }
}
/** The agent requires an extension the client did not request. */
export class ExtensionSupportRequiredError extends A2AError {
  constructor(message?: string, options: A2AErrorOptions = {}) {
    super("EXTENSION_SUPPORT_REQUIRED", message, options);
  }
}
/** The requested `A2A-Version` is not served here. */
export class VersionNotSupportedError extends A2AError {
  constructor(message?: string, options: A2AErrorOptions = {}) {
    super("VERSION_NOT_SUPPORTED", message, options);
  }
}
/** The body is not valid JSON. */
export class ParseError extends A2AError {
  constructor(message?: string, options: A2AErrorOptions = {}) {
    super("PARSE_ERROR", message, options);
  }
}
/** The body is JSON but not a valid request envelope. */
export class InvalidRequestError extends A2AError {
  constructor(message?: string, options: A2AErrorOptions = {}) {
    super("INVALID_REQUEST", message, options);
  }
}
/** No such JSON-RPC method, or no such REST route. */
export class MethodNotFoundError extends A2AError {
  constructor(message?: string, options: A2AErrorOptions = {}) {
    super("METHOD_NOT_FOUND", message, options);
  }
}

/** One invalid field: its JSON path and what is wrong with it. */
export interface FieldViolation {
  readonly field: string;
  readonly description: string;
}

/** The parameters are invalid; {@link fieldViolations} names every bad field. */
export class InvalidParamsError extends A2AError {
  constructor(message?: string, options: A2AErrorOptions = {}) {
    super("INVALID_PARAMS", message, options);
  }
  /** Every bad field, from the BadRequest detail. */
  get fieldViolations(): FieldViolation[] {
    const d = this.details.find((x): x is BadRequestDetail => x["@type"] === BAD_REQUEST_TYPE);
    return d?.fieldViolations ?? [];
  }
  /** Builds the error from parse issues: the message summarizes, the details list each one. */
  static fromIssues(
    issues: readonly { path: string; message: string }[],
    what = "parameters",
  ): InvalidParamsError {
    const summary = issues
      .slice(0, 5)
      .map((i) => `${i.path}: ${i.message}`)
      .join("; ");
    const more = issues.length > 5 ? ` (and ${issues.length - 5} more)` : "";
    return new InvalidParamsError(`Invalid ${what}: ${summary}${more}`, {
      details: [
        {
          "@type": BAD_REQUEST_TYPE,
          fieldViolations: issues.map((i) => ({ field: i.path, description: i.message })),
        },
      ],
    });
  }
}
/** Something went wrong inside the server. The message never carries a stack. */
export class InternalError extends A2AError {
  constructor(message?: string, options: A2AErrorOptions = {}) {
    super("INTERNAL", message, options);
  }
}
/** No valid credentials (HTTP 401). */
export class UnauthenticatedError extends A2AError {
  constructor(message?: string, options: A2AErrorOptions = {}) {
    super("UNAUTHENTICATED", message, options);
  }
}
/** Authenticated, but not allowed (HTTP 403). */
export class PermissionDeniedError extends A2AError {
  constructor(message?: string, options: A2AErrorOptions = {}) {
    super("PERMISSION_DENIED", message, options);
  }
}
/** A rate or concurrency limit was hit (HTTP 429). */
export class ResourceExhaustedError extends A2AError {
  constructor(message?: string, options: A2AErrorOptions = {}) {
    super("RESOURCE_EXHAUSTED", message, options);
  }
}

const CLASSES: Record<
  Exclude<A2AErrorCode, "UNKNOWN">,
  new (
    message?: string,
    options?: A2AErrorOptions,
  ) => A2AError
> = {
  TASK_NOT_FOUND: TaskNotFoundError,
  TASK_NOT_CANCELABLE: TaskNotCancelableError,
  PUSH_NOTIFICATION_NOT_SUPPORTED: PushNotificationNotSupportedError,
  UNSUPPORTED_OPERATION: UnsupportedOperationError,
  CONTENT_TYPE_NOT_SUPPORTED: ContentTypeNotSupportedError,
  INVALID_AGENT_RESPONSE: InvalidAgentResponseError,
  EXTENDED_AGENT_CARD_NOT_CONFIGURED: ExtendedAgentCardNotConfiguredError,
  EXTENSION_SUPPORT_REQUIRED: ExtensionSupportRequiredError,
  VERSION_NOT_SUPPORTED: VersionNotSupportedError,
  PARSE_ERROR: ParseError,
  INVALID_REQUEST: InvalidRequestError,
  METHOD_NOT_FOUND: MethodNotFoundError,
  INVALID_PARAMS: InvalidParamsError,
  INTERNAL: InternalError,
  UNAUTHENTICATED: UnauthenticatedError,
  PERMISSION_DENIED: PermissionDeniedError,
  RESOURCE_EXHAUSTED: ResourceExhaustedError,
};

// A registered symbol is the same in every copy of this package, so an error made by another
// copy (the CommonJS build beside the ES module one, or a second installed version) is still
// recognized, and a server answers it with its own status instead of a 500.
const BRAND = Symbol.for("@a2akit/types.A2AError");
Object.defineProperty(A2AError.prototype, BRAND, { value: true });

/**
 * True for any a2akit error, including one made by another copy of this package (where
 * `instanceof` would say no).
 */
export function isA2AError(value: unknown): value is A2AError {
  return (
    value instanceof A2AError ||
    (typeof value === "object" &&
      value !== null &&
      (value as { [BRAND]?: unknown })[BRAND] === true)
  );
}
