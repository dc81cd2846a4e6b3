import type {
  ListTaskPushNotificationConfigsRequest,
  ListTaskPushNotificationConfigsResponse,
  MethodName,
} from "@a2akit/types";
import type { A2ARequestHandler, CallContext } from "../handler/types.js";
import { OPERATIONS } from "../http/operations.js";

/** Runs a non-streaming operation. A v0.3 push config list has no paging: gather every page. */
export async function invokeV03(
  handler: A2ARequestHandler,
  translated: { method: MethodName; params: unknown },
  ctx: CallContext,
): Promise<unknown> {
  if (translated.method !== "ListTaskPushNotificationConfigs") {
    return OPERATIONS[translated.method].invoke(handler, translated.params, ctx);
  }
  const request = translated.params as ListTaskPushNotificationConfigsRequest;
  const configs: ListTaskPushNotificationConfigsResponse["configs"] = [];
  let pageToken: string | undefined;
  for (;;) {
    const page = await handler.listTaskPushNotificationConfigs({ ...request, pageToken }, ctx);
    configs.push(...(page.configs ?? []));
    if (!page.nextPageToken || page.nextPageToken === pageToken) break;
    pageToken = page.nextPageToken;
  }
  return { configs };
}
