import { type AgentCard, EXTENSIONS_HEADER, ExtensionSupportRequiredError } from "@a2akit/types";

/** The URIs in an `A2A-Extensions` header: comma-separated, trimmed, empty and repeated dropped. */
export function parseExtensionsHeader(value: string | null): string[] {
  if (value === null) return [];
  const seen = new Set<string>();
  for (const part of value.split(",")) {
    const uri = part.trim();
    if (uri !== "") seen.add(uri);
  }
  return [...seen];
}

/**
 * Activates the requested extensions the card declares (the rest are ignored, as the spec
 * asks) and fails when the card marks an extension `required` that the client did not request.
 */
export function activateExtensions(card: AgentCard, requested: readonly string[]): Set<string> {
  const declared = card.capabilities.extensions ?? [];
  // The usual call: nothing declared, nothing asked for. The set stays the call's own (the
  // executor may add to it), but needs no sets to compare against.
  if (declared.length === 0) return new Set();
  const wanted = new Set(requested);
  const missing = declared.filter((e) => e.required && e.uri && !wanted.has(e.uri));
  if (missing.length > 0) {
    const uris = missing.map((e) => e.uri).join(", ");
    throw new ExtensionSupportRequiredError(
      `This agent requires the extension(s) ${uris}; list them in the ${EXTENSIONS_HEADER} header`,
      { metadata: { extensions: uris } },
    );
  }
  const supported = new Set(declared.map((e) => e.uri).filter((u): u is string => !!u));
  return new Set(requested.filter((uri) => supported.has(uri)));
}

/**
 * The `A2A-Extensions` response header for what ended up activated, or `undefined` when nothing
 * was (most calls): a response then gets its headers as a plain record, which adapters such as
 * @hono/node-server write without building a Headers object.
 */
export function extensionHeaders(activated: ReadonlySet<string>): Headers | undefined {
  if (activated.size === 0) return undefined;
  return new Headers({ [EXTENSIONS_HEADER]: extensionsValue(activated) });
}

/** The value of an extensions response header (v1.0 or v0.3) listing `activated`. */
export function extensionsValue(activated: ReadonlySet<string>): string {
  return [...activated].join(", ");
}
