import { PROTOCOL_VERSION, VERSION_HEADER, VersionNotSupportedError } from "@a2akit/types";

/** The protocol versions this binding serves itself; anything else goes to the legacy hook. */
export const SERVED_VERSIONS: readonly string[] = [PROTOCOL_VERSION];

/**
 * The version a request asks for: the `A2A-Version` header, else the `A2A-Version` query
 * parameter. Missing or empty means `0.3` (the spec's rule for clients that predate the header).
 * A patch number, if sent anyway, is dropped: versions compare as Major.Minor.
 */
export function requestedVersion(request: Request): string {
  return versionOf(request.headers.get(VERSION_HEADER), request.url);
}

/** {@link requestedVersion} from the header's value and the absolute URL. */
export function versionOf(headerValue: string | null, url: string): string {
  let header = headerValue;
  // The URL is parsed only when the header is missing: most requests carry it.
  if (header === null) header = new URL(url).searchParams.get(VERSION_HEADER);
  // The usual values, as sent: no trimming, matching or new string.
  if (header === "1.0" || header === "0.3") return header;
  const raw = (header ?? "").trim();
  if (raw === "") return "0.3";
  const m = /^(\d+)\.(\d+)(?:\.\d+)?$/.exec(raw);
  return m ? `${m[1]}.${m[2]}` : raw;
}

/** True when this binding serves the version itself. */
export function isServed(version: string): boolean {
  return SERVED_VERSIONS.includes(version);
}

/**
 * The error for a version nobody here serves; it names the versions that are (by default the
 * ones this binding serves itself).
 */
export function versionNotSupported(
  version: string,
  served: readonly string[] = SERVED_VERSIONS,
): VersionNotSupportedError {
  const supported = served.join(", ");
  return new VersionNotSupportedError(
    `A2A-Version ${JSON.stringify(version)} is not supported; supported versions: ${supported}. ` +
      `Send the header ${VERSION_HEADER}: ${PROTOCOL_VERSION}`,
    { metadata: { requestedVersion: version, supportedVersions: supported } },
  );
}
