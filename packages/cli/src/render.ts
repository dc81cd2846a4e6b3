import {
  type Artifact,
  base64ToBytes,
  type Message,
  type Part,
  type Task,
  type TaskState,
} from "@a2akit/types";

/** `TASK_STATE_INPUT_REQUIRED` → `input-required`. */
export function stateName(state: TaskState | string): string {
  return state
    .replace(/^TASK_STATE_/, "")
    .toLowerCase()
    .replace(/_/g, "-");
}

/** One part for a terminal: text as is, data as JSON, files as a one-line summary. */
export function partText(part: Part, savedAs?: string): string {
  if (part.text !== undefined) return part.text;
  if (part.data !== undefined) return JSON.stringify(part.data, null, 2);
  const name = part.filename ?? "(unnamed)";
  const type = part.mediaType ?? "application/octet-stream";
  const where =
    part.raw !== undefined ? `${base64ToBytes(part.raw).byteLength} bytes` : `at ${part.url}`;
  return `[file ${name}, ${type}, ${where}${savedAs ? `, saved to ${savedAs}` : ""}]`;
}

/** The text of a message's parts, one per line. */
export function messageText(message: Message | undefined): string {
  return (message?.parts ?? []).map((p) => partText(p)).join("\n");
}

/**
 * An artifact for people: a `--- name ---` heading, then its parts. Consecutive text parts are
 * joined as they are, since a streamed reply arrives as many appended text chunks.
 */
export function artifactBlock(
  artifact: Artifact,
  saved: ReadonlyMap<Part, string> = new Map(),
): string {
  const lines = [`--- ${artifact.name ?? artifact.artifactId} ---`];
  let text: string | undefined;
  for (const part of artifact.parts) {
    if (part.text !== undefined) {
      text = (text ?? "") + part.text;
      continue;
    }
    if (text !== undefined) lines.push(text);
    text = undefined;
    lines.push(partText(part, saved.get(part)));
  }
  if (text !== undefined) lines.push(text);
  return lines.join("\n");
}

/** The first line printed for a task: its id, context and state. */
export function taskHeading(task: Task): string {
  return `task ${task.id} (context ${task.contextId}): ${stateName(task.status.state)}`;
}

/** A task for people: its id and state, the agent's status message, then each artifact. */
export function taskText(task: Task, saved: ReadonlyMap<Part, string> = new Map()): string {
  const lines = [taskHeading(task)];
  const status = messageText(task.status.message);
  if (status) lines.push(status);
  for (const artifact of task.artifacts ?? []) lines.push(artifactBlock(artifact, saved));
  return lines.join("\n");
}

/** One JSON value per line, for `--json`. */
export function jsonLine(value: unknown): string {
  return `${JSON.stringify(value)}\n`;
}
