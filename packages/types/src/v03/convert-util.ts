import { InvalidParamsError } from "../errors.js";

/** Throws the typed error for a value that has no form in the target version. */
export function cannotConvert(path: string, message: string): never {
  throw InvalidParamsError.fromIssues(
    [{ path: path || "(root)", message }],
    "value for conversion",
  );
}

/** Copies the named fields that are set (not undefined) from `from` onto `to`. */
export function copyDefined<T extends object, K extends keyof T>(
  to: Record<string, unknown>,
  from: T,
  keys: readonly K[],
): void {
  for (const key of keys) {
    const v = from[key];
    if (v !== undefined) to[key as string] = v;
  }
}
