import type { AuthenticationInfo, TaskPushNotificationConfig } from "../v1/push.js";
import type {
  V03PushNotificationAuthenticationInfo,
  V03PushNotificationConfig,
  V03TaskPushNotificationConfig,
} from "./push.js";

/** v1.0 `{scheme, credentials}` as v0.3 `{schemes: [scheme], credentials}`. */
export function pushAuthenticationToV03(
  auth: AuthenticationInfo,
): V03PushNotificationAuthenticationInfo {
  const out: V03PushNotificationAuthenticationInfo = { schemes: [auth.scheme] };
  if (auth.credentials !== undefined) out.credentials = auth.credentials;
  return out;
}

/**
 * v0.3 `{schemes[], credentials}` as v1.0 `{scheme, credentials}`. Lossy: v1.0 holds one scheme,
 * so only the first is kept; with no scheme at all the authentication is dropped (the webhook
 * still gets the token).
 */
export function pushAuthenticationFromV03(
  auth: V03PushNotificationAuthenticationInfo,
): AuthenticationInfo | undefined {
  const scheme = auth.schemes[0];
  if (scheme === undefined) return undefined;
  const out: AuthenticationInfo = { scheme };
  if (auth.credentials !== undefined) out.credentials = auth.credentials;
  return out;
}

/** The webhook part of a v1.0 config (no task id) as a v0.3 PushNotificationConfig. */
export function pushNotificationConfigToV03(
  config: TaskPushNotificationConfig,
): V03PushNotificationConfig {
  const out: V03PushNotificationConfig = { url: config.url };
  if (config.id !== undefined) out.id = config.id;
  if (config.token !== undefined) out.token = config.token;
  if (config.authentication !== undefined) {
    out.authentication = pushAuthenticationToV03(config.authentication);
  }
  return out;
}

/** A v0.3 PushNotificationConfig as a v1.0 config, for the given task (if known). */
export function pushNotificationConfigFromV03(
  config: V03PushNotificationConfig,
  taskId?: string,
): TaskPushNotificationConfig {
  const out: TaskPushNotificationConfig = { url: config.url };
  if (config.id !== undefined) out.id = config.id;
  if (taskId !== undefined) out.taskId = taskId;
  if (config.token !== undefined) out.token = config.token;
  if (config.authentication !== undefined) {
    const auth = pushAuthenticationFromV03(config.authentication);
    if (auth !== undefined) out.authentication = auth;
  }
  return out;
}

/**
 * A v1.0 TaskPushNotificationConfig as v0.3 `{taskId, pushNotificationConfig}`. The `tenant`
 * has no v0.3 field and is dropped; a config without a task id gets `""`.
 */
export function taskPushConfigToV03(
  config: TaskPushNotificationConfig,
): V03TaskPushNotificationConfig {
  return {
    taskId: config.taskId ?? "",
    pushNotificationConfig: pushNotificationConfigToV03(config),
  };
}

/** v0.3 `{taskId, pushNotificationConfig}` as one flat v1.0 TaskPushNotificationConfig. */
export function taskPushConfigFromV03(
  config: V03TaskPushNotificationConfig,
): TaskPushNotificationConfig {
  return pushNotificationConfigFromV03(config.pushNotificationConfig, config.taskId);
}
