import { z } from "zod";

type Obj = Record<string, unknown>;

function isObject(v: unknown): v is Obj {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

/**
 * Accepts an object whose `kind` is missing where its position already says what it is (a
 * message in `params.message`, a task's history …), as a2a-python does and as several examples
 * of the v0.3 specification assume. Converters always write `kind`.
 */
export function impliedKind<S extends z.ZodType>(kind: string, schema: S) {
  return z.preprocess(
    (v) => (isObject(v) && v.kind === undefined ? { ...v, kind } : v),
    schema,
  ) as unknown as z.ZodType<z.output<S>, unknown>;
}

/**
 * Accepts a member of a `kind`-discriminated union without its `kind`, when exactly one member's
 * telltale field is present (e.g. `text` for a text part, `artifact` for an artifact update).
 */
export function inferredKind<S extends z.ZodType>(
  telltales: readonly (readonly [kind: string, test: (v: Obj) => boolean])[],
  schema: S,
) {
  return z.preprocess((v) => {
    if (!isObject(v) || v.kind !== undefined) return v;
    const hits = telltales.filter(([, test]) => test(v));
    return hits.length === 1 ? { ...v, kind: hits[0]?.[0] } : v;
  }, schema) as unknown as z.ZodType<z.output<S>, unknown>;
}
