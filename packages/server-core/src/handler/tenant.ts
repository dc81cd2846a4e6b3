import { PermissionDeniedError } from "@a2akit/types";
import type { User } from "./types.js";

/**
 * The tenant a call runs in. A caller bound to a tenant (`user.tenant`) always runs in it; naming
 * another one is refused before any store is touched, so nothing about that tenant leaks.
 */
export function callTenant(user: User, requested: string | undefined): string {
  const asked = requested ?? "";
  if (user.tenant === undefined) return asked;
  if (asked !== "" && asked !== user.tenant) {
    throw new PermissionDeniedError(
      `This caller belongs to tenant ${JSON.stringify(user.tenant)} and may not act in tenant ${JSON.stringify(asked)}`,
      { metadata: { tenant: asked } },
    );
  }
  return user.tenant;
}
