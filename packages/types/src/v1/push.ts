import { z } from "zod";
import { field, message, required } from "../proto.js";

/** Credentials the agent sends with push notifications: `Authorization: <scheme> <credentials>`. */
export const AuthenticationInfo = message("AuthenticationInfo", {
  scheme: required(z.string().min(1, "must not be empty")),
  credentials: field(z.string()),
});
export type AuthenticationInfo = z.output<typeof AuthenticationInfo>;

/** A webhook registered for a task's updates. */
export const TaskPushNotificationConfig = message("TaskPushNotificationConfig", {
  tenant: field(z.string()),
  id: field(z.string()),
  taskId: field(z.string()),
  url: required(z.string().min(1, "must not be empty")),
  token: field(z.string()),
  authentication: field(AuthenticationInfo),
});
export type TaskPushNotificationConfig = z.output<typeof TaskPushNotificationConfig>;
