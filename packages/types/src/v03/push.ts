import { z } from "zod";

/** v0.3 push authentication: a list of schemes (`Bearer`, ...) and optional credentials. */
export const V03PushNotificationAuthenticationInfo = z.object({
  schemes: z.array(z.string()),
  credentials: z.string().optional(),
});
export type V03PushNotificationAuthenticationInfo = z.output<
  typeof V03PushNotificationAuthenticationInfo
>;

/** v0.3 `PushNotificationConfig`: the webhook itself, without the task id. */
export const V03PushNotificationConfig = z.object({
  id: z.string().optional(),
  url: z.string(),
  token: z.string().optional(),
  authentication: V03PushNotificationAuthenticationInfo.optional(),
});
export type V03PushNotificationConfig = z.output<typeof V03PushNotificationConfig>;

/** v0.3 `TaskPushNotificationConfig`: `{taskId, pushNotificationConfig}`. */
export const V03TaskPushNotificationConfig = z.object({
  taskId: z.string(),
  pushNotificationConfig: V03PushNotificationConfig,
});
export type V03TaskPushNotificationConfig = z.output<typeof V03TaskPushNotificationConfig>;
