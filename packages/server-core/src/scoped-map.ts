import { SlotMap } from "./slot-map.js";

/**
 * A map from (scope key, task id) to a value, as one map per scope. Nested rather than keyed by
 * one combined string: a combined key is a new string to build and hash on every call, while the
 * task id is a string the caller already holds, its hash computed once. Each scope's map is a
 * {@link SlotMap}: values come and go per task, and a deleted one must not linger.
 */
export class ScopedMap<V> {
  private readonly scopes = new Map<string, SlotMap<V>>();
  private count = 0;
  /**
   * Scopes whose map is empty. They stay for a while: a scope whose one task finishes usually
   * gets the next one soon, and a map made and dropped per task costs more than the lookups save.
   */
  private empty = 0;

  /** How many values it holds, across scopes. */
  get size(): number {
    return this.count;
  }

  get(scopeKey: string, taskId: string): V | undefined {
    return this.scopes.get(scopeKey)?.get(taskId);
  }

  has(scopeKey: string, taskId: string): boolean {
    return this.scopes.get(scopeKey)?.has(taskId) ?? false;
  }

  set(scopeKey: string, taskId: string, value: V): void {
    let values = this.scopes.get(scopeKey);
    if (!values) {
      values = new SlotMap();
      this.scopes.set(scopeKey, values);
    } else if (values.size === 0) {
      this.empty--;
    }
    const before = values.size;
    values.set(taskId, value);
    this.count += values.size - before;
  }

  delete(scopeKey: string, taskId: string): boolean {
    const values = this.scopes.get(scopeKey);
    if (!values?.delete(taskId)) return false;
    this.count--;
    if (values.size === 0 && ++this.empty > MAX_EMPTY_SCOPES) this.dropEmpty();
    return true;
  }

  *values(): IterableIterator<V> {
    for (const values of this.scopes.values()) yield* values.values();
  }

  private dropEmpty(): void {
    for (const [key, values] of this.scopes) if (values.size === 0) this.scopes.delete(key);
    this.empty = 0;
  }
}

/** Empty scope maps kept before they are all dropped at once (bounding what idle scopes hold). */
const MAX_EMPTY_SCOPES = 64;
