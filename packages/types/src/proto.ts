import { z } from "zod";

/**
 * A small layer over zod that describes proto messages the way ProtoJSON sees them.
 *
 * Each message records, per field, how it is present on the wire. Parsing uses it to accept the
 * snake_case proto names beside the lowerCamelCase JSON names; serializing (see `serialize.ts`)
 * uses it to apply the presence rules: plain proto3 fields at their default are omitted,
 * `optional` fields and REQUIRED fields are always emitted when set, and opaque JSON (Struct,
 * Value) is copied untouched.
 */

/** How a field is present on the wire. */
export type FieldPresence =
  /** REQUIRED in the spec: always emitted, even when empty. */
  | "required"
  /** Declared `optional` in the proto: emitted whenever set, even to a default. */
  | "explicit"
  /** A plain proto3 field: omitted at its default (`""`, `0`, `false`, `[]`, `{}`). */
  | "implicit"
  /** A member of a oneof group: emitted whenever set. */
  | "oneof";

/** Per-message description used by the serializer. */
export interface MessageInfo {
  readonly name: string;
  readonly fields: Readonly<Record<string, FieldPresence>>;
  /** Fields holding opaque JSON (Struct / Value / map of scalars): copied as they are. */
  readonly opaque: ReadonlySet<string>;
  /** Fields that are maps of messages: values are serialized, keys are kept. */
  readonly messageMaps: ReadonlySet<string>;
}

const infos = new WeakMap<z.ZodType, MessageInfo>();

/** Returns the message description for a schema built with {@link message}, if any. */
export function messageInfo(schema: z.ZodType): MessageInfo | undefined {
  return infos.get(schema);
}

/** A field declaration: its zod schema and how it is present on the wire. */
export interface FieldDecl<T extends z.ZodType = z.ZodType> {
  readonly schema: T;
  readonly presence: FieldPresence;
  readonly opaque: boolean;
  readonly messageMap: boolean;
}

/** A REQUIRED field. */
export function required<T extends z.ZodType>(schema: T): FieldDecl<T> {
  return { schema, presence: "required", opaque: false, messageMap: false };
}
/** A plain proto3 field (implicit presence). */
export function field<T extends z.ZodType>(schema: T): FieldDecl<z.ZodOptional<T>> {
  return { schema: schema.optional(), presence: "implicit", opaque: false, messageMap: false };
}
/** A field declared `optional` in the proto (explicit presence). */
export function explicit<T extends z.ZodType>(schema: T): FieldDecl<z.ZodOptional<T>> {
  return { schema: schema.optional(), presence: "explicit", opaque: false, messageMap: false };
}
/** A member of a oneof group. */
export function oneofMember<T extends z.ZodType>(schema: T): FieldDecl<z.ZodOptional<T>> {
  return { schema: schema.optional(), presence: "oneof", opaque: false, messageMap: false };
}
/** Marks a field as opaque JSON, copied untouched when serializing. */
export function opaque<T extends z.ZodType>(decl: FieldDecl<T>): FieldDecl<T> {
  return { ...decl, opaque: true };
}
/** Marks a field as a map whose values are messages. */
export function messageMap<T extends z.ZodType>(decl: FieldDecl<T>): FieldDecl<T> {
  return { ...decl, messageMap: true };
}

type Shape<D extends Record<string, FieldDecl>> = { [K in keyof D]: D[K]["schema"] };

/** A oneof group: its members and whether one of them must be set. */
export interface OneofGroup {
  readonly name: string;
  readonly members: readonly string[];
  /** When true, exactly one member must be set; otherwise at most one. */
  readonly required: boolean;
}

/** Options of {@link message}: its oneof groups. */
export interface MessageOptions {
  readonly oneofs?: readonly OneofGroup[];
}

function camelToSnake(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/**
 * Declares a proto message. The result is a zod schema whose output type has the JSON
 * (lowerCamelCase) field names; unknown fields are dropped, as ProtoJSON parsers ignore them.
 */
export function message<D extends Record<string, FieldDecl>>(
  name: string,
  decls: D,
  options: MessageOptions = {},
): z.ZodType<z.output<z.ZodObject<Shape<D>>>, unknown> {
  const shape = {} as Record<string, z.ZodType>;
  const fields: Record<string, FieldPresence> = {};
  const opaqueFields = new Set<string>();
  const maps = new Set<string>();
  const snakeToCamel = new Map<string, string>();
  for (const [key, decl] of Object.entries(decls)) {
    shape[key] = decl.schema;
    fields[key] = decl.presence;
    if (decl.opaque) opaqueFields.add(key);
    if (decl.messageMap) maps.add(key);
    const snake = camelToSnake(key);
    if (snake !== key) snakeToCamel.set(snake, key);
  }

  // ProtoJSON parsers accept the proto field name too. Only this message's own keys are
  // renamed, so user data inside Struct fields is never touched.
  const normalize = (input: unknown): unknown => {
    if (snakeToCamel.size === 0 || input === null || typeof input !== "object") return input;
    if (Array.isArray(input)) return input;
    let out: Record<string, unknown> | undefined;
    for (const key of Object.keys(input)) {
      const camel = snakeToCamel.get(key);
      if (camel === undefined) continue;
      out ??= { ...(input as Record<string, unknown>) };
      // The JSON name wins when both spellings are present.
      if (!(camel in out)) out[camel] = out[key];
      delete out[key];
    }
    return out ?? input;
  };

  let object: z.ZodType = z.object(shape);
  const oneofs = options.oneofs ?? [];
  if (oneofs.length > 0) {
    object = object.superRefine((value, ctx) => {
      const v = value as Record<string, unknown>;
      for (const group of oneofs) {
        const set = group.members.filter((m) => v[m] !== undefined);
        if (set.length > 1 || (group.required && set.length === 0)) {
          ctx.addIssue({
            code: "custom",
            message: `exactly one of ${group.members.join(", ")} must be set${
              set.length > 1 ? ` (got ${set.join(", ")})` : ""
            }`,
            path: [],
          });
        }
      }
    });
  }
  const schema = z.preprocess(normalize, object) as unknown as z.ZodType<
    z.output<z.ZodObject<Shape<D>>>,
    unknown
  >;
  const info: MessageInfo = { name, fields, opaque: opaqueFields, messageMaps: maps };
  infos.set(schema, info);
  return schema;
}

/**
 * A proto enum: the wire names are the values; on input the integer form is accepted too, as
 * ProtoJSON allows.
 */
export function protoEnum<const V extends readonly [string, ...string[]]>(values: V) {
  const names = z.enum(values);
  return z.preprocess((input) => {
    if (typeof input === "number" && Number.isInteger(input) && input >= 0) {
      return values[input] ?? input;
    }
    return input;
  }, names) as unknown as z.ZodType<V[number], unknown>;
}

/** google.protobuf.Struct: any JSON object. */
export const Struct = z.record(z.string(), z.unknown());
/** google.protobuf.Value: any JSON value. */
export const Value = z.unknown().refine((v) => v !== undefined, "a JSON value is required");

// ISO 8601 in UTC ending in Z, with 0 to 9 fraction digits (§5.6.1).
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/;

/** google.protobuf.Timestamp: an RFC 3339 string in UTC (`...Z`). */
export const Timestamp = z
  .string()
  .regex(TIMESTAMP, "must be an ISO 8601 UTC timestamp such as 2025-10-28T10:30:00.000Z")
  // Date.parse rolls impossible dates over (Feb 30 becomes Mar 2, 24:00 the next day), so the
  // parsed instant must print back as the same calendar date and time.
  .refine((s) => {
    const ms = Date.parse(s);
    return !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 19) === s.slice(0, 19);
  }, "is not a valid date")
  // The proto's range starts at 0001-01-01; the four-digit pattern already ends it at 9999.
  .refine((s) => !s.startsWith("0000-"), "is before 0001-01-01, the earliest Timestamp");

const BASE64 = /^[A-Za-z0-9+/_-]*={0,2}$/;

/**
 * `bytes`: base64 on the wire. Standard and URL-safe alphabets are accepted; the parsed value is
 * normalized to standard base64 with padding, which is also what is emitted.
 */
export const Bytes = z
  .string()
  .regex(BASE64, "must be base64")
  .transform((s) => {
    const std = s.replace(/-/g, "+").replace(/_/g, "/").replace(/=+$/, "");
    const pad = (4 - (std.length % 4)) % 4;
    return pad === 3 ? std : std + "=".repeat(pad);
  })
  .refine((s) => s.length % 4 === 0, "is not valid base64 (bad length)");

/** int32 as ProtoJSON writes it: a number, or a decimal string on input. */
export const Int32 = z.preprocess(
  (v) => (typeof v === "string" && /^-?\d+$/.test(v) ? Number(v) : v),
  z.number().int().min(-2147483648).max(2147483647),
) as unknown as z.ZodType<number, unknown>;
