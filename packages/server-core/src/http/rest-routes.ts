import { InvalidRequestError, type MethodName } from "@a2akit/types";

/** A matched HTTP+JSON route: the operation and the values taken from the path. */
export interface RestRoute {
  readonly method: MethodName;
  /** Path values; they beat the same fields in the body. */
  readonly pathValues: Readonly<Record<string, string>>;
}

/** The outcome of matching: a route, a known path with the wrong verb, or nothing. */
export type RestMatch =
  | { readonly kind: "route"; readonly route: RestRoute }
  | { readonly kind: "wrong-method"; readonly allow: readonly string[] }
  | undefined;

type Verbs = Partial<Record<string, RestRoute>>;

/**
 * Matches the path below the REST base against the routes of the spec (§11.3), on whole
 * segments. Fixed routes win over a tenant prefix, so `/tasks/x` is GetTask, not a tenant
 * named `tasks`; only a path that matches no fixed route is tried as `/{tenant}/...`.
 */
export function matchRestRoute(rawSegments: readonly string[], httpMethod: string): RestMatch {
  let verbs = matchFixed(rawSegments, {});
  if (!verbs && rawSegments.length > 1 && rawSegments[0] !== "") {
    const rest = rawSegments.slice(1);
    if (matchFixed(rest, {}))
      verbs = matchFixed(rest, { tenant: decode(rawSegments[0]!, "tenant") });
  }
  if (!verbs) return undefined;
  const method = httpMethod === "HEAD" ? "GET" : httpMethod;
  const route = verbs[method];
  if (route) return { kind: "route", route };
  return { kind: "wrong-method", allow: Object.keys(verbs) };
}

function matchFixed(seg: readonly string[], base: Record<string, string>): Verbs | undefined {
  const route = (method: MethodName, values: Record<string, string> = {}): RestRoute => ({
    method,
    pathValues: { ...base, ...values },
  });
  const [a, b, c, d] = seg.map((s, i) => (i === 0 || i === 2 ? safeDecode(s) : s));
  if (seg.length === 1) {
    if (a === "message:send") return { POST: route("SendMessage") };
    if (a === "message:stream") return { POST: route("SendStreamingMessage") };
    if (a === "tasks") return { GET: route("ListTasks") };
    if (a === "extendedAgentCard") return { GET: route("GetExtendedAgentCard") };
    return undefined;
  }
  if (a !== "tasks" || b === undefined || b === "") return undefined;
  if (seg.length === 2) {
    // Colons are literal in these paths; the verb follows the LAST one. A suffix that is not a
    // verb belongs to the id, and an encoded colon (%3A) never splits.
    const colon = b.lastIndexOf(":");
    const verb = colon >= 0 ? b.slice(colon + 1) : "";
    const id = colon > 0 ? decode(b.slice(0, colon), "id") : "";
    if (verb === "cancel" && id !== "") return { POST: route("CancelTask", { id }) };
    if (verb === "subscribe" && id !== "") {
      const subscribe = route("SubscribeToTask", { id });
      return { GET: subscribe, POST: subscribe };
    }
    return { GET: route("GetTask", { id: decode(b, "id") }) };
  }
  if (c !== "pushNotificationConfigs") return undefined;
  const taskId = decode(b, "taskId");
  if (seg.length === 3) {
    return {
      POST: route("CreateTaskPushNotificationConfig", { taskId }),
      GET: route("ListTaskPushNotificationConfigs", { taskId }),
    };
  }
  if (seg.length === 4 && d !== undefined && d !== "") {
    const id = decode(d, "id");
    return {
      GET: route("GetTaskPushNotificationConfig", { taskId, id }),
      DELETE: route("DeleteTaskPushNotificationConfig", { taskId, id }),
    };
  }
  return undefined;
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** Decodes one path value; bad percent-encoding is the client's error, not a missing route. */
function decode(segment: string, field: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new InvalidRequestError(
      `Path segment for ${field} is not valid percent-encoded UTF-8: ${JSON.stringify(segment)}`,
      { metadata: { field } },
    );
  }
}
