import { A2AError, InternalError, InvalidAgentResponseError, parse } from "@a2akit/types";
import { summarize } from "./errors.js";
import type { HttpResult } from "./http.js";

/** Parses a body as JSON, or throws InvalidAgentResponseError saying what came back instead. */
export function parseJsonBody(
  text: string,
  what: string,
  status: number,
  contentType: string | null,
): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const type = contentType ? `, ${contentType}` : "";
    throw new InvalidAgentResponseError(
      `${what}: the agent answered with invalid JSON (HTTP ${status}${type}): ${snippet(text)}`,
      { cause: error },
    );
  }
}

type Schema = Parameters<typeof parse>[0];
/** The parsed type a schema yields. */
export type Output<S extends Schema> = Extract<
  ReturnType<typeof parse<S>>,
  { success: true }
>["data"];

/** Validates an answer against a schema, or throws InvalidAgentResponseError naming the fields. */
export function validate<S extends Schema>(schema: S, value: unknown, what: string): Output<S> {
  const result = parse(schema, value);
  if (result.success) return result.data;
  throw new InvalidAgentResponseError(`${what}: invalid response: ${summarize(result.issues)}`);
}

/** The typed error for a failed HTTP answer whose body is not an A2A error. */
export function httpError(result: HttpResult, what: string): A2AError {
  const body = snippet(result.text);
  const message = `${what} failed: HTTP ${result.status}${result.statusText ? ` ${result.statusText}` : ""}${body ? `: ${body}` : ""}`;
  if (result.status >= 500) return new InternalError(message);
  return A2AError.fromRestError({ error: { code: result.status, message } }, result.status);
}

/** A short, single-line, tag-free excerpt of a body for error messages. */
export function snippet(text: string, max = 200): string {
  const flat = text
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, " ")
    .replace(/<[^>]*>/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

/** Splits a comma-separated header value, trimming and dropping duplicates and empties. */
export function splitList(value: string): string[] {
  return [
    ...new Set(
      value
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  ];
}

/** True for a JSON object (not null, not an array). */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
