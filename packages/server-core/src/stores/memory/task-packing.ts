import type { Task } from "@a2akit/types";
import { isoTime } from "../../iso-time.js";

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
const HEAD_STATE_CODE = HEAD_STATE.charCodeAt(0);
const HEAD_TIME_CODE = HEAD_TIME.charCodeAt(0);
const OPENING = `{"id":"${ID}","contextId":"${CONTEXT}","status":{"state":"`;

/**
 * Packs a task whose `status.timestamp` reads as `timestampMs` (0 when it has none), from its
 * JSON when the caller has it; {@link unpackTask} with the task's ids, state and that time gives
 * back an equal copy.
 */
export function packTask(task: Task, timestampMs: number, json = JSON.stringify(task)): string {
  const { id, contextId } = task;
  // One pass over the JSON, the opening and both ids at once, into parts joined at the end:
  // join copies them into one new flat string, where slices or replaceAll's result would keep
  // the whole unpacked JSON alive beneath the packed one.
  const parts: string[] = [];
  let at = 0;
  if (contextId !== undefined) {
    const afterState = endOfOpening(json, task);
    const afterTime = afterState < 0 ? -1 : endOfTimestamp(json, afterState, timestampMs);
    if (afterTime >= 0) {
      parts.push(HEAD_TIME);
      at = afterTime;
    } else if (afterState >= 0) {
      parts.push(HEAD_STATE);
      at = afterState;
    }
  }
  let nextId = id === "" ? -1 : json.indexOf(id, at);
  let nextContext = contextId ? json.indexOf(contextId, at) : -1;
  while (nextId >= 0 || nextContext >= 0) {
    const isId = nextContext < 0 || (nextId >= 0 && nextId <= nextContext);
    const found = isId ? nextId : nextContext;
    parts.push(json.slice(at, found), isId ? ID : CONTEXT);
    at = found + (isId ? id : (contextId as string)).length;
    if (nextId >= 0 && nextId < at) nextId = json.indexOf(id, at);
    if (nextContext >= 0 && nextContext < at) nextContext = json.indexOf(contextId as string, at);
  }
  if (parts.length === 0) return json;
  parts.push(json.slice(at));
  return parts.join("");
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
  const first = packed.charCodeAt(0);
  if (first === HEAD_TIME_CODE) {
    const time = isoTime(timestampMs) as string;
    json = `${OPENING}${state}","timestamp":"${time}"${packed.slice(1)}`;
  } else if (first === HEAD_STATE_CODE) {
    json = `${OPENING}${state}"${packed.slice(1)}`;
  }
  if (contextId !== undefined) json = json.replaceAll(CONTEXT, contextId);
  return JSON.parse(json.replaceAll(ID, id)) as Task;
}

/** Where the opening up to the state ends in `json`, or -1 when it does not open that way. */
function endOfOpening(json: string, task: Task): number {
  let at = after(json, 0, '{"id":"');
  at = after(json, at, task.id);
  at = after(json, at, '","contextId":"');
  at = after(json, at, task.contextId as string);
  at = after(json, at, '","status":{"state":"');
  at = after(json, at, task.status.state);
  return after(json, at, '"');
}

/**
 * Where a timestamp at `at` ends, when it is `timestampMs` written as toISOString writes it
 * (so it can be written again from the number alone), else -1.
 */
function endOfTimestamp(json: string, at: number, timestampMs: number): number {
  const time = isoTime(timestampMs);
  if (time === undefined) return -1;
  return after(json, after(json, after(json, at, ',"timestamp":"'), time), '"');
}

/** The index after `part` when `json` has it at `at` (and `at` is not -1), else -1. */
function after(json: string, at: number, part: string): number {
  // indexOf, not startsWith(part, at): the same answer here, in a third of the time on V8.
  return at >= 0 && json.indexOf(part, at) === at ? at + part.length : -1;
}
