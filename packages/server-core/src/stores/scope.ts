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
  const { tenant, owner } = scope;
  // Every store call needs the key and scopes are made per request, so the keys are kept
  // rather than built (and hashed as a new string) again on each call.
  if (tenant === "" && owner === "") return ANONYMOUS;
  let owners = keys.get(tenant);
  let key = owners?.get(owner);
  if (key === undefined) {
    if (kept >= MAX_KEPT) {
      keys.clear();
      kept = 0;
      owners = undefined;
    }
    if (!owners) {
      owners = new Map();
      keys.set(tenant, owners);
    }
    key = `${tenant.length}:${tenant}/${owner.length}:${owner}`;
    owners.set(owner, key);
    kept++;
  }
  return key;
}

const ANONYMOUS = "0:/0:";
/** How many keys are kept, across tenants; past that the cache starts over. */
const MAX_KEPT = 4_096;
let kept = 0;
const keys = new Map<string, Map<string, string>>();

/** An unambiguous string key for one task within a scope. */
export function taskKey(scope: TaskScope, taskId: string): string {
  return `${scopeKey(scope)}/${taskId}`;
}
