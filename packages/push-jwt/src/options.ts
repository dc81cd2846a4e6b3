import { PushConfigError } from "./errors.js";

/** Returns `value` if it is a finite number > 0, else throws naming the option. */
export function positive(value: unknown, name: string): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) {
    throw new PushConfigError("ERR_PUSH_INVALID_OPTION", `${name} must be a positive number`);
  }
  return value;
}

/** Returns `value` if it is a finite number >= 0, else throws naming the option. */
export function nonNegative(value: unknown, name: string): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
    throw new PushConfigError("ERR_PUSH_INVALID_OPTION", `${name} must be a number >= 0`);
  }
  return value;
}

/** Returns `value` if it is a non-empty string, else throws naming the option. */
export function nonEmpty(value: unknown, name: string): string {
  if (typeof value !== "string" || value === "") {
    throw new PushConfigError("ERR_PUSH_INVALID_OPTION", `${name} must be a non-empty string`);
  }
  return value;
}

/**
 * The canonical form of a URL used as `aud`, so `https://x.example` and `https://x.example/`
 * compare equal on both ends. Strings that are not URLs are kept as they are.
 */
export function canonicalAudience(value: string): string {
  try {
    return new URL(value).href;
  } catch {
    return value;
  }
}
