import { A2A_MEDIA_TYPE, StreamResponse, toJson } from "@a2akit/types";
import { SignJWT } from "jose";
import { bodyBytes, type PushBody, sha256Base64url } from "./body-hash.js";
import {
  BODY_HASH_CLAIM,
  DEFAULT_TOKEN_LIFETIME_SECONDS,
  NOTIFICATION_TOKEN_HEADER,
} from "./constants.js";
import { PushConfigError } from "./errors.js";
import type { JsonWebKeySet } from "./jwks-response.js";
import { PushKeyManager } from "./key-manager.js";
import { checkSigningKey, isSigningKey, type PushSigningKey } from "./keys.js";
import { canonicalAudience, nonEmpty, positive } from "./options.js";

/** What to sign: the webhook and either the exact body bytes or the event to serialize. */
export interface PushNotificationInput {
  /** The webhook URL the POST goes to; it becomes the token's `aud`. */
  url: string;
  /** The exact bytes that will be sent. Give this or `event`. */
  body?: PushBody;
  /** The event to send; serialized as ProtoJSON and returned as `body`. Give this or `body`. */
  event?: StreamResponse;
  /** The task the notification is about; taken from `event` when omitted. */
  taskId?: string;
  /** `PushNotificationConfig.token`, sent back in `X-A2A-Notification-Token`. */
  notificationToken?: string;
}

/** Options for {@link signPushNotification}. */
export interface SignPushNotificationOptions extends PushNotificationInput {
  key: PushSigningKey;
  /** The agent, as `iss`: usually its base URL. */
  issuer: string;
  /** Token lifetime in seconds (default 300). */
  expiresInSeconds?: number;
  /** The clock, in milliseconds since the epoch. */
  now?: () => number;
}

/** The token and everything needed to send one signed POST. */
export interface SignedPushNotification {
  /** The compact JWT. */
  token: string;
  /** `Bearer <token>`: the value of the `Authorization` header. */
  authorization: string;
  /** Headers for the POST: `Authorization`, `Content-Type`, and the notification token if any. */
  headers: Record<string, string>;
  /** The exact body the token covers; send it unchanged. */
  body: string | Uint8Array<ArrayBuffer>;
  /** The token's `jti`. */
  jti: string;
  /** The token's `exp`, in seconds since the epoch. */
  expiresAt: number;
}

/** Signs one push POST with `key`: a JWT bound to the webhook URL and the exact body bytes. */
export async function signPushNotification(
  options: SignPushNotificationOptions,
): Promise<SignedPushNotification> {
  const key = checkSigningKey(options?.key, "key");
  const issuer = nonEmpty(options.issuer, "issuer");
  const url = nonEmpty(options.url, "url");
  if (!isAbsoluteUrl(url)) {
    // The POST goes to this URL and the receiver checks `aud` against its own absolute URL.
    throw new PushConfigError(
      "ERR_PUSH_INVALID_INPUT",
      `url must be the webhook's absolute URL, got ${JSON.stringify(url)}`,
    );
  }
  const lifetime = positive(
    options.expiresInSeconds ?? DEFAULT_TOKEN_LIFETIME_SECONDS,
    "expiresInSeconds",
  );
  const { body, taskId } = resolveBody(options);
  const iat = Math.floor((options.now ?? Date.now)() / 1000);
  const exp = iat + Math.ceil(lifetime);
  const jti = crypto.randomUUID();
  const claims: Record<string, unknown> = {
    [BODY_HASH_CLAIM]: await sha256Base64url(bodyBytes(body)),
  };
  if (taskId !== undefined) claims.taskId = taskId;
  const token = await new SignJWT(claims)
    .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: "JWT" })
    .setIssuer(issuer)
    .setAudience(canonicalAudience(url))
    .setIssuedAt(iat)
    .setExpirationTime(exp)
    .setJti(jti)
    .sign(key.privateKey);
  const authorization = `Bearer ${token}`;
  const headers: Record<string, string> = {
    Authorization: authorization,
    "Content-Type": A2A_MEDIA_TYPE,
  };
  if (options.notificationToken !== undefined && options.notificationToken !== "") {
    headers[NOTIFICATION_TOKEN_HEADER] = options.notificationToken;
  }
  return { token, authorization, headers, body, jti, expiresAt: exp };
}

/** Options for {@link PushSigner}. */
export interface PushSignerOptions {
  /** The agent, as `iss`: usually its base URL. */
  issuer: string;
  /** The keys to sign with: a manager (for rotation) or a single key. */
  keys: PushKeyManager | PushSigningKey;
  /** Token lifetime in seconds; default and upper bound is the manager's `maxTokenLifetimeSeconds`. */
  expiresInSeconds?: number;
}

/** Signs push notifications with the manager's current key and serves its JWKS. */
export class PushSigner {
  /** The agent, as `iss`. */
  readonly issuer: string;
  /** The keys this signer signs with and publishes. */
  readonly keys: PushKeyManager;
  private readonly expiresInSeconds: number;

  constructor(options: PushSignerOptions) {
    this.issuer = nonEmpty(options?.issuer, "issuer");
    const keys = options.keys;
    if (!(keys instanceof PushKeyManager) && !isSigningKey(keys)) {
      throw new PushConfigError(
        "ERR_PUSH_INVALID_KEY",
        "keys must be a PushKeyManager or a PushSigningKey (see generatePushSigningKey, importPushSigningKey)",
      );
    }
    this.keys = keys instanceof PushKeyManager ? keys : new PushKeyManager({ keys: [keys] });
    const max = this.keys.maxTokenLifetimeSeconds;
    this.expiresInSeconds = positive(options.expiresInSeconds ?? max, "expiresInSeconds");
    // A longer token would outlive the retention of its key after a rotation.
    if (this.expiresInSeconds > max) {
      throw new PushConfigError(
        "ERR_PUSH_INVALID_OPTION",
        `expiresInSeconds (${this.expiresInSeconds}) exceeds the key manager's maxTokenLifetimeSeconds (${max})`,
      );
    }
  }

  /** Signs one POST; send `headers` and `body` as returned. */
  sign(input: PushNotificationInput): Promise<SignedPushNotification> {
    return signPushNotification({
      ...input,
      key: this.keys.current,
      issuer: this.issuer,
      expiresInSeconds: this.expiresInSeconds,
      now: this.keys.now,
    });
  }

  /** The public JWKS of the manager's keys. */
  jwks(): JsonWebKeySet {
    return this.keys.jwks();
  }

  /** The JWKS as a Fetch `Response`, ready to mount at `/.well-known/jwks.json`. */
  jwksResponse(request?: Request): Promise<Response> {
    return this.keys.jwksResponse(request);
  }
}

function resolveBody(input: PushNotificationInput): {
  body: string | Uint8Array<ArrayBuffer>;
  taskId?: string;
} {
  if (input.body !== undefined && input.event !== undefined) {
    throw new PushConfigError("ERR_PUSH_INVALID_INPUT", "give either body or event, not both");
  }
  if (input.event !== undefined) {
    const body = JSON.stringify(toJson(StreamResponse, input.event));
    return { body, taskId: input.taskId ?? taskIdOf(input.event) };
  }
  if (input.body === undefined) {
    throw new PushConfigError("ERR_PUSH_INVALID_INPUT", "body or event is required");
  }
  if (
    typeof input.body !== "string" &&
    !(input.body instanceof Uint8Array) &&
    !(input.body instanceof ArrayBuffer)
  ) {
    throw new PushConfigError(
      "ERR_PUSH_INVALID_INPUT",
      "body must be a string, a Uint8Array or an ArrayBuffer (the exact bytes sent)",
    );
  }
  const body = typeof input.body === "string" ? input.body : sendable(input.body);
  return input.taskId === undefined ? { body } : { body, taskId: input.taskId };
}

// fetch takes only ArrayBuffer-backed views; a view of a shared buffer is copied once.
function sendable(body: Uint8Array | ArrayBuffer): Uint8Array<ArrayBuffer> {
  if (body instanceof ArrayBuffer) return new Uint8Array(body);
  return body.buffer instanceof ArrayBuffer
    ? (body as Uint8Array<ArrayBuffer>)
    : new Uint8Array(body);
}

function isAbsoluteUrl(value: string): boolean {
  try {
    new URL(value);
    return true;
  } catch {
    return false;
  }
}

/** The id of the task an event is about, if it names one. */
export function taskIdOf(event: StreamResponse): string | undefined {
  if (event.task) return event.task.id;
  if (event.statusUpdate) return event.statusUpdate.taskId;
  if (event.artifactUpdate) return event.artifactUpdate.taskId;
  return event.message?.taskId || undefined;
}
