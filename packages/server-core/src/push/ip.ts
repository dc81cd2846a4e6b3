/**
 * IP address parsing and classification for the push URL guard. Addresses are handled as bytes
 * (4 or 16), so every textual form the resolver or the URL parser produces compares the same way.
 */

/** Four bytes for an IPv4 address in dotted-quad form, or undefined. */
export function parseIPv4(text: string): Uint8Array | undefined {
  const parts = text.split(".");
  if (parts.length !== 4) return undefined;
  const out = new Uint8Array(4);
  for (let i = 0; i < 4; i++) {
    const p = parts[i] as string;
    // Only canonical decimal: the URL parser already rewrote hex, octal and short forms.
    if (!/^(0|[1-9]\d{0,2})$/.test(p)) return undefined;
    const n = Number(p);
    if (n > 255) return undefined;
    out[i] = n;
  }
  return out;
}

/** Sixteen bytes for an IPv6 address (brackets and a zone id allowed), or undefined. */
export function parseIPv6(text: string): Uint8Array | undefined {
  let s = text;
  if (s.startsWith("[") && s.endsWith("]")) s = s.slice(1, -1);
  const zone = s.indexOf("%");
  if (zone >= 0) s = s.slice(0, zone);
  if (!s.includes(":")) return undefined;
  let tail: Uint8Array | undefined;
  const lastColon = s.lastIndexOf(":");
  if (s.slice(lastColon + 1).includes(".")) {
    tail = parseIPv4(s.slice(lastColon + 1));
    if (!tail) return undefined;
    s = `${s.slice(0, lastColon + 1)}0:0`;
  }
  const halves = s.split("::");
  if (halves.length > 2) return undefined;
  const groups = (h: string) => (h === "" ? [] : h.split(":"));
  const head = groups(halves[0] as string);
  const rest = halves.length === 2 ? groups(halves[1] as string) : [];
  const missing = 8 - head.length - rest.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  const all = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill("0"), ...rest];
  const out = new Uint8Array(16);
  for (let i = 0; i < 8; i++) {
    const g = all[i] as string;
    if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
    const n = Number.parseInt(g, 16);
    out[i * 2] = n >> 8;
    out[i * 2 + 1] = n & 0xff;
  }
  if (tail) out.set(tail, 12);
  return out;
}

/** The bytes of an IP literal in either family, or undefined for anything else. */
export function parseIp(text: string): Uint8Array | undefined {
  return parseIPv4(text) ?? parseIPv6(text);
}

/** A range: a prefix of bytes and its length in bits. */
interface Range {
  readonly prefix: Uint8Array;
  readonly bits: number;
  readonly reason: string;
}

function range(cidr: string, reason: string): Range {
  const [addr, bits] = cidr.split("/") as [string, string];
  return { prefix: parseIp(addr) as Uint8Array, bits: Number(bits), reason };
}

function within(bytes: Uint8Array, r: Range): boolean {
  if (bytes.length !== r.prefix.length) return false;
  const full = r.bits >> 3;
  for (let i = 0; i < full; i++) if (bytes[i] !== r.prefix[i]) return false;
  const rem = r.bits & 7;
  if (rem === 0) return true;
  const mask = (0xff << (8 - rem)) & 0xff;
  return ((bytes[full] as number) & mask) === ((r.prefix[full] as number) & mask);
}

// Most specific first: the first match names the reason.
const V4: readonly Range[] = [
  range("169.254.169.254/32", "a cloud metadata endpoint"),
  range("255.255.255.255/32", "the broadcast address"),
  range("0.0.0.0/8", "an unspecified (this-network) address"),
  range("127.0.0.0/8", "a loopback address"),
  range("10.0.0.0/8", "a private address"),
  range("172.16.0.0/12", "a private address"),
  range("192.168.0.0/16", "a private address"),
  range("100.64.0.0/10", "a carrier-grade NAT (shared) address"),
  range("169.254.0.0/16", "a link-local address"),
  range("192.0.0.0/24", "an IETF protocol-assignment address"),
  range("192.0.2.0/24", "a documentation address"),
  range("198.51.100.0/24", "a documentation address"),
  range("203.0.113.0/24", "a documentation address"),
  range("198.18.0.0/15", "a benchmarking address"),
  range("224.0.0.0/4", "a multicast address"),
  range("240.0.0.0/4", "a reserved address"),
];

const V6: readonly Range[] = [
  range("fd00:ec2::254/128", "a cloud metadata endpoint"),
  range("::/128", "an unspecified address"),
  range("::1/128", "a loopback address"),
  range("64:ff9b:1::/48", "a local NAT64 address"),
  range("100::/64", "a discard-only address"),
  range("2001::/32", "a Teredo tunnel address"),
  range("2001:db8::/32", "a documentation address"),
  range("fc00::/7", "a unique-local (private) address"),
  range("fe80::/10", "a link-local address"),
  range("fec0::/10", "a site-local address"),
  range("ff00::/8", "a multicast address"),
];

const MAPPED = range("::ffff:0:0/96", "");
const COMPATIBLE = range("::/96", "");
const NAT64 = range("64:ff9b::/96", "");
const SIX_TO_FOUR = range("2002::/16", "");

/**
 * Why an address must not receive push POSTs (loopback, private, link-local, metadata...), or
 * undefined when it is a public unicast address. IPv4 carried inside IPv6 (mapped, compatible,
 * NAT64, 6to4) is judged by the IPv4 address it carries.
 */
export function forbiddenReason(bytes: Uint8Array): string | undefined {
  if (bytes.length === 4) return V4.find((r) => within(bytes, r))?.reason;
  for (const r of V6.slice(0, 3)) if (within(bytes, r)) return r.reason;
  const embedded = embeddedIPv4(bytes);
  if (embedded) {
    const reason = forbiddenReason(embedded);
    return reason && `${reason} embedded in IPv6`;
  }
  return V6.find((r) => within(bytes, r))?.reason;
}

function embeddedIPv4(bytes: Uint8Array): Uint8Array | undefined {
  if (within(bytes, MAPPED) || within(bytes, COMPATIBLE) || within(bytes, NAT64)) {
    return bytes.slice(12, 16);
  }
  if (within(bytes, SIX_TO_FOUR)) return bytes.slice(2, 6);
  return undefined;
}
