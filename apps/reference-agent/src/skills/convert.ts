import type { Message } from "@a2akit/types";
import { commandText, dataObjects, type Skill, userMessages } from "./types.js";
import { convert as convertValue, findUnit, type Unit, unitIds } from "./units.js";

/** What the conversation has told us so far. */
interface Request {
  value?: number;
  from?: Unit;
  to?: Unit;
  /** Words of the latest message that looked like units but are not in the table. */
  unknown: string[];
}

const NUMBER = /^-?\d+(?:\.\d+)?$/;
/** Words after which a unit is expected. */
const UNIT_LEAD = new Set(["to", "in", "into"]);

/**
 * Converts a value between units of the fixed table, from text (`10 km to mi`) or a data part
 * (`{value, from, to}`). Whatever is missing is asked for with INPUT_REQUIRED; every message
 * of the task adds to the request, so `10 km` then `mi` works.
 */
export const convert: Skill = async (ctx, task) => {
  const req: Request = { unknown: [] };
  for (const message of userMessages(ctx)) absorb(req, message);

  if (req.unknown.length > 0) {
    await task.inputRequired(
      `I don't know the unit ${req.unknown.map((w) => `"${w}"`).join(", ")}. Known units: ${unitIds()}.`,
    );
    return;
  }
  if (req.value === undefined) {
    await task.inputRequired(
      `What should I convert? Say it like "10 km to mi" (units: ${unitIds()}).`,
    );
    return;
  }
  if (!req.from) {
    await task.inputRequired(`${req.value} of what? Known units: ${unitIds()}.`);
    return;
  }
  if (!req.to) {
    await task.inputRequired(
      `Convert ${req.value} ${req.from.id} to what? (${unitIds(req.from.kind)})`,
    );
    return;
  }
  if (req.to.kind !== req.from.kind) {
    await task.inputRequired(
      `${req.from.id} is a ${req.from.kind} unit and ${req.to.id} a ${req.to.kind} unit. ` +
        `Which ${req.from.kind} unit should I convert to? (${unitIds(req.from.kind)})`,
    );
    return;
  }
  const result = convertValue(req.value, req.from, req.to);
  const line = `${req.value} ${req.from.id} = ${result} ${req.to.id}`;
  const note = req.from.kind === "currency" ? " (fictional currencies, fixed rates)" : "";
  await task.artifact({
    name: "conversion",
    parts: [
      {
        data: { value: req.value, from: req.from.id, to: req.to.id, result, kind: req.from.kind },
        mediaType: "application/json",
      },
      { text: line + note },
    ],
  });
  await task.complete(line);
};

/** Folds one message into the request: data parts first, then the words of its text. */
function absorb(req: Request, message: Message): void {
  req.unknown = [];
  for (const data of dataObjects(message)) {
    const value = typeof data.value === "string" ? Number(data.value) : data.value;
    if (typeof value === "number" && Number.isFinite(value)) req.value = value;
    for (const key of ["from", "to"] as const) {
      if (typeof data[key] !== "string") continue;
      const unit = findUnit(data[key] as string);
      if (unit) req[key] = unit;
      else req.unknown.push(data[key] as string);
    }
  }
  const words = commandText(message)
    .replace(/(-?\d+(?:\.\d+)?)([a-z°]+)/gi, "$1 $2")
    .split(/[\s,]+/)
    .filter((w) => w.length > 0);
  let previous = "";
  for (const word of words) {
    const current = previous;
    previous = word;
    if (NUMBER.test(word)) {
      req.value = Number(word);
      continue;
    }
    const unit = findUnit(word);
    if (unit) {
      // The first unit named is the source; any later one is the target.
      if (!req.from) req.from = unit;
      else req.to = unit;
    } else if (NUMBER.test(current) || UNIT_LEAD.has(current.toLowerCase())) {
      // Only words where a unit belongs count as unknown units; other words are chatter.
      req.unknown.push(word);
    }
  }
}
