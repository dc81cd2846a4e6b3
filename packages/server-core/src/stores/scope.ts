/**
 * Whose data a store call touches. Every store key starts with the tenant and the owner, and no
 * store method reads across scopes: another owner's task is simply not there.
 */
export interface TaskScope {
  /** The tenant (`""` when the agent is not multi-tenant). */
  readonly tenant: string;
  /** The owning principal's id (`""` for anonymous callers). */
  readonly owner: string;
}

/**
 * An unambiguous string key for a scope. Tenant and owner are both length-prefixed, so no
 * tenant, owner or task id can mimic another combination (`a/b` + `c` vs `a` + `b/c`).
 */
export function scopeKey(scope: TaskScope): string {
  return `${scope.tenant.length}:${scope.tenant}/${scope.owner.length}:${scope.owner}`;
}

/** An unambiguous string key for one task within a scope. */
export function taskKey(scope: TaskScope, taskId: string): string {
  return `${scopeKey(scope)}/${taskId}`;
}
