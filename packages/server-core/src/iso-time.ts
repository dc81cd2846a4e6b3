const DAY_MS = 86_400_000;

/**
 * `new Date(ms).toISOString()` for the years 0 to 9999 (undefined outside them, or for a
 * fractional or unsafe `ms`), a few times faster: plain integer arithmetic, no Date object.
 * The civil date comes from the day count by the usual era-of-400-years method.
 */
export function isoTime(ms: number): string | undefined {
  // The same millisecond is asked for several times in a row: a task's writes, then its packing.
  if (ms === lastMs) return lastIso;
  const iso = computeIsoTime(ms);
  if (iso !== undefined) {
    lastMs = ms;
    lastIso = iso;
  }
  return iso;
}

let lastMs = Number.NaN;
let lastIso = "";

/**
 * The millisecond `iso` was written from, when it is the last string {@link isoTime} wrote;
 * otherwise undefined (parse it). A store reading back the timestamp a write just set skips
 * Date.parse this way.
 */
export function msOfLastIso(iso: string): number | undefined {
  return iso === lastIso && iso !== "" ? lastMs : undefined;
}

/** `new Date(ms).toISOString()`, from a clock reading (see {@link isoTime}). */
export function isoTimestamp(ms: number): string {
  return isoTime(ms) ?? new Date(ms).toISOString();
}

function computeIsoTime(ms: number): string | undefined {
  if (!Number.isSafeInteger(ms)) return undefined;
  const days = Math.floor(ms / DAY_MS);
  let t = ms - days * DAY_MS;
  // Days since 0000-03-01, so leap days fall at the end of each year.
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra -
      Math.floor(dayOfEra / 1_460) +
      Math.floor(dayOfEra / 36_524) -
      Math.floor(dayOfEra / 146_096)) /
      365,
  );
  const dayOfYear =
    dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const m5 = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * m5 + 2) / 5) + 1;
  const month = m5 < 10 ? m5 + 3 : m5 - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  if (year < 0 || year > 9999) return undefined;
  const hours = Math.floor(t / 3_600_000);
  t -= hours * 3_600_000;
  const minutes = Math.floor(t / 60_000);
  t -= minutes * 60_000;
  const seconds = Math.floor(t / 1_000);
  t -= seconds * 1_000;
  const yyyy =
    year < 10 ? `000${year}` : year < 100 ? `00${year}` : year < 1000 ? `0${year}` : year;
  return `${yyyy}-${two(month)}-${two(day)}T${two(hours)}:${two(minutes)}:${two(seconds)}.${t < 10 ? "00" : t < 100 ? "0" : ""}${t}Z`;
}

function two(n: number): string {
  return n < 10 ? `0${n}` : `${n}`;
}
