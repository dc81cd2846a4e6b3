import {
  InvalidParamsError,
  type V03AgentCard,
  type V03Artifact,
  type V03Message,
  type V03Part,
  type V03PushNotificationConfig,
  type V03SecurityScheme,
  type V03StreamResult,
  type V03Task,
  type V03TaskPushNotificationConfig,
  type V03TaskState,
  type V03TaskStatus,
  type ValidationIssue,
} from "@a2akit/types";

/*
 * The v0.3 HTTP+JSON binding carries ProtoJSON of the v0.3 `a2a.proto` (its `google.api.http`
 * routes), as the official v0.3 SDKs send and read it: `Message.content` instead of `parts`,
 * `ROLE_USER`, `TASK_STATE_CANCELLED`, parts as `{text}` / `{file: {fileWithUri}}` /
 * `{data: {data}}`, no `kind`. These functions map it to and from the v0.3 JSON-RPC objects,
 * which the types package converts to v1.0. What the v0.3 proto has no field for (part
 * metadata, a file's name, `referenceTaskIds`, `iconUrl`) is dropped on the way out.
 */

type Json = Record<string, unknown>;

const STATE_TO_PROTO: Record<V03TaskState, string> = {
  submitted: "TASK_STATE_SUBMITTED",
  working: "TASK_STATE_WORKING",
  "input-required": "TASK_STATE_INPUT_REQUIRED",
  completed: "TASK_STATE_COMPLETED",
  canceled: "TASK_STATE_CANCELLED",
  failed: "TASK_STATE_FAILED",
  rejected: "TASK_STATE_REJECTED",
  "auth-required": "TASK_STATE_AUTH_REQUIRED",
  unknown: "TASK_STATE_UNSPECIFIED",
};

/** Leaves out absent fields, so the JSON holds only what is set. */
function compact(o: Json): Json {
  const out: Json = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) out[k] = v;
  return out;
}

function nonEmpty<T>(list: readonly T[] | undefined): readonly T[] | undefined {
  return list && list.length > 0 ? list : undefined;
}

// ---- out: v0.3 JSON-RPC objects -> v0.3 ProtoJSON ----

/** A part: `{text}`, `{file: {fileWithUri | fileWithBytes, mimeType}}` or `{data: {data}}`. */
export function partToProto(part: V03Part): Json {
  switch (part.kind) {
    case "text":
      return { text: part.text };
    case "file": {
      const f = part.file;
      return {
        file: compact({
          fileWithUri: f.uri,
          fileWithBytes: f.uri === undefined ? f.bytes : undefined,
          mimeType: f.mimeType,
        }),
      };
    }
    case "data":
      return { data: { data: part.data } };
  }
}

export function messageToProto(m: V03Message): Json {
  return compact({
    messageId: m.messageId,
    contextId: m.contextId,
    taskId: m.taskId,
    role: m.role === "agent" ? "ROLE_AGENT" : "ROLE_USER",
    content: m.parts.map(partToProto),
    metadata: m.metadata,
    extensions: nonEmpty(m.extensions),
  });
}

function statusToProto(s: V03TaskStatus): Json {
  return compact({
    state: STATE_TO_PROTO[s.state],
    message: s.message ? messageToProto(s.message) : undefined,
    timestamp: s.timestamp,
  });
}

function artifactToProto(a: V03Artifact): Json {
  return compact({
    artifactId: a.artifactId,
    name: a.name,
    description: a.description,
    parts: a.parts.map(partToProto),
    metadata: a.metadata,
    extensions: nonEmpty(a.extensions),
  });
}

export function taskToProto(t: V03Task): Json {
  return compact({
    id: t.id,
    contextId: t.contextId,
    status: statusToProto(t.status),
    artifacts: nonEmpty(t.artifacts?.map(artifactToProto)),
    history: nonEmpty(t.history?.map(messageToProto)),
    metadata: t.metadata,
  });
}

/** A `SendMessageResponse` or `StreamResponse`: the oneof wrapper around one result. */
export function streamResultToProto(r: V03StreamResult): Json {
  switch (r.kind) {
    case "task":
      return { task: taskToProto(r) };
    case "message":
      return { message: messageToProto(r) };
    case "status-update":
      return {
        statusUpdate: compact({
          taskId: r.taskId,
          contextId: r.contextId,
          status: statusToProto(r.status),
          final: r.final,
          metadata: r.metadata,
        }),
      };
    case "artifact-update":
      return {
        artifactUpdate: compact({
          taskId: r.taskId,
          contextId: r.contextId,
          artifact: artifactToProto(r.artifact),
          append: r.append,
          lastChunk: r.lastChunk,
          metadata: r.metadata,
        }),
      };
  }
}

/** `{name: "tasks/{id}/pushNotificationConfigs/{configId}", pushNotificationConfig}`. */
export function taskPushConfigToProto(c: V03TaskPushNotificationConfig): Json {
  const p = c.pushNotificationConfig;
  return {
    name: `tasks/${c.taskId}/pushNotificationConfigs/${p.id ?? ""}`,
    pushNotificationConfig: compact({
      id: p.id,
      url: p.url,
      token: p.token,
      authentication: p.authentication
        ? compact({ schemes: p.authentication.schemes, credentials: p.authentication.credentials })
        : undefined,
    }),
  };
}

function securitySchemeToProto(s: V03SecurityScheme): Json {
  const description = s.description;
  switch (s.type) {
    case "apiKey":
      return { apiKeySecurityScheme: compact({ description, location: s.in, name: s.name }) };
    case "http":
      return {
        httpAuthSecurityScheme: compact({
          description,
          scheme: s.scheme,
          bearerFormat: s.bearerFormat,
        }),
      };
    case "oauth2": {
      // The v0.3 proto holds one flow per scheme: the first one present is kept.
      const f = s.flows;
      const flow = f.authorizationCode
        ? { authorizationCode: compact({ ...f.authorizationCode }) }
        : f.clientCredentials
          ? { clientCredentials: compact({ ...f.clientCredentials }) }
          : f.implicit
            ? { implicit: compact({ ...f.implicit }) }
            : f.password
              ? { password: compact({ ...f.password }) }
              : {};
      return {
        oauth2SecurityScheme: compact({
          description,
          flows: flow,
          oauth2MetadataUrl: s.oauth2MetadataUrl,
        }),
      };
    }
    case "openIdConnect":
      return {
        openIdConnectSecurityScheme: compact({
          description,
          openIdConnectUrl: s.openIdConnectUrl,
        }),
      };
    case "mutualTLS":
      return { mtlsSecurityScheme: compact({ description }) };
  }
}

function securityToProto(list: Record<string, string[]>[] | undefined) {
  return nonEmpty(
    list?.map((req) => ({
      schemes: Object.fromEntries(Object.entries(req).map(([n, scopes]) => [n, { list: scopes }])),
    })),
  );
}

/** The v0.3 card as the v0.3 proto's `AgentCard` (`GET /v1/card`). */
export function agentCardToProto(c: V03AgentCard): Json {
  const caps = c.capabilities;
  return compact({
    protocolVersion: c.protocolVersion,
    name: c.name,
    description: c.description,
    url: c.url,
    preferredTransport: c.preferredTransport,
    additionalInterfaces: nonEmpty(c.additionalInterfaces),
    provider: c.provider,
    version: c.version,
    documentationUrl: c.documentationUrl,
    capabilities: compact({
      streaming: caps.streaming,
      pushNotifications: caps.pushNotifications,
      extensions: nonEmpty(caps.extensions),
    }),
    securitySchemes: c.securitySchemes
      ? Object.fromEntries(
          Object.entries(c.securitySchemes).map(([n, s]) => [n, securitySchemeToProto(s)]),
        )
      : undefined,
    security: securityToProto(c.security),
    defaultInputModes: c.defaultInputModes,
    defaultOutputModes: c.defaultOutputModes,
    skills: c.skills.map((s) =>
      compact({
        id: s.id,
        name: s.name,
        description: s.description,
        tags: s.tags,
        examples: nonEmpty(s.examples),
        inputModes: nonEmpty(s.inputModes),
        outputModes: nonEmpty(s.outputModes),
        security: securityToProto(s.security),
      }),
    ),
    supportsAuthenticatedExtendedCard: c.supportsAuthenticatedExtendedCard,
    signatures: nonEmpty(c.signatures),
  });
}

// ---- in: v0.3 ProtoJSON -> v0.3 JSON-RPC params (validated by the types package after) ----

/** Collects shape problems of a request body, each named by its path, to throw at once. */
class Reader {
  readonly issues: ValidationIssue[] = [];

  /** A field by its JSON name or its proto name (ProtoJSON parsers accept both). */
  get(o: Json, name: string): unknown {
    if (o[name] !== undefined) return o[name];
    const snake = name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
    return o[snake];
  }

  object(value: unknown, path: string): Json | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value === "object" && !Array.isArray(value)) return value as Json;
    this.issues.push({ path, message: "must be an object" });
    return undefined;
  }

  array(value: unknown, path: string): unknown[] {
    if (value === undefined || value === null) return [];
    if (Array.isArray(value)) return value;
    this.issues.push({ path, message: "must be an array" });
    return [];
  }

  enumName(value: unknown, names: readonly string[], path: string): string | undefined {
    if (value === undefined || value === null) return undefined;
    const name = typeof value === "number" ? names[value] : value;
    if (typeof name === "string" && names.includes(name)) return name;
    this.issues.push({
      path,
      message: `must be one of ${names.join(", ")}; got ${JSON.stringify(value)}`,
    });
    return undefined;
  }

  throwIfAny(what: string): void {
    if (this.issues.length > 0) throw InvalidParamsError.fromIssues(this.issues, what);
  }
}

const ROLES = ["ROLE_UNSPECIFIED", "ROLE_USER", "ROLE_AGENT"] as const;

function partFromProto(r: Reader, value: unknown, path: string): unknown {
  const p = r.object(value, path);
  if (!p) return value;
  if (p.text !== undefined) return { kind: "text", text: p.text };
  const file = r.object(p.file, `${path}.file`);
  if (file) {
    const uri = r.get(file, "fileWithUri");
    const bytes = r.get(file, "fileWithBytes");
    return {
      kind: "file",
      file: compact({ uri, bytes, mimeType: r.get(file, "mimeType") }),
    };
  }
  const data = r.object(p.data, `${path}.data`);
  if (data) return { kind: "data", data: data.data ?? {} };
  r.issues.push({ path, message: "must set one of text, file, data" });
  return value;
}

function messageFromProto(r: Reader, value: unknown, path: string): unknown {
  const m = r.object(value, path);
  if (!m) return value;
  const role = r.enumName(m.role, ROLES, `${path}.role`);
  return compact({
    kind: "message",
    messageId: r.get(m, "messageId"),
    contextId: r.get(m, "contextId") || undefined,
    taskId: r.get(m, "taskId") || undefined,
    role: role === "ROLE_AGENT" ? "agent" : role === "ROLE_USER" ? "user" : m.role,
    parts: r
      .array(m.content, `${path}.content`)
      .map((p, i) => partFromProto(r, p, `${path}.content[${i}]`)),
    metadata: m.metadata,
    extensions: nonEmpty(r.array(m.extensions, `${path}.extensions`)),
  });
}

function pushConfigFromProto(r: Reader, value: unknown, path: string): unknown {
  const c = r.object(value, path);
  if (!c) return value;
  const auth = r.object(c.authentication, `${path}.authentication`);
  return compact({
    id: c.id || undefined,
    url: c.url,
    token: c.token || undefined,
    authentication: auth
      ? compact({ schemes: auth.schemes ?? [], credentials: auth.credentials || undefined })
      : undefined,
  });
}

/** The body of `POST /v1/message:send|stream` (`SendMessageRequest`) as `MessageSendParams`. */
export function sendParamsFromProto(body: Json): unknown {
  const r = new Reader();
  const message = messageFromProto(r, r.get(body, "message") ?? body.request, "message");
  const config = r.object(body.configuration, "configuration");
  const configuration = config
    ? compact({
        acceptedOutputModes: nonEmpty(
          r.array(r.get(config, "acceptedOutputModes"), "configuration.acceptedOutputModes"),
        ),
        pushNotificationConfig: pushConfigFromProto(
          r,
          r.get(config, "pushNotification"),
          "configuration.pushNotification",
        ),
        // In proto3, 0 is "not set".
        historyLength: r.get(config, "historyLength") || undefined,
        // proto3 cannot tell false from absent: a configuration without `blocking` is not
        // blocking, as the v0.3 SDK servers read it (no configuration at all still blocks).
        blocking: config.blocking ?? false,
      })
    : undefined;
  r.throwIfAny("request body");
  return compact({ message, configuration, metadata: body.metadata });
}

/**
 * The body of `POST /v1/tasks/{id}/pushNotificationConfigs`. The proto's route puts the
 * `TaskPushNotificationConfig` itself in the body (`body: "config"`), which is what the v0.3
 * SDK clients send; the whole `CreateTaskPushNotificationConfigRequest` (`{parent, configId,
 * config}`) is accepted too. The task id comes from the path.
 */
export function pushConfigBodyFromProto(body: Json, taskId: string): unknown {
  const r = new Reader();
  const wrapped = r.object(body.config, "config");
  const config = wrapped ?? body;
  const inner = r.get(config, "pushNotificationConfig");
  if (inner === undefined) {
    r.issues.push({
      path: wrapped ? "config.pushNotificationConfig" : "pushNotificationConfig",
      message: "is required",
    });
  }
  const pushNotificationConfig = pushConfigFromProto(r, inner, "pushNotificationConfig") as
    | V03PushNotificationConfig
    | undefined;
  const configId = r.get(body, "configId");
  r.throwIfAny("request body");
  const id = pushNotificationConfig?.id ?? (typeof configId === "string" ? configId : undefined);
  return { taskId, pushNotificationConfig: compact({ ...pushNotificationConfig, id }) };
}
