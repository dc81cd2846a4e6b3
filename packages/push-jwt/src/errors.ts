/** Why a push notification was rejected; stable strings that callers can switch on. */
export type PushVerificationErrorCode =
  | "ERR_PUSH_MISSING_TOKEN"
  | "ERR_PUSH_MALFORMED_TOKEN"
  | "ERR_PUSH_ALGORITHM"
  | "ERR_PUSH_UNKNOWN_KEY"
  | "ERR_PUSH_JWKS_UNAVAILABLE"
  | "ERR_PUSH_BAD_SIGNATURE"
  | "ERR_PUSH_ISSUER"
  | "ERR_PUSH_AUDIENCE"
  | "ERR_PUSH_EXPIRED"
  | "ERR_PUSH_NOT_YET_VALID"
  | "ERR_PUSH_CLAIMS"
  | "ERR_PUSH_BODY_TOO_LARGE"
  | "ERR_PUSH_BODY_MISMATCH"
  | "ERR_PUSH_NOTIFICATION_TOKEN"
  | "ERR_PUSH_INVALID_BODY"
  | "ERR_PUSH_TASK_MISMATCH"
  | "ERR_PUSH_REPLAYED";

// Authentication failures are 401 so senders do not retry them as if the receiver were down;
// a JWKS outage is 503 because the same notification will verify once the keys are reachable.
const STATUS: Partial<Record<PushVerificationErrorCode, number>> = {
  ERR_PUSH_JWKS_UNAVAILABLE: 503,
  ERR_PUSH_BODY_TOO_LARGE: 413,
  ERR_PUSH_INVALID_BODY: 400,
  ERR_PUSH_TASK_MISMATCH: 400,
};

/** Base class of every error this package throws; `code` is stable across releases. */
export class PushJwtError extends Error {
  /** A stable identifier for the failure, e.g. `ERR_PUSH_EXPIRED`. */
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "PushJwtError";
    this.code = code;
  }
}

/** An incoming push notification failed verification; `code` says which check failed. */
export class PushVerificationError extends PushJwtError {
  declare readonly code: PushVerificationErrorCode;
  /** The HTTP status a webhook should answer with: 401 unless the code says otherwise. */
  readonly status: number;

  constructor(code: PushVerificationErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.name = "PushVerificationError";
    this.status = STATUS[code] ?? 401;
  }
}

/** Why a key, option or signing input was refused. */
export type PushConfigErrorCode =
  | "ERR_PUSH_INVALID_KEY"
  | "ERR_PUSH_INVALID_OPTION"
  | "ERR_PUSH_INVALID_INPUT";

/** A key, an option or an argument given to this package is unusable; the message names it. */
export class PushConfigError extends PushJwtError {
  declare readonly code: PushConfigErrorCode;

  constructor(code: PushConfigErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.name = "PushConfigError";
  }
}

/** True when `error` is a {@link PushVerificationError}, optionally with the given code. */
export function isPushVerificationError(
  error: unknown,
  code?: PushVerificationErrorCode,
): error is PushVerificationError {
  return error instanceof PushVerificationError && (code === undefined || error.code === code);
}
