import type { z } from "zod";
import { type MessageInfo, messageInfo } from "./proto.js";

/**
 * Turns a parsed (or hand-built) value into its ProtoJSON form, following the presence rules:
 * plain proto3 fields at their default are dropped, `optional` and REQUIRED fields are kept
 * when set, oneof members are kept, Struct and Value contents are copied as they are, and
 * `undefined` never reaches the output.
 */
export function toJson<S extends z.ZodType>(schema: S, value: z.output<S>): unknown {
  return write(schema, value);
}

function write(schema: z.ZodType, value: unknown): unknown {
  const info = messageInfo(schema);
  if (info) return writeMessage(info, objectShape(schema), value as Record<string, unknown>);
  return value;
}

function writeMessage(
  info: MessageInfo,
  shape: Record<string, z.ZodType>,
  value: Record<string, unknown>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(info.fields)) {
    const v = value[key];
    if (v === undefined) continue;
    const presence = info.fields[key];
    if (info.opaque.has(key)) {
      if (presence === "implicit" && isDefault(v)) continue;
      out[key] = v;
      continue;
    }
    const inner = unwrap(shape[key] as z.ZodType);
    // A singular message field has presence in proto3 even when every field in it is at its
    // default, so `configuration: {}` survives while `history: []` does not.
    const singularMessage = !Array.isArray(v) && messageInfo(inner) !== undefined;
    if (presence === "implicit" && !singularMessage && isDefault(v)) continue;
    if (info.messageMaps.has(key)) {
      const valueSchema = recordValue(inner);
      const m: Record<string, unknown> = {};
      for (const [k, item] of Object.entries(v as Record<string, unknown>)) {
        m[k] = valueSchema ? write(valueSchema, item) : item;
      }
      out[key] = m;
    } else if (Array.isArray(v)) {
      const element = arrayElement(inner);
      out[key] = element ? v.map((item) => write(element, item)) : v;
    } else {
      out[key] = write(inner, v);
    }
  }
  return out;
}

function isDefault(v: unknown): boolean {
  if (v === "" || v === 0 || v === false || v === null) return true;
  if (Array.isArray(v)) return v.length === 0;
  if (typeof v === "object") return Object.keys(v as object).length === 0;
  return false;
}

// --- zod 4 schema introspection, kept in one place -------------------------------------------

interface Def {
  type: string;
  innerType?: z.ZodType;
  in?: z.ZodType;
  out?: z.ZodType;
  element?: z.ZodType;
  valueType?: z.ZodType;
  schema?: z.ZodType;
  shape?: Record<string, z.ZodType>;
}

function def(schema: z.ZodType): Def {
  return (schema as unknown as { _zod: { def: Def } })._zod.def;
}

const shapes = new WeakMap<z.ZodType, Record<string, z.ZodType>>();

/** The object shape inside a message schema (preprocess pipe, possibly refined). */
function objectShape(schema: z.ZodType): Record<string, z.ZodType> {
  let shape = shapes.get(schema);
  if (shape) return shape;
  let s: z.ZodType | undefined = schema;
  while (s) {
    const d = def(s);
    if (d.type === "object") {
      shape = d.shape ?? (s as unknown as { shape: Record<string, z.ZodType> }).shape;
      break;
    }
    s = d.type === "pipe" ? d.out : (d.innerType ?? d.schema);
  }
  shape ??= {};
  shapes.set(schema, shape);
  return shape;
}

/** Strips optional wrappers, so a field schema leads to its message, array or record. */
function unwrap(schema: z.ZodType): z.ZodType {
  let s = schema;
  for (;;) {
    if (messageInfo(s)) return s;
    const d = def(s);
    if (d.type === "optional" || d.type === "nullable" || d.type === "default") {
      s = d.innerType!;
    } else {
      return s;
    }
  }
}

function arrayElement(schema: z.ZodType): z.ZodType | undefined {
  const d = def(schema);
  return d.type === "array" ? d.element : undefined;
}

function recordValue(schema: z.ZodType): z.ZodType | undefined {
  const d = def(schema);
  return d.type === "record" ? d.valueType : undefined;
}
