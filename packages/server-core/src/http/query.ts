import type { MethodName, ValidationIssue } from "@a2akit/types";

type Kind = "string" | "integer" | "boolean";

// The query-string fields of each GET/DELETE route (§11.5); everything else in the query
// (such as A2A-Version) is not part of the request message and is ignored.
const FIELDS: Partial<Record<MethodName, Record<string, Kind>>> = {
  GetTask: { historyLength: "integer" },
  ListTasks: {
    contextId: "string",
    status: "string",
    pageSize: "integer",
    pageToken: "string",
    historyLength: "integer",
    statusTimestampAfter: "string",
    includeArtifacts: "boolean",
  },
  ListTaskPushNotificationConfigs: { pageSize: "integer", pageToken: "string" },
};

/**
 * Reads an operation's fields from the query string: camelCase (snake_case accepted), booleans
 * as `true`/`false`, numbers in decimal. Enum names and timestamps stay strings for the schema
 * to check. Values
 * that are not even of the right kind are returned as issues, named by field.
 */
export function queryFields(
  method: MethodName,
  params: URLSearchParams,
): { fields: Record<string, unknown>; issues: ValidationIssue[] } {
  const fields = FIELDS[method] ?? {};
  const out: Record<string, unknown> = {};
  const issues: ValidationIssue[] = [];
  for (const key of new Set(params.keys())) {
    const name = key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
    const kind = fields[name];
    if (kind === undefined) continue;
    const values = params.getAll(key);
    if (values.length > 1 || name in out) {
      issues.push({ path: name, message: "must be given once" });
      continue;
    }
    const raw = values[0]!;
    if (kind === "string") out[name] = raw;
    else if (kind === "integer") {
      if (/^-?\d{1,10}$/.test(raw)) out[name] = Number(raw);
      else issues.push({ path: name, message: `must be an integer, got ${JSON.stringify(raw)}` });
    } else if (raw === "true" || raw === "false") out[name] = raw === "true";
    else issues.push({ path: name, message: `must be true or false, got ${JSON.stringify(raw)}` });
  }
  return { fields: out, issues };
}
