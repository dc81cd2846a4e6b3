import { A2A_MEDIA_TYPE, StreamResponse, streamResponseToV03, toJsonShared } from "@a2akit/types";
import type { PushJob } from "./outbox.js";

/**
 * Signs push POSTs, for example with a JWT the webhook verifies against the agent's JWKS.
 * `@a2akit/push-jwt`'s `PushSigner` fits as it is. The returned headers are added to the POST;
 * only `Content-Type` is left to the dispatcher.
 */
export interface PushSigner {
  /** Signs one POST of exactly `body` to `url`. */
  sign(input: {
    url: string;
    body: string;
    taskId?: string;
    notificationToken?: string;
  }): Promise<{ headers: Record<string, string> }>;
}

/** The header carrying a config's `token` (the de-facto name since v0.2). */
export const NOTIFICATION_TOKEN_HEADER = "X-A2A-Notification-Token";

/** The body and headers of one push POST. */
export interface PushRequest {
  readonly body: string;
  readonly headers: Record<string, string>;
}

/** True for configs created through a v0.3 interface: they get v0.3 bodies. */
export function isV03Config(protocolVersion: string | undefined): boolean {
  return protocolVersion?.startsWith("0.") === true;
}

/**
 * Builds the POST for a job. v1.0: one StreamResponse as ProtoJSON, `application/a2a+json`.
 * v0.3: the bare v0.3 stream result (with `kind`), `application/json`. The config's
 * `authentication` is sent as `Authorization: <scheme> <credentials>` when it has credentials
 * (spec §4.3.3: it wins); otherwise a signer's token goes in `Authorization: Bearer`.
 */
export async function buildPushRequest(job: PushJob, signer?: PushSigner): Promise<PushRequest> {
  const v03 = isV03Config(job.config.protocolVersion);
  const body = JSON.stringify(
    v03 ? streamResponseToV03(job.event) : toJsonShared(StreamResponse, job.event),
  );
  const headers: Record<string, string> = {};
  const token = job.config.token;
  const auth = job.config.authentication;
  if (auth?.credentials) {
    headers.Authorization = `${auth.scheme} ${auth.credentials}`;
  } else if (signer && (!auth || auth.scheme.toLowerCase() === "bearer")) {
    const signed = await signer.sign({
      url: job.config.url,
      body,
      taskId: job.taskId,
      ...(token ? { notificationToken: token } : {}),
    });
    for (const [name, value] of Object.entries(signed.headers)) {
      const lower = name.toLowerCase();
      if (lower !== "content-type" && lower !== NOTIFICATION_TOKEN_HEADER.toLowerCase()) {
        headers[name] = value;
      }
    }
  }
  if (token) headers[NOTIFICATION_TOKEN_HEADER] = token;
  headers["Content-Type"] = v03 ? "application/json" : A2A_MEDIA_TYPE;
  return { body, headers };
}
