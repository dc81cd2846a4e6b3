import type { z } from "zod";
import { InvalidParamsError } from "./errors.js";

/** One problem found while parsing: where (a JSON path such as `message.parts[0]`) and what. */
export interface ValidationIssue {
  readonly path: string;
  readonly message: string;
}

/** The outcome of {@link parse}: the typed value, or every problem found. */
export type ParseResult<T> =
  | { readonly success: true; readonly data: T }
  | { readonly success: false; readonly issues: readonly ValidationIssue[] };

/** Formats a zod path as a JSON path: `message.parts[0].text`. */
export function formatPath(path: readonly PropertyKey[], prefix = ""): string {
  let out = prefix;
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else out += out === "" ? String(key) : `.${String(key)}`;
  }
  return out;
}

/** Converts zod issues to {@link ValidationIssue}s, with paths under `prefix`. */
export function toIssues(error: z.ZodError, prefix = ""): ValidationIssue[] {
  return error.issues.map((issue) => ({
    path: formatPath(issue.path, prefix) || "(root)",
    message: describe(issue),
  }));
}

function describe(issue: z.core.$ZodIssue): string {
  // zod says "Invalid input: expected string, received undefined" for a missing key.
  if (issue.code === "invalid_type" && issue.message.endsWith("received undefined")) {
    return "is required";
  }
  return issue.message;
}

/**
 * Parses `input` with one of this package's schemas. Never throws; on failure it lists every
 * problem with its path.
 */
export function parse<S extends z.ZodType>(
  schema: S,
  input: unknown,
  options: { pathPrefix?: string } = {},
): ParseResult<z.output<S>> {
  const result = schema.safeParse(input);
  if (result.success) return { success: true, data: result.data };
  return { success: false, issues: toIssues(result.error, options.pathPrefix) };
}

/**
 * Parses `input` or throws an {@link InvalidParamsError} whose details name every bad field,
 * ready to send back as a JSON-RPC invalid-params error or a REST 400.
 */
export function parseOrThrow<S extends z.ZodType>(
  schema: S,
  input: unknown,
  options: { pathPrefix?: string; what?: string } = {},
): z.output<S> {
  const result = parse(schema, input, options);
  if (result.success) return result.data;
  throw InvalidParamsError.fromIssues(result.issues, options.what);
}
