import { describe, expect, it } from "vitest";
import type { z } from "zod";
import {
  AgentCapabilities,
  AgentCard,
  Bytes,
  GetTaskRequest,
  ListTasksRequest,
  ListTasksResponse,
  Message,
  Part,
  parse,
  Role,
  SendMessageRequest,
  StreamResponse,
  TASK_STATES,
  Task,
  TaskArtifactUpdateEvent,
  TaskState,
  Timestamp,
  toJson,
  toJsonShared,
} from "../src/index.js";

// The ProtoJSON ground rules of CHECKLIST §0, one rule per block.

function read<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const r = parse(schema, input);
  if (!r.success) throw new Error(JSON.stringify(r.issues));
  return r.data;
}
/** `toJson` of the parsed input, after checking that `toJsonShared` writes the same. */
function roundTrip(schema: z.ZodType, input: unknown): unknown {
  const value = read(schema, input);
  const written = toJson(schema, value as never);
  expect(toJsonShared(schema, value as never)).toEqual(written);
  return written;
}

describe("snake_case proto names on input", () => {
  it("are read at every level of a request; keys inside metadata and data are kept", () => {
    const snake = {
      tenant: "acme",
      message: {
        message_id: "m1",
        context_id: "c1",
        task_id: "t1",
        role: "ROLE_USER",
        reference_task_ids: ["t0"],
        parts: [
          { text: "hi", media_type: "text/plain" },
          { data: { context_id: 1, nested: { task_id: 2 } }, media_type: "application/json" },
        ],
        metadata: { trace_id: "x", deep: { message_id: "kept" } },
      },
      configuration: {
        accepted_output_modes: ["text/plain"],
        history_length: 3,
        return_immediately: true,
        task_push_notification_config: {
          task_id: "t1",
          url: "https://client.example.com/hook",
          authentication: { scheme: "Bearer", credentials: "tok" },
        },
      },
    };
    expect(roundTrip(SendMessageRequest, snake)).toEqual({
      tenant: "acme",
      message: {
        messageId: "m1",
        contextId: "c1",
        taskId: "t1",
        role: "ROLE_USER",
        referenceTaskIds: ["t0"],
        parts: [
          { text: "hi", mediaType: "text/plain" },
          { data: { context_id: 1, nested: { task_id: 2 } }, mediaType: "application/json" },
        ],
        metadata: { trace_id: "x", deep: { message_id: "kept" } },
      },
      configuration: {
        acceptedOutputModes: ["text/plain"],
        historyLength: 3,
        returnImmediately: true,
        taskPushNotificationConfig: {
          taskId: "t1",
          url: "https://client.example.com/hook",
          authentication: { scheme: "Bearer", credentials: "tok" },
        },
      },
    });
  });

  it("are read in an agent card, down to security schemes and OAuth flows", () => {
    const card = roundTrip(AgentCard, {
      name: "a",
      description: "d",
      version: "1",
      supported_interfaces: [
        { url: "https://a", protocol_binding: "JSONRPC", protocol_version: "1.0" },
      ],
      capabilities: { push_notifications: true, extended_agent_card: false },
      default_input_modes: ["text/plain"],
      default_output_modes: ["text/plain"],
      skills: [{ id: "s", name: "s", description: "d", tags: [], input_modes: ["text/plain"] }],
      icon_url: "https://a/icon.png",
      documentation_url: "https://a/docs",
      security_schemes: {
        oidc: { open_id_connect_security_scheme: { open_id_connect_url: "https://a/.wk" } },
        oauth: {
          oauth2_security_scheme: {
            flows: {
              authorization_code: {
                authorization_url: "https://a/auth",
                token_url: "https://a/token",
                scopes: { read_all: "read" },
              },
            },
          },
        },
      },
      security_requirements: [{ schemes: { oidc: { list: ["openid"] } } }],
    });
    expect(card).toEqual({
      name: "a",
      description: "d",
      version: "1",
      supportedInterfaces: [
        { url: "https://a", protocolBinding: "JSONRPC", protocolVersion: "1.0" },
      ],
      capabilities: { pushNotifications: true, extendedAgentCard: false },
      defaultInputModes: ["text/plain"],
      defaultOutputModes: ["text/plain"],
      skills: [{ id: "s", name: "s", description: "d", tags: [], inputModes: ["text/plain"] }],
      iconUrl: "https://a/icon.png",
      documentationUrl: "https://a/docs",
      securitySchemes: {
        oidc: { openIdConnectSecurityScheme: { openIdConnectUrl: "https://a/.wk" } },
        oauth: {
          oauth2SecurityScheme: {
            flows: {
              authorizationCode: {
                authorizationUrl: "https://a/auth",
                tokenUrl: "https://a/token",
                scopes: { read_all: "read" },
              },
            },
          },
        },
      },
      securityRequirements: [{ schemes: { oidc: { list: ["openid"] } } }],
    });
  });

  it("are read in stream events and list requests", () => {
    expect(
      roundTrip(StreamResponse, {
        artifact_update: {
          task_id: "t",
          context_id: "c",
          last_chunk: true,
          artifact: { artifact_id: "a", parts: [{ text: "x" }] },
        },
      }),
    ).toEqual({
      artifactUpdate: {
        taskId: "t",
        contextId: "c",
        lastChunk: true,
        artifact: { artifactId: "a", parts: [{ text: "x" }] },
      },
    });
    expect(
      roundTrip(ListTasksRequest, {
        context_id: "c",
        page_size: 10,
        page_token: "p",
        history_length: 0,
        status_timestamp_after: "2025-01-01T00:00:00Z",
        include_artifacts: false,
      }),
    ).toEqual({
      contextId: "c",
      pageSize: 10,
      pageToken: "p",
      historyLength: 0,
      statusTimestampAfter: "2025-01-01T00:00:00Z",
      includeArtifacts: false,
    });
  });

  it("lose to the JSON name when both spellings are sent", () => {
    expect(
      read(Task, { id: "t", contextId: "json", context_id: "proto", status: { state: 1 } }),
    ).toMatchObject({ contextId: "json" });
  });
});

describe("enums", () => {
  it("accept the enum number and write the name", () => {
    TASK_STATES.forEach((name, n) => {
      expect(read(TaskState, n)).toBe(name);
    });
    expect(read(Role, 1)).toBe("ROLE_USER");
    expect(read(Role, 2)).toBe("ROLE_AGENT");
    expect(roundTrip(ListTasksRequest, { status: 3 })).toEqual({ status: "TASK_STATE_COMPLETED" });
  });

  it("reject unknown numbers, negative numbers and v0.3 names", () => {
    for (const bad of [9, -1, 1.5, "working", "TASK_STATE_RUNNING"]) {
      expect(parse(TaskState, bad).success).toBe(false);
    }
  });
});

describe("presence on output", () => {
  it("omits plain fields at their default", () => {
    expect(
      roundTrip(Message, {
        messageId: "m",
        role: "ROLE_AGENT",
        contextId: "",
        taskId: "",
        extensions: [],
        referenceTaskIds: [],
        metadata: {},
        parts: [{ text: "", filename: "", mediaType: "" }],
      }),
    ).toEqual({ messageId: "m", role: "ROLE_AGENT", parts: [{ text: "" }] });
    expect(
      roundTrip(TaskArtifactUpdateEvent, {
        taskId: "t",
        contextId: "c",
        append: false,
        lastChunk: false,
        artifact: { artifactId: "a", parts: [{ data: 0 }] },
      }),
    ).toEqual({ taskId: "t", contextId: "c", artifact: { artifactId: "a", parts: [{ data: 0 }] } });
  });

  it("keeps `optional` fields set to a default: historyLength 0, includeArtifacts false", () => {
    expect(roundTrip(GetTaskRequest, { id: "t", historyLength: 0 })).toEqual({
      id: "t",
      historyLength: 0,
    });
    expect(roundTrip(ListTasksRequest, { includeArtifacts: false, historyLength: 0 })).toEqual({
      includeArtifacts: false,
      historyLength: 0,
    });
    expect(
      roundTrip(SendMessageRequest, {
        message: { messageId: "m", role: 1, parts: [{ text: "x" }] },
        configuration: { historyLength: 0, returnImmediately: false },
      }),
    ).toEqual({
      message: { messageId: "m", role: "ROLE_USER", parts: [{ text: "x" }] },
      configuration: { historyLength: 0 },
    });
  });

  it("keeps the capability booleans when false", () => {
    expect(
      roundTrip(AgentCapabilities, {
        streaming: false,
        pushNotifications: false,
        extendedAgentCard: false,
        extensions: [],
      }),
    ).toEqual({ streaming: false, pushNotifications: false, extendedAgentCard: false });
    expect(roundTrip(AgentCapabilities, {})).toEqual({});
  });

  it("always writes REQUIRED fields: an empty ListTasks page, a card without skills", () => {
    const page = { tasks: [], nextPageToken: "", pageSize: 0, totalSize: 0 };
    expect(roundTrip(ListTasksResponse, page)).toEqual(page);
    const card = {
      name: "n",
      description: "",
      version: "",
      supportedInterfaces: [{ url: "https://a", protocolBinding: "GRPC", protocolVersion: "1.0" }],
      capabilities: {},
      defaultInputModes: [],
      defaultOutputModes: [],
      skills: [],
    };
    expect(roundTrip(AgentCard, card)).toEqual(card);
  });

  it("keeps a message field that is set, even when everything in it is at its default", () => {
    const message = { messageId: "m", role: "ROLE_USER", parts: [{ text: "hi" }] };
    expect(roundTrip(SendMessageRequest, { message, configuration: {} })).toEqual({
      message,
      configuration: {},
    });
    expect(
      roundTrip(SendMessageRequest, { message, configuration: { returnImmediately: false } }),
    ).toEqual({ message, configuration: {} });
    expect(roundTrip(SendMessageRequest, { message })).toEqual({ message });
  });

  it("never writes undefined", () => {
    const value = { id: "t", contextId: undefined, status: { state: "TASK_STATE_WORKING" } };
    const out = toJson(Task, value as Task) as Record<string, unknown>;
    expect(Object.keys(out)).toEqual(["id", "status"]);
  });
});

describe("bytes", () => {
  it("normalize URL-safe and unpadded base64 to standard with padding", () => {
    expect(read(Bytes, "-_8")).toBe("+/8=");
    expect(read(Bytes, "aGk")).toBe("aGk=");
    expect(read(Bytes, "aGVsbG8")).toBe("aGVsbG8=");
    expect(read(Bytes, "aGVsbG8=")).toBe("aGVsbG8=");
    expect(read(Bytes, "")).toBe("");
    expect(roundTrip(Part, { raw: "PDw_Pz4-" })).toEqual({ raw: "PDw/Pz4+" });
  });

  it("reject characters outside both alphabets and impossible lengths", () => {
    for (const bad of ["!!", "a b", "a", "abcde", "ab=c"]) {
      expect(parse(Bytes, bad).success, bad).toBe(false);
    }
  });
});

describe("timestamps", () => {
  it("accept UTC with 0 to 9 fraction digits", () => {
    for (let digits = 0; digits <= 9; digits++) {
      const fraction = digits === 0 ? "" : `.${"123456789".slice(0, digits)}`;
      const value = `2025-10-28T10:30:00${fraction}Z`;
      expect(read(Timestamp, value)).toBe(value);
    }
  });

  it("accept a leap day", () => {
    expect(read(Timestamp, "2024-02-29T00:00:00Z")).toBe("2024-02-29T00:00:00Z");
  });

  it("reject offsets, a lowercase z, ten fraction digits and impossible dates", () => {
    for (const bad of [
      "2025-10-28T10:30:00+02:00",
      "2025-10-28T10:30:00.000-05:00",
      "2025-10-28T10:30:00z",
      "2025-10-28T10:30:00",
      "2025-10-28T10:30:00.1234567890Z",
      "2025-10-28 10:30:00Z",
      "2025-13-01T00:00:00Z",
      "2025-10-28T25:00:00Z",
      "2025-02-30T00:00:00Z",
      "2025-04-31T12:00:00Z",
      "2025-10-28T24:00:00Z",
      "2025-10-28T23:59:60Z",
    ]) {
      expect(parse(Timestamp, bad).success, bad).toBe(false);
    }
  });
});

describe("unknown fields", () => {
  it("are ignored at every level and not written back", () => {
    expect(
      roundTrip(Task, {
        id: "t",
        kind: "task",
        createdAt: "2025-01-01T00:00:00Z",
        status: { state: "TASK_STATE_COMPLETED", final: true },
        history: [
          { messageId: "m", role: 2, kind: "message", parts: [{ kind: "text", text: "x" }] },
        ],
      }),
    ).toEqual({
      id: "t",
      status: { state: "TASK_STATE_COMPLETED" },
      history: [{ messageId: "m", role: "ROLE_AGENT", parts: [{ text: "x" }] }],
    });
  });
});

describe("int32 fields", () => {
  it("accept decimal strings", () => {
    expect(read(ListTasksRequest, { pageSize: "50", historyLength: "0" })).toEqual({
      pageSize: 50,
      historyLength: 0,
    });
    expect(read(GetTaskRequest, { id: "t", historyLength: "10" }).historyLength).toBe(10);
    expect(
      read(ListTasksResponse, { tasks: [], nextPageToken: "", pageSize: "10", totalSize: "-1" }),
    ).toMatchObject({ pageSize: 10, totalSize: -1 });
  });

  it("reject other strings, fractions and values outside int32", () => {
    const page = { tasks: [], nextPageToken: "", pageSize: 0 };
    for (const bad of ["1e3", "10.0", " 10", "0x10", 1.5, 2 ** 31, "2147483648"]) {
      expect(parse(ListTasksResponse, { ...page, totalSize: bad }).success, String(bad)).toBe(
        false,
      );
    }
    expect(parse(ListTasksResponse, { ...page, totalSize: 2 ** 31 - 1 }).success).toBe(true);
  });
});

describe("toJsonShared", () => {
  const event: StreamResponse = {
    artifactUpdate: {
      taskId: "t1",
      contextId: "c1",
      artifact: {
        artifactId: "a1",
        parts: [{ text: "hi", metadata: { trace: "" } }, { data: { n: 0 } }],
        metadata: { empty: [] },
      },
      append: true,
    },
  };

  it("returns a value already in ProtoJSON form itself, opaque contents included", () => {
    expect(toJsonShared(StreamResponse, event)).toBe(event);
    expect(toJson(StreamResponse, event)).toEqual(event);
  });

  it("writes a fresh copy, as toJson does, when anything at any depth would change", () => {
    const changes: ((e: StreamResponse) => void)[] = [
      (e) => {
        (e.artifactUpdate as { append?: boolean }).append = false;
      },
      (e) => {
        (e.artifactUpdate as { lastChunk?: boolean }).lastChunk = undefined;
      },
      (e) => {
        (e.artifactUpdate as unknown as Record<string, unknown>).kind = "artifact-update";
      },
      (e) => {
        const part = e.artifactUpdate?.artifact.parts[0] as { mediaType?: string };
        part.mediaType = "";
      },
      (e) => {
        (e.artifactUpdate?.artifact as { extensions?: string[] }).extensions = [];
      },
    ];
    for (const change of changes) {
      const changed = structuredClone(event);
      change(changed);
      const shared = toJsonShared(StreamResponse, changed);
      expect(shared).not.toBe(changed);
      expect(shared).toEqual(toJson(StreamResponse, changed));
      expect(JSON.stringify(shared)).toBe(JSON.stringify(toJson(StreamResponse, changed)));
    }
  });
});
