/**
 * Checks of numeric options. Options often come from the environment, where a missing
 * variable becomes NaN; unchecked, a NaN bound compares false everywhere and quietly turns a
 * limit off or stops deliveries, so each is refused up front with a RangeError naming it.
 */

/** The longest delay a timer holds; a longer one fires at once on every runtime. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** `value`, or `fallback` when undefined; otherwise it must be an integer >= 1. */
export function positiveInt(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!(Number.isInteger(value) && value >= 1)) {
    throw new RangeError(`${name} must be a positive integer, got ${value}`);
  }
  return value;
}

/** Like {@link positiveInt}, with 0 allowed. */
export function countOrZero(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!(Number.isInteger(value) && value >= 0)) {
    throw new RangeError(`${name} must be 0 or a positive integer, got ${value}`);
  }
  return value;
}

/** A duration in ms that may be 0. */
export function nonNegativeMs(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!(Number.isFinite(value) && value >= 0)) {
    throw new RangeError(`${name} must be 0 or more ms, got ${value}`);
  }
  return value;
}

/** A timer delay in ms: positive, and no longer than a timer holds. */
export function timerMs(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!(Number.isFinite(value) && value > 0)) {
    throw new RangeError(`${name} must be a positive number of ms, got ${value}`);
  }
  if (value > MAX_TIMER_MS) {
    throw new RangeError(`${name} must be at most ${MAX_TIMER_MS} ms (about 24.8 days)`);
  }
  return value;
}
