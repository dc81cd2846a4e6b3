/**
 * The JSON text of objects already stringified once, so one object is not stringified twice in
 * one call: the in-memory task store packs a finished task from its JSON, and the answer to the
 * SendMessage that finished it is that same task. Only objects nobody changes any more are
 * remembered (a finished task is never written again), and only while something else holds them.
 */
const texts = new WeakMap<object, string>();

/**
 * `JSON.stringify(value)`, remembered while `value` lives: when the answer to a call carries this
 * same object, the binding writes this text instead of stringifying it again. For a task store
 * that writes snapshots as JSON: pass a snapshot nothing will change any more (a terminal one),
 * as the handler answers a blocking SendMessage with the object it gave the store.
 */
export function stringifyOnce(value: object): string {
  const text = JSON.stringify(value);
  texts.set(value, text);
  return text;
}

/**
 * `JSON.stringify(value)` for a plain object, taking the text remembered for any of its members.
 */
export function jsonText(value: unknown): string {
  if (
    value === null ||
    typeof value !== "object" ||
    Array.isArray(value) ||
    Object.getPrototypeOf(value) !== Object.prototype ||
    "toJSON" in value
  ) {
    return JSON.stringify(value);
  }
  let text = "";
  const record = value as Record<string, unknown>;
  for (const key in record) {
    const member = record[key];
    const known = typeof member === "object" && member !== null ? texts.get(member) : undefined;
    const memberText = known ?? JSON.stringify(member);
    // JSON.stringify leaves out members it cannot write (undefined, functions, symbols).
    if (memberText === undefined) continue;
    text += `${text === "" ? "{" : ","}${JSON.stringify(key)}:${memberText}`;
  }
  return text === "" ? "{}" : `${text}}`;
}
