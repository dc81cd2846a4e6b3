import { forbiddenReason, parseIp } from "./ip.js";

/** Resolves a host name to its IP addresses (every A and AAAA record). */
export type ResolveHost = (hostname: string) => Promise<string[]>;

/**
 * Which webhook URLs push POSTs may go to. The default refuses everything an attacker could use
 * to reach the agent's own network: loopback, private, link-local and metadata addresses, and
 * `localhost`. Without `resolveHost`, host names are refused unless allowlisted, because an
 * unresolved name could point anywhere; IP literals are always checked.
 */
export interface PushUrlPolicy {
  /**
   * Hosts that skip the address checks, for development: `"localhost"`, `"127.0.0.1:9999"`,
   * `"[::1]:8080"`. Without a port, any port of that host matches.
   */
  allowHosts?: readonly string[];
  /** Turns the address checks off entirely (only http/https stay enforced). Development only. */
  allowPrivateNetworks?: boolean;
  /** Refuse plain `http:` webhooks. */
  requireHttps?: boolean;
  /** Resolves host names so their addresses can be checked (see `nodeResolveHost` in `@a2akit/node`). */
  resolveHost?: ResolveHost;
}

/** A webhook URL the policy refuses; `reason` says why, in words a client can act on. */
export class PushUrlRefusedError extends Error {
  override readonly name = "PushUrlRefusedError";
  /** The URL and the reason it was refused. */
  constructor(
    readonly url: string,
    readonly reason: string,
  ) {
    super(`Push URL ${url} is refused: ${reason}`);
  }
}

/** The host name could not be resolved (a transient failure at send time). */
export class PushUrlResolutionError extends Error {
  override readonly name = "PushUrlResolutionError";
  /** The URL whose host did not resolve, and the resolver's error. */
  constructor(
    readonly url: string,
    override readonly cause: unknown,
  ) {
    super(`The host of push URL ${url} could not be resolved: ${messageOf(cause)}`);
  }
}

/** Options of {@link checkPushUrl}. */
export interface CheckPushUrlOptions {
  /**
   * What to do with a host name when the policy has no resolver: refuse it (the default, and
   * always the case at send time), or let it pass (when a config is created, since the POST
   * will be refused later anyway and the client cannot change the server's resolver).
   */
  unresolvedNames?: "refuse" | "accept";
}

/**
 * Checks a webhook URL against the policy: parses it with the WHATWG URL parser (which turns
 * `http://2130706433/` and `http://0x7f.1/` into `127.0.0.1`), resolves the host and checks every
 * address. Returns the parsed URL; throws {@link PushUrlRefusedError} or
 * {@link PushUrlResolutionError}.
 */
export async function checkPushUrl(
  raw: string,
  policy: PushUrlPolicy = {},
  options: CheckPushUrlOptions = {},
): Promise<URL> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new PushUrlRefusedError(raw, "it is not an absolute URL");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new PushUrlRefusedError(raw, `the scheme ${url.protocol} is not http or https`);
  }
  if (policy.requireHttps && url.protocol !== "https:") {
    throw new PushUrlRefusedError(raw, "only https webhooks are accepted");
  }
  if (skipsAddressChecks(url, policy)) return url;
  // A trailing dot names the same host; compare without it.
  const host = url.hostname.replace(/\.$/, "");
  if (host === "localhost" || host.endsWith(".localhost")) {
    throw new PushUrlRefusedError(raw, `${host} is a loopback host name`);
  }
  const literal = parseIp(host);
  if (literal) {
    const reason = forbiddenReason(literal);
    if (reason) throw new PushUrlRefusedError(raw, `${host} is ${reason}`);
    return url;
  }
  if (!policy.resolveHost) {
    if (options.unresolvedNames === "accept") return url;
    throw new PushUrlRefusedError(
      raw,
      `host names cannot be checked because no resolver is configured (set resolveHost, or allowHosts for ${host})`,
    );
  }
  let addresses: string[];
  try {
    addresses = await policy.resolveHost(host);
  } catch (e) {
    throw new PushUrlResolutionError(raw, e);
  }
  checkResolvedAddresses(raw, host, addresses);
  return url;
}

/**
 * Checks every address a host name resolved to; throws {@link PushUrlRefusedError} naming the
 * first forbidden one. Every address counts: a client may pick any of them, and an attacker
 * controls their order.
 */
export function checkResolvedAddresses(
  raw: string,
  host: string,
  addresses: readonly string[],
): void {
  if (addresses.length === 0) throw new PushUrlResolutionError(raw, "no addresses");
  for (const address of addresses) {
    const bytes = parseIp(address);
    if (!bytes) throw new PushUrlRefusedError(raw, `${host} resolved to "${address}", not an IP`);
    const reason = forbiddenReason(bytes);
    if (reason) throw new PushUrlRefusedError(raw, `${host} resolves to ${address}, ${reason}`);
  }
}

/** True when the policy lets this URL skip the address checks (allowlist or private networks). */
export function skipsAddressChecks(url: URL, policy: PushUrlPolicy): boolean {
  return policy.allowPrivateNetworks === true || isAllowlisted(url, policy.allowHosts);
}

function isAllowlisted(url: URL, allow: readonly string[] | undefined): boolean {
  if (!allow || allow.length === 0) return false;
  const host = url.hostname.toLowerCase();
  const port = url.port || (url.protocol === "https:" ? "443" : "80");
  return allow.some((entry) => {
    let e = entry.trim().toLowerCase();
    let entryPort: string | undefined;
    const m = /^(.*):(\d+)$/.exec(e);
    // "::1" alone has colons but no port; a port follows "]" or a host without colons.
    if (
      m &&
      (e.startsWith("[") ? (m[1] as string).endsWith("]") : !(m[1] as string).includes(":"))
    ) {
      e = m[1] as string;
      entryPort = m[2];
    }
    if (!e.startsWith("[") && e.includes(":")) e = `[${e}]`;
    if (e !== host) return false;
    return entryPort === undefined || entryPort === port;
  });
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
