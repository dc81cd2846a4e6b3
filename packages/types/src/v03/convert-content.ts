import type { Role, TaskState } from "../v1/enums.js";
import type { Message } from "../v1/message.js";
import type { Part } from "../v1/part.js";
import type { Artifact, Task, TaskStatus } from "../v1/task.js";
import { cannotConvert, copyDefined } from "./convert-util.js";
import type { V03Message, V03Role } from "./message.js";
import type { V03Part } from "./part.js";
import type { V03Artifact, V03Task, V03TaskState, V03TaskStatus } from "./task.js";
import { timestampFromV03 } from "./timestamp.js";

/**
 * The part metadata key that marks a v0.3 data part wrapping a non-object v1.0 value. v1.0
 * `data` may be any JSON value; v0.3 `data` must be an object, so `"x"` is sent as
 * `{"value": "x"}` with this key set to true, and unwrapped on the way back.
 */
export const V03_WRAPPED_VALUE_KEY = "a2akit.v03.wrappedValue";

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

// --- Parts ------------------------------------------------------------------------------------

/** {@link partToV03} with the JSON path that error messages name. */
export function partToV03At(part: Part, path: string): V03Part {
  const meta = part.metadata;
  if (part.text !== undefined) {
    const out: V03Part = { kind: "text", text: part.text };
    if (meta !== undefined) out.metadata = meta;
    return out;
  }
  if (part.raw !== undefined || part.url !== undefined) {
    const file: Extract<V03Part, { kind: "file" }>["file"] =
      part.raw !== undefined ? { bytes: part.raw } : { uri: part.url as string };
    if (part.filename !== undefined) file.name = part.filename;
    if (part.mediaType !== undefined) file.mimeType = part.mediaType;
    const out: V03Part = { kind: "file", file };
    if (meta !== undefined) out.metadata = meta;
    return out;
  }
  if (part.data !== undefined) {
    if (isPlainObject(part.data)) {
      const out: V03Part = { kind: "data", data: part.data };
      if (meta !== undefined) out.metadata = meta;
      return out;
    }
    return {
      kind: "data",
      data: { value: part.data },
      metadata: { ...meta, [V03_WRAPPED_VALUE_KEY]: true },
    };
  }
  return cannotConvert(path, "a part needs one of text, raw, url or data");
}

/**
 * A v1.0 part in v0.3 form. Lossy: `filename`/`mediaType` on a text or data part have no v0.3
 * field and are dropped; a non-object `data` is wrapped (see {@link V03_WRAPPED_VALUE_KEY}).
 */
export function partToV03(part: Part): V03Part {
  return partToV03At(part, "part");
}

/** A v0.3 part in v1.0 form: `file.bytes|uri|name|mimeType` become `raw|url|filename|mediaType`. */
export function partFromV03(part: V03Part): Part {
  switch (part.kind) {
    case "text": {
      const out: Part = { text: part.text };
      if (part.metadata !== undefined) out.metadata = part.metadata;
      return out;
    }
    case "file": {
      const f = part.file;
      const out: Part = f.bytes !== undefined ? { raw: f.bytes } : { url: f.uri as string };
      if (f.name !== undefined) out.filename = f.name;
      if (f.mimeType !== undefined) out.mediaType = f.mimeType;
      if (part.metadata !== undefined) out.metadata = part.metadata;
      return out;
    }
    case "data": {
      const meta = part.metadata;
      if (meta?.[V03_WRAPPED_VALUE_KEY] === true && isWrapped(part.data)) {
        const { [V03_WRAPPED_VALUE_KEY]: _marker, ...rest } = meta;
        const out: Part = { data: part.data.value };
        if (Object.keys(rest).length > 0) out.metadata = rest;
        return out;
      }
      const out: Part = { data: part.data };
      if (meta !== undefined) out.metadata = meta;
      return out;
    }
  }
}

function isWrapped(data: Record<string, unknown>): data is { value: unknown } {
  const keys = Object.keys(data);
  return keys.length === 1 && keys[0] === "value";
}

// --- Roles and states ---------------------------------------------------------------------------

/** {@link roleToV03} with the JSON path that error messages name. */
export function roleToV03At(role: Role, path: string): V03Role {
  if (role === "ROLE_USER") return "user";
  if (role === "ROLE_AGENT") return "agent";
  return cannotConvert(path, `${role} has no v0.3 form (v0.3 knows only user and agent)`);
}

/** `ROLE_USER` → `user`, `ROLE_AGENT` → `agent`. ROLE_UNSPECIFIED has no v0.3 form and throws. */
export function roleToV03(role: Role): V03Role {
  return roleToV03At(role, "role");
}

/** `user` → `ROLE_USER`, `agent` → `ROLE_AGENT`. */
export function roleFromV03(role: V03Role): Role {
  return role === "user" ? "ROLE_USER" : "ROLE_AGENT";
}

/**
 * `TASK_STATE_INPUT_REQUIRED` → `input-required`. TASK_STATE_UNSPECIFIED ↔ `unknown`: the two
 * mean the same ("state not known"), so the mapping is one to one.
 */
export function taskStateToV03(state: TaskState): V03TaskState {
  if (state === "TASK_STATE_UNSPECIFIED") return "unknown";
  return state.slice("TASK_STATE_".length).toLowerCase().replace(/_/g, "-") as V03TaskState;
}

/** `input-required` → `TASK_STATE_INPUT_REQUIRED`; `unknown` → TASK_STATE_UNSPECIFIED. */
export function taskStateFromV03(state: V03TaskState): TaskState {
  if (state === "unknown") return "TASK_STATE_UNSPECIFIED";
  return `TASK_STATE_${state.toUpperCase().replace(/-/g, "_")}` as TaskState;
}

// --- Messages, statuses, artifacts, tasks ---------------------------------------------------

const MESSAGE_OPTIONAL = [
  "contextId",
  "taskId",
  "metadata",
  "extensions",
  "referenceTaskIds",
] as const;

/** {@link messageToV03} with the JSON path that error messages name. */
export function messageToV03At(message: Message, path: string): V03Message {
  const out = {
    kind: "message",
    messageId: message.messageId,
    role: roleToV03At(message.role, `${path}.role`),
    parts: message.parts.map((p, i) => partToV03At(p, `${path}.parts[${i}]`)),
  } as V03Message;
  copyDefined(out, message, MESSAGE_OPTIONAL);
  return out;
}

/** A v1.0 message in v0.3 form (`"kind": "message"`, lowercase role). */
export function messageToV03(message: Message): V03Message {
  return messageToV03At(message, "message");
}

/** A v0.3 message in v1.0 form (`kind` dropped). */
export function messageFromV03(message: V03Message): Message {
  const out = {
    messageId: message.messageId,
    role: roleFromV03(message.role),
    parts: message.parts.map(partFromV03),
  } as Message;
  copyDefined(out, message, MESSAGE_OPTIONAL);
  return out;
}

/** {@link taskStatusToV03} with the JSON path that error messages name. */
export function taskStatusToV03At(status: TaskStatus, path: string): V03TaskStatus {
  const out: V03TaskStatus = { state: taskStateToV03(status.state) };
  if (status.message !== undefined) out.message = messageToV03At(status.message, `${path}.message`);
  if (status.timestamp !== undefined) out.timestamp = status.timestamp;
  return out;
}

/** A v1.0 task status in v0.3 form. */
export function taskStatusToV03(status: TaskStatus): V03TaskStatus {
  return taskStatusToV03At(status, "status");
}

/**
 * A v0.3 task status in v1.0 form. The timestamp is normalized to UTC `...Z` (see
 * {@link timestampFromV03}); one that cannot be read is dropped.
 */
export function taskStatusFromV03(status: V03TaskStatus): TaskStatus {
  const out: TaskStatus = { state: taskStateFromV03(status.state) };
  if (status.message !== undefined) out.message = messageFromV03(status.message);
  if (status.timestamp !== undefined) {
    const ts = timestampFromV03(status.timestamp);
    if (ts !== undefined) out.timestamp = ts;
  }
  return out;
}

const ARTIFACT_OPTIONAL = ["name", "description", "metadata", "extensions"] as const;

/** {@link artifactToV03} with the JSON path that error messages name. */
export function artifactToV03At(artifact: Artifact, path: string): V03Artifact {
  const out = {
    artifactId: artifact.artifactId,
    parts: artifact.parts.map((p, i) => partToV03At(p, `${path}.parts[${i}]`)),
  } as V03Artifact;
  copyDefined(out, artifact, ARTIFACT_OPTIONAL);
  return out;
}

/** A v1.0 artifact in v0.3 form. */
export function artifactToV03(artifact: Artifact): V03Artifact {
  return artifactToV03At(artifact, "artifact");
}

/** A v0.3 artifact in v1.0 form. */
export function artifactFromV03(artifact: V03Artifact): Artifact {
  const out = {
    artifactId: artifact.artifactId,
    parts: artifact.parts.map(partFromV03),
  } as Artifact;
  copyDefined(out, artifact, ARTIFACT_OPTIONAL);
  return out;
}

/** {@link taskToV03} with the JSON path that error messages name. */
export function taskToV03At(task: Task, path: string): V03Task {
  const out: V03Task = {
    kind: "task",
    id: task.id,
    contextId: task.contextId ?? "",
    status: taskStatusToV03At(task.status, `${path}.status`),
  };
  if (task.artifacts !== undefined) {
    out.artifacts = task.artifacts.map((a, i) => artifactToV03At(a, `${path}.artifacts[${i}]`));
  }
  if (task.history !== undefined) {
    out.history = task.history.map((m, i) => messageToV03At(m, `${path}.history[${i}]`));
  }
  if (task.metadata !== undefined) out.metadata = task.metadata;
  return out;
}

/**
 * A v1.0 task in v0.3 form (`"kind": "task"`). v0.3 requires `contextId`; a task without one
 * gets `""`, which reads back as "not set" in v1.0.
 */
export function taskToV03(task: Task): V03Task {
  return taskToV03At(task, "task");
}

/** A v0.3 task in v1.0 form (`kind` dropped). */
export function taskFromV03(task: V03Task): Task {
  const out: Task = {
    id: task.id,
    contextId: task.contextId,
    status: taskStatusFromV03(task.status),
  };
  if (task.artifacts !== undefined) out.artifacts = task.artifacts.map(artifactFromV03);
  if (task.history !== undefined) out.history = task.history.map(messageFromV03);
  if (task.metadata !== undefined) out.metadata = task.metadata;
  return out;
}
