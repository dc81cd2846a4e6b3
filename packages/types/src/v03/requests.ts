import { z } from "zod";
import { V03Message } from "./message.js";
import { V03Metadata } from "./part.js";
import { V03PushNotificationConfig } from "./push.js";

/** v0.3 `MessageSendConfiguration`. `blocking` is the opposite of v1.0 `returnImmediately`. */
export const V03MessageSendConfiguration = z.object({
  acceptedOutputModes: z.array(z.string()).optional(),
  historyLength: z.number().int().optional(),
  pushNotificationConfig: V03PushNotificationConfig.optional(),
  blocking: z.boolean().optional(),
});
export type V03MessageSendConfiguration = z.output<typeof V03MessageSendConfiguration>;

/** Params of `message/send` and `message/stream`. */
export const V03MessageSendParams = z.object({
  message: V03Message,
  configuration: V03MessageSendConfiguration.optional(),
  metadata: V03Metadata.optional(),
});
export type V03MessageSendParams = z.output<typeof V03MessageSendParams>;

/** Params of `tasks/cancel` and `tasks/resubscribe`. */
export const V03TaskIdParams = z.object({
  id: z.string(),
  metadata: V03Metadata.optional(),
});
export type V03TaskIdParams = z.output<typeof V03TaskIdParams>;

/** Params of `tasks/get`. */
export const V03TaskQueryParams = z.object({
  id: z.string(),
  historyLength: z.number().int().optional(),
  metadata: V03Metadata.optional(),
});
export type V03TaskQueryParams = z.output<typeof V03TaskQueryParams>;

/** Params of `tasks/pushNotificationConfig/get`: the config id is optional in v0.3. */
export const V03GetTaskPushNotificationConfigParams = z.object({
  id: z.string(),
  pushNotificationConfigId: z.string().optional(),
  metadata: V03Metadata.optional(),
});
export type V03GetTaskPushNotificationConfigParams = z.output<
  typeof V03GetTaskPushNotificationConfigParams
>;

/** Params of `tasks/pushNotificationConfig/list`: the task id. */
export const V03ListTaskPushNotificationConfigParams = V03TaskIdParams;
export type V03ListTaskPushNotificationConfigParams = V03TaskIdParams;

/** Params of `tasks/pushNotificationConfig/delete`. */
export const V03DeleteTaskPushNotificationConfigParams = z.object({
  id: z.string(),
  pushNotificationConfigId: z.string(),
  metadata: V03Metadata.optional(),
});
export type V03DeleteTaskPushNotificationConfigParams = z.output<
  typeof V03DeleteTaskPushNotificationConfigParams
>;
