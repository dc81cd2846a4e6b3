import type { AgentCard, AgentInterface } from "@a2akit/types";
import { NoCompatibleInterfaceError } from "./errors.js";

/** Bindings this client speaks, per protocol version (`major.minor`). */
export const SUPPORTED: Readonly<Record<string, readonly string[]>> = {
  "1.0": ["JSONRPC", "HTTP+JSON"],
  "0.3": ["JSONRPC"],
};

/** The default preference: JSON-RPC, then HTTP+JSON. */
export const DEFAULT_BINDINGS = ["JSONRPC", "HTTP+JSON"] as const;

/** `"0.3.0"` → `"0.3"`; `"1"` → `"1.0"`. Patch numbers are never compared. */
export function majorMinor(version: string): string {
  const [major = "", minor = "0"] = version.split(".");
  return `${major}.${minor}`;
}

/**
 * Chooses the interface to talk to. Version 1.0 always beats 0.3 (never downgrade silently);
 * within a version, the caller's binding order decides, then the card's own order.
 */
export function selectInterface(
  card: AgentCard,
  bindings: readonly string[] = DEFAULT_BINDINGS,
): AgentInterface {
  const wanted = bindings.map((b) => b.toUpperCase());
  for (const version of Object.keys(SUPPORTED)) {
    for (const binding of wanted) {
      if (!SUPPORTED[version]?.includes(binding)) continue;
      const found = card.supportedInterfaces.find(
        (i) =>
          i.protocolBinding.toUpperCase() === binding && majorMinor(i.protocolVersion) === version,
      );
      if (found) return found;
    }
  }
  const offered = card.supportedInterfaces
    .map((i) => `${i.protocolBinding} ${i.protocolVersion}`)
    .join(", ");
  throw new NoCompatibleInterfaceError(
    `Agent "${card.name}" offers no interface this client can use (offered: ${offered}; wanted one of ${bindings.join(", ")} at 1.0, or JSONRPC at 0.3)`,
  );
}
