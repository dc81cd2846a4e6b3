// v0.3 timestamps are "ISO 8601" with no stated zone rule, and real servers send naive ones
// (`2025-04-02T16:59:25.331844`, from Python's isoformat()). v1.0 requires UTC with `Z`.
const ISO = /^(\d{4}-\d{2}-\d{2})[Tt ](\d{2}:\d{2}:\d{2})(?:\.(\d+))?([Zz]|[+-]\d{2}:?\d{2})?$/;

/**
 * A v0.3 timestamp in the v1.0 form (`...Z`), or undefined when it cannot be read.
 * Lossy: a timestamp without a zone is taken as UTC; a non-UTC offset is converted to UTC at
 * millisecond precision; fractions beyond 9 digits are cut; an unreadable one is dropped.
 */
export function timestampFromV03(value: string): string | undefined {
  const m = ISO.exec(value);
  if (!m) return undefined;
  const [, date, time, fraction, zone] = m;
  const frac = fraction ? `.${fraction.slice(0, 9)}` : "";
  const utc = `${date}T${time}${frac}Z`;
  if (Number.isNaN(Date.parse(`${date}T${time}Z`))) return undefined;
  if (zone === undefined || /^(z|[+-]00:?00)$/i.test(zone)) return utc;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}
