import { createHash, timingSafeEqual } from "node:crypto";
import type { User } from "@a2akit/server-core";
import { UnauthenticatedError } from "@a2akit/types";

/**
 * An `authenticate` hook accepting any of `keys`, sent as `X-API-Key: <key>` or
 * `Authorization: Bearer <key>`. The caller's id is derived from a hash of its key, so the
 * key itself never reaches logs or task scopes.
 */
export function apiKeyAuthenticator(keys: readonly string[]): (request: Request) => User {
  const digests = keys.map(digest);
  return (request) => {
    const bearer = /^Bearer\s+(.+)$/i.exec(request.headers.get("authorization") ?? "")?.[1];
    const presented = request.headers.get("x-api-key") ?? bearer;
    if (!presented) {
      throw new UnauthenticatedError(
        "This agent needs an API key: send X-API-Key: <key> or Authorization: Bearer <key>",
      );
    }
    const d = digest(presented.trim());
    if (!digests.some((k) => timingSafeEqual(k, d))) {
      throw new UnauthenticatedError("The API key is not valid");
    }
    return { id: `key-${d.subarray(0, 4).toString("hex")}`, authenticated: true };
  };
}

function digest(key: string): Buffer {
  return createHash("sha256").update(key).digest();
}
