import { describe, expect, it } from "vitest";
import {
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
} from "../src/index.js";

type ErrorClass = new (
  message?: string,
  options?: ConstructorParameters<typeof A2AError>[2],
) => A2AError;

// [class, code (= ErrorInfo reason), JSON-RPC code, HTTP status, gRPC status]. The first nine
// rows are CHECKLIST §3 verbatim; the generic rows follow its OPEN choices (SDK behaviour) and,
// for 401/403/429, a2akit's own JSON-RPC codes.
const TABLE: [ErrorClass, string, number, number, string][] = [
  [TaskNotFoundError, "TASK_NOT_FOUND", -32001, 404, "NOT_FOUND"],
  [TaskNotCancelableError, "TASK_NOT_CANCELABLE", -32002, 400, "FAILED_PRECONDITION"],
  [
    PushNotificationNotSupportedError,
    "PUSH_NOTIFICATION_NOT_SUPPORTED",
    -32003,
    400,
    "FAILED_PRECONDITION",
  ],
  [UnsupportedOperationError, "UNSUPPORTED_OPERATION", -32004, 400, "FAILED_PRECONDITION"],
  [ContentTypeNotSupportedError, "CONTENT_TYPE_NOT_SUPPORTED", -32005, 400, "INVALID_ARGUMENT"],
  [InvalidAgentResponseError, "INVALID_AGENT_RESPONSE", -32006, 500, "INTERNAL"],
  [
    ExtendedAgentCardNotConfiguredError,
    "EXTENDED_AGENT_CARD_NOT_CONFIGURED",
    -32007,
    400,
    "FAILED_PRECONDITION",
  ],
  [ExtensionSupportRequiredError, "EXTENSION_SUPPORT_REQUIRED", -32008, 400, "FAILED_PRECONDITION"],
  [VersionNotSupportedError, "VERSION_NOT_SUPPORTED", -32009, 400, "FAILED_PRECONDITION"],
  [ParseError, "PARSE_ERROR", -32700, 400, "INVALID_ARGUMENT"],
  [InvalidRequestError, "INVALID_REQUEST", -32600, 400, "INVALID_ARGUMENT"],
  [MethodNotFoundError, "METHOD_NOT_FOUND", -32601, 404, "NOT_FOUND"],
  [InvalidParamsError, "INVALID_PARAMS", -32602, 400, "INVALID_ARGUMENT"],
  [InternalError, "INTERNAL", -32603, 500, "INTERNAL"],
  [UnauthenticatedError, "UNAUTHENTICATED", -32090, 401, "UNAUTHENTICATED"],
  [PermissionDeniedError, "PERMISSION_DENIED", -32091, 403, "PERMISSION_DENIED"],
  [ResourceExhaustedError, "RESOURCE_EXHAUSTED", -32092, 429, "RESOURCE_EXHAUSTED"],
];
const SPEC_ERRORS = TABLE.slice(0, 9);

/** What goes over the wire: a JSON text, read back. */
const wire = <T>(value: T): T => JSON.parse(JSON.stringify(value));

const extraDetail = {
  "@type": "type.googleapis.com/google.rpc.DebugInfo",
  detail: "retry later",
};

for (const [Class, code, jsonRpcCode, httpStatus, grpcStatus] of TABLE)
  describe(Class.name, () => {
    const make = () =>
      new Class("It went wrong", { metadata: { taskId: "t1" }, details: [extraDetail] });

    it("carries the codes of CHECKLIST §3", () => {
      const e = make();
      expect(e).toBeInstanceOf(A2AError);
      expect(e).toBeInstanceOf(Error);
      expect(isA2AError(e)).toBe(true);
      expect(e.name).toBe(Class.name);
      expect({
        code: e.code,
        reason: e.reason,
        jsonRpcCode: e.jsonRpcCode,
        httpStatus: e.httpStatus,
        grpcStatus: e.grpcStatus,
      }).toEqual({ code, reason: code, jsonRpcCode, httpStatus, grpcStatus });
      const isSpec = SPEC_ERRORS.some(([c]) => c === Class);
      expect(e.domain).toBe(isSpec ? A2A_ERROR_DOMAIN : A2AKIT_ERROR_DOMAIN);
    });

    it("has a default message", () => {
      expect(new Class().message).not.toBe("");
    });

    it("survives typed → JSON-RPC error → typed", () => {
      const e = make();
      const json = wire(e.toJsonRpcError());
      expect(json).toEqual({
        code: jsonRpcCode,
        message: "It went wrong",
        data: [
          { "@type": ERROR_INFO_TYPE, reason: code, domain: e.domain, metadata: { taskId: "t1" } },
          extraDetail,
        ],
      });
      const back = A2AError.fromJsonRpcError(json);
      expect(back).toBeInstanceOf(Class);
      expect(back.code).toBe(code);
      expect(back.message).toBe("It went wrong");
      expect(back.metadata).toEqual({ taskId: "t1" });
      expect(back.details).toEqual([extraDetail]);
    });

    it("survives typed → REST body → typed", () => {
      const e = make();
      const body = wire(e.toRestError());
      expect(body.error).toMatchObject({
        code: httpStatus,
        status: grpcStatus,
        message: "It went wrong",
      });
      const back = A2AError.fromRestError(body, httpStatus);
      expect(back).toBeInstanceOf(Class);
      expect(back.code).toBe(code);
      expect(back.message).toBe("It went wrong");
      expect(back.metadata).toEqual({ taskId: "t1" });
      expect(back.details).toEqual([extraDetail]);
    });
  });

describe("ErrorInfo reasons", () => {
  it("follow the naming rule: the class name in UPPER_SNAKE_CASE without `Error`", () => {
    for (const [Class, code] of SPEC_ERRORS) {
      const derived = Class.name
        .replace(/Error$/, "")
        .replace(/([a-z])([A-Z])/g, "$1_$2")
        .toUpperCase();
      expect(derived).toBe(code);
    }
  });

  it("match the CHECKLIST example for a missing task", () => {
    expect(TaskNotFoundError.forTask("t1").toJsonRpcError().data).toEqual([
      {
        "@type": "type.googleapis.com/google.rpc.ErrorInfo",
        reason: "TASK_NOT_FOUND",
        domain: "a2a-protocol.org",
        metadata: { taskId: "t1" },
      },
    ]);
  });

  it("decide the class when the numeric code disagrees", () => {
    const e = A2AError.fromJsonRpcError({
      code: -32603,
      message: "gone",
      data: [{ "@type": ERROR_INFO_TYPE, reason: "TASK_NOT_FOUND", domain: A2A_ERROR_DOMAIN }],
    });
    expect(e).toBeInstanceOf(TaskNotFoundError);
  });

  it("are not needed: a bare JSON-RPC code is enough (as from a v0.3 server)", () => {
    const e = A2AError.fromJsonRpcError({ code: -32002, message: "done", data: "free-form" });
    expect(e).toBeInstanceOf(TaskNotCancelableError);
    expect(e.details).toEqual([]);
  });
});

describe("InvalidParamsError.fromIssues", () => {
  const issues = Array.from({ length: 7 }, (_, i) => ({
    path: `message.parts[${i}]`,
    message: `problem ${i}`,
  }));

  it("keeps every field path in the BadRequest detail, across the wire", () => {
    const e = InvalidParamsError.fromIssues(issues, "message");
    expect(e.message).toMatch(/^Invalid message: message\.parts\[0\]: problem 0; /);
    expect(e.message).toMatch(/\(and 2 more\)$/);
    const back = A2AError.fromJsonRpcError(wire(e.toJsonRpcError())) as InvalidParamsError;
    expect(back).toBeInstanceOf(InvalidParamsError);
    expect(back.fieldViolations).toEqual(
      issues.map((i) => ({ field: i.path, description: i.message })),
    );
    expect(back.details[0]?.["@type"]).toBe(BAD_REQUEST_TYPE);
  });
});

describe("rebuilding errors we do not know", () => {
  it("turns an unknown JSON-RPC code into a generic UNKNOWN error", () => {
    const e = A2AError.fromJsonRpcError({ code: -32099, message: "Quota", data: { x: 1 } });
    expect(e.constructor).toBe(A2AError);
    expect(e.code).toBe("UNKNOWN");
    expect(e.jsonRpcCode).toBe(-32099);
    expect(e.message).toBe("Quota");
    // A generic error sends back exactly what it got: no invented ErrorInfo.
    expect(e.toJsonRpcError()).toEqual({ code: -32099, message: "Quota", data: [] });
  });

  it("reads a non-JSON-shaped 5xx body as UNKNOWN, without throwing", () => {
    for (const body of ["<html>Bad Gateway</html>", null, undefined, 42, { error: "boom" }, []]) {
      const e = A2AError.fromRestError(body, 502);
      expect(e.code).toBe("UNKNOWN");
      expect(e.httpStatus).toBe(502);
      expect(e.message).toBe("HTTP 502");
    }
  });

  it("reads a Status body without ErrorInfo from its status", () => {
    const e = A2AError.fromRestError({ error: { code: 500, status: "INTERNAL", message: "x" } });
    expect(e).toBeInstanceOf(InternalError);
    const u = A2AError.fromRestError({ error: { code: 503, status: "UNAVAILABLE", message: "x" } });
    expect(u.code).toBe("UNKNOWN");
    expect(u.grpcStatus).toBe("UNAVAILABLE");
    expect(u.httpStatus).toBe(503);
  });
});
