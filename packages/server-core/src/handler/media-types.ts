import { ContentTypeNotSupportedError, type Message } from "@a2akit/types";

/** The bare, lower-case `type/subtype` of a media type (parameters dropped). */
function essence(mediaType: string): string {
  const semi = mediaType.indexOf(";");
  return (semi < 0 ? mediaType : mediaType.slice(0, semi)).trim().toLowerCase();
}

/** True when `mediaType` matches one of `accepted` (`*\/*` and `type/*` wildcards included). */
export function acceptsMediaType(accepted: readonly string[], mediaType: string): boolean {
  const want = essence(mediaType);
  const slash = want.indexOf("/");
  const major = slash < 0 ? want : want.slice(0, slash);
  for (const a of accepted) {
    const e = essence(a);
    if (e === "*/*" || e === "*" || e === want || e === `${major}/*`) return true;
  }
  return false;
}

/** Rejects a message with a part whose declared media type the agent does not accept. */
export function checkPartMediaTypes(message: Message, accepted: readonly string[]): void {
  message.parts.forEach((part, i) => {
    if (part.mediaType === undefined || part.mediaType === "") return;
    if (acceptsMediaType(accepted, part.mediaType)) return;
    throw new ContentTypeNotSupportedError(
      `message.parts[${i}] has media type "${part.mediaType}"; this agent accepts ${accepted.join(", ") || "no declared media types"}`,
      { metadata: { mediaType: part.mediaType } },
    );
  });
}
