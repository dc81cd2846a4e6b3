/** The two functions of a test runner the contract suites need (vitest, jest, node:test, bun). */
export interface TestApi {
  describe(name: string, fn: () => void): void;
  it(name: string, fn: () => Promise<void>): void;
}

function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

/** Fails unless `actual` and `expected` are equal as JSON (key order ignored). */
export function assertEqual(actual: unknown, expected: unknown, what: string): void {
  const a = canonical(actual);
  const e = canonical(expected);
  if (a !== e) throw new Error(`${what}: expected ${e}, got ${a}`);
}

/** Fails unless `condition` holds. */
export function assert(condition: unknown, what: string): asserts condition {
  if (!condition) throw new Error(what);
}

/** Fails unless the promise rejects with an instance of `type`. */
export async function assertRejects(
  promise: Promise<unknown>,
  type: abstract new (...args: never[]) => Error,
  what: string,
): Promise<void> {
  try {
    await promise;
  } catch (e) {
    // By name too: a CommonJS and an ES module build each carry their own copy of the class.
    if (e instanceof type || (e instanceof Error && e.name === type.name)) return;
    throw new Error(`${what}: expected ${type.name}, got ${String(e)}`);
  }
  throw new Error(`${what}: expected ${type.name}, but it succeeded`);
}
