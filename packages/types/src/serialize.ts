import type { z } from "zod";
import { messageInfo } from "./proto.js";

/**
 * Turns a parsed (or hand-built) value into its ProtoJSON form, following the presence rules:
 * plain proto3 fields at their default are dropped, `optional` and REQUIRED fields are kept
 * when set, oneof members are kept, Struct and Value contents are copied as they are, and
 * `undefined` never reaches the output.
 */
export function toJson<S extends z.ZodType>(schema: S, value: z.output<S>): unknown {
  return write(schema, value);
}

/**
 * As {@link toJson}, but returns `value` itself when it is already in ProtoJSON form: no field
 * at a default that the form drops, no `undefined`, no key the schema lacks. Values this SDK
 * builds usually are, so a stream's events and a call's result are serialized without first
 * being copied. The result may be `value`: serialize it, never change it.
 */
export function toJsonShared<S extends z.ZodType>(schema: S, value: z.output<S>): unknown {
  const plan = planOf(schema);
  if (!plan) return value;
  const record = value as Record<string, unknown>;
  return isWritten(plan, record) ? record : writeMessage(plan, record);
}

function write(schema: z.ZodType, value: unknown): unknown {
  const plan = planOf(schema);
  return plan ? writeMessage(plan, value as Record<string, unknown>) : value;
}

/** How to write one field, worked out once per schema (every event on a stream reuses it). */
interface FieldPlan {
  key: string;
  implicit: boolean;
  opaque: boolean;
  /** The field's schema without optional wrappers; undefined when the shape lacks the field. */
  inner: z.ZodType | undefined;
  innerIsMessage: boolean;
  /** For a map of messages: the value schema (undefined copies values as they are). */
  map: { value: z.ZodType | undefined } | undefined;
  /** For a repeated field: the element schema (undefined copies the array as it is). */
  element: z.ZodType | undefined;
}

/** A message's fields in declaration order (the order `toJson` writes them), and by key. */
interface MessagePlan {
  fields: FieldPlan[];
  byKey: Map<string, FieldPlan>;
}

const plans = new WeakMap<z.ZodType, MessagePlan | null>();

function planOf(schema: z.ZodType): MessagePlan | undefined {
  const known = plans.get(schema);
  if (known !== undefined) return known ?? undefined;
  const info = messageInfo(schema);
  if (!info) {
    plans.set(schema, null);
    return undefined;
  }
  const shape = objectShape(schema);
  const plan = Object.keys(info.fields).map((key): FieldPlan => {
    const field = shape[key];
    const inner = field ? unwrap(field) : undefined;
    return {
      key,
      implicit: info.fields[key] === "implicit",
      opaque: info.opaque.has(key),
      inner,
      innerIsMessage: inner !== undefined && messageInfo(inner) !== undefined,
      map: inner && info.messageMaps.has(key) ? { value: recordValue(inner) } : undefined,
      element: inner ? arrayElement(inner) : undefined,
    };
  });
  const planned: MessagePlan = { fields: plan, byKey: new Map(plan.map((f) => [f.key, f])) };
  plans.set(schema, planned);
  return planned;
}

function writeMessage(plan: MessagePlan, value: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of plan.fields) {
    const v = value[field.key];
    if (v === undefined) continue;
    if (field.opaque) {
      if (field.implicit && isDefault(v)) continue;
      out[field.key] = v;
      continue;
    }
    const inner = field.inner;
    if (!inner) throw new TypeError(`Field ${field.key} is declared but has no schema`);
    // A singular message field has presence in proto3 even when every field in it is at its
    // default, so `configuration: {}` survives while `history: []` does not.
    const singularMessage = !Array.isArray(v) && field.innerIsMessage;
    if (field.implicit && !singularMessage && isDefault(v)) continue;
    if (field.map) {
      const valueSchema = field.map.value;
      const m: Record<string, unknown> = {};
      for (const [k, item] of Object.entries(v as Record<string, unknown>)) {
        m[k] = valueSchema ? write(valueSchema, item) : item;
      }
      out[field.key] = m;
    } else if (Array.isArray(v)) {
      const element = field.element;
      out[field.key] = element ? v.map((item) => write(element, item)) : v;
    } else {
      out[field.key] = write(inner, v);
    }
  }
  return out;
}

/**
 * Whether `writeMessage` would write `value` unchanged (up to key order): the same checks, key
 * by key of the value rather than field by field of the schema, without building anything.
 */
function isWritten(plan: MessagePlan, value: Record<string, unknown>): boolean {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  for (const key in value) {
    const field = plan.byKey.get(key);
    if (!field) return false;
    const v = value[key];
    if (v === undefined) return false;
    if (field.opaque) {
      if (field.implicit && isDefault(v)) return false;
      continue;
    }
    const inner = field.inner;
    if (!inner) return false;
    const singularMessage = !Array.isArray(v) && field.innerIsMessage;
    if (field.implicit && !singularMessage && isDefault(v)) return false;
    if (field.map) {
      const valuePlan = field.map.value && planOf(field.map.value);
      if (valuePlan) {
        const m = v as Record<string, unknown>;
        for (const k in m) if (!isWritten(valuePlan, m[k] as Record<string, unknown>)) return false;
      }
    } else if (Array.isArray(v)) {
      const elementPlan = field.element && planOf(field.element);
      if (elementPlan) {
        for (const item of v) if (!isWritten(elementPlan, item)) return false;
      }
    } else {
      const innerPlan = planOf(inner);
      if (innerPlan && !isWritten(innerPlan, v as Record<string, unknown>)) return false;
    }
  }
  return true;
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
