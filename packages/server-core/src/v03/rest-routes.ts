import { InvalidRequestError, type V03MethodName } from "@a2akit/types";

/** A matched v0.3 HTTP+JSON route: the v0.3 JSON-RPC method it stands for, and path values. */
export interface V03RestRoute {
  readonly method: V03MethodName | "tasks/list";
  readonly id?: string;
  readonly configId?: string;
}

/** A route, a known path with the wrong verb, or nothing. */
export type V03RestMatch =
  | { readonly kind: "route"; readonly route: V03RestRoute }
  | { readonly kind: "wrong-method"; readonly allow: readonly string[] }
  | undefined;

type Verbs = Partial<Record<string, V03RestRoute>>;

/**
 * Matches the path below the REST base against the v0.3 routes (`/v1/message:send`,
 * `/v1/tasks/{id}:cancel`, ... of the v0.3 specification §3.5.6), on whole segments.
 * Subscribe answers GET (the v0.3 proto's route) and POST (the specification's table).
 */
export function matchV03RestRoute(segments: readonly string[], httpMethod: string): V03RestMatch {
  const verbs = match(segments);
  if (!verbs) return undefined;
  const route = verbs[httpMethod === "HEAD" ? "GET" : httpMethod];
  if (route) return { kind: "route", route };
  return { kind: "wrong-method", allow: Object.keys(verbs) };
}

function match(seg: readonly string[]): Verbs | undefined {
  if (seg[0] !== "v1") return undefined;
  const [, a, b, c, d] = seg;
  if (seg.length === 2) {
    if (a === "message:send") return { POST: { method: "message/send" } };
    if (a === "message:stream") return { POST: { method: "message/stream" } };
    if (a === "card") return { GET: { method: "agent/getAuthenticatedExtendedCard" } };
    if (a === "tasks") return { GET: { method: "tasks/list" } };
    return undefined;
  }
  if (a !== "tasks" || b === undefined || b === "") return undefined;
  if (seg.length === 3) {
    // The verb follows the last literal colon; an encoded one (%3A) belongs to the id.
    const colon = b.lastIndexOf(":");
    const verb = colon > 0 ? b.slice(colon + 1) : "";
    if (verb === "cancel")
      return { POST: { method: "tasks/cancel", id: decode(b.slice(0, colon)) } };
    if (verb === "subscribe") {
      const route: V03RestRoute = { method: "tasks/resubscribe", id: decode(b.slice(0, colon)) };
      return { GET: route, POST: route };
    }
    return { GET: { method: "tasks/get", id: decode(b) } };
  }
  if (c !== "pushNotificationConfigs") return undefined;
  const id = decode(b);
  if (seg.length === 4) {
    return {
      POST: { method: "tasks/pushNotificationConfig/set", id },
      GET: { method: "tasks/pushNotificationConfig/list", id },
    };
  }
  if (seg.length === 5 && d !== undefined && d !== "") {
    const configId = decode(d);
    return {
      GET: { method: "tasks/pushNotificationConfig/get", id, configId },
      DELETE: { method: "tasks/pushNotificationConfig/delete", id, configId },
    };
  }
  return undefined;
}

/** Decodes one path value; bad percent-encoding is the client's error, not a missing route. */
function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new InvalidRequestError(
      `Path segment ${JSON.stringify(segment)} is not valid percent-encoded UTF-8`,
    );
  }
}
