import type { Task } from "@a2akit/types";
import { isoTime } from "./iso-time.js";

/**
 * A finished task kept as one string: its JSON, with every occurrence of the task id and of the
 * context id (the task's own, and again on each history message) replaced by a single control
 * character, and the opening every task the handler writes has (`{"id":…,"contextId":…,
 * "status":{"state":…,"timestamp":…`) by another. The store keeps the ids, the state and the
 * status time beside the string anyway, so they need not be in it as well; together this takes
 * half off a typical task.
 *
 * Nothing is lost: JSON.stringify escapes every control character inside strings, so the marks
 * never occur in its output, and putting the parts back in the reverse order restores the exact
 * JSON. A part that does not match the JSON exactly (an id with characters JSON escapes, a
 * timestamp not in the form `toISOString` writes) simply stays in the string.
 */
const ID = "\u0001";
const CONTEXT = "\u0002";
/** The opening up to the state. */
const HEAD_STATE = "\u0003";
/** The opening up to the state and the timestamp right after it. */
const HEAD_TIME = "\u0004";
const OPENING = `{"id":"${ID}","contextId":"${CONTEXT}","status":{"state":"`;

/**
 * Packs a task whose `status.timestamp` reads as `timestampMs` (0 when it has none);
 * {@link unpackTask} with the task's ids, state and that time gives back an equal copy.
 */
export function packTask(task: Task, timestampMs: number): string {
  const json = JSON.stringify(task);
  const { id, contextId } = task;
  let headEnd = -1;
  let head = HEAD_STATE;
  if (contextId !== undefined) {
    let at = after(json, 0, '{"id":"');
    at = after(json, at, id);
    at = after(json, at, '","contextId":"');
    at = after(json, at, contextId);
    at = after(json, at, '","status":{"state":"');
    at = after(json, at, task.status.state);
    headEnd = after(json, at, '"');
    const time = headEnd < 0 ? undefined : isoTime(timestampMs);
    if (time !== undefined) {
      at = after(json, headEnd, ',"timestamp":"');
      at = after(json, at, time);
      at = after(json, at, '"');
      if (at >= 0) {
        headEnd = at;
        head = HEAD_TIME;
      }
    }
  }
  let body = headEnd < 0 ? json : json.slice(headEnd);
  // split + join, not replaceAll: join copies into one new flat string, where replaceAll's
  // result is a tree of slices that keeps the whole unpacked JSON alive beneath it.
  if (id !== "") body = body.split(id).join(ID);
  if (contextId) body = body.split(contextId).join(CONTEXT);
  // Joining two parts copies as well, so a body that is still a slice of the JSON lets it go.
  return headEnd < 0 ? body : [head, body].join("");
}

/** A fresh copy of the task `packed` holds, given what it was packed with. */
export function unpackTask(
  packed: string,
  id: string,
  contextId: string | undefined,
  state: string,
  timestampMs: number,
): Task {
  let json = packed;
  if (packed.startsWith(HEAD_TIME)) {
    const time = isoTime(timestampMs) as string;
    json = `${OPENING}${state}","timestamp":"${time}"${packed.slice(1)}`;
  } else if (packed.startsWith(HEAD_STATE)) {
    json = `${OPENING}${state}"${packed.slice(1)}`;
  }
  if (contextId !== undefined) json = json.replaceAll(CONTEXT, contextId);
  return JSON.parse(json.replaceAll(ID, id)) as Task;
}

/** The index after `part` when `json` has it at `at` (and `at` is not -1), else -1. */
function after(json: string, at: number, part: string): number {
  return at >= 0 && json.startsWith(part, at) ? at + part.length : -1;
}
