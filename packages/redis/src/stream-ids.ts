/** The id of a log's closing entry: after every seq, so a reader at any position meets it. */
export const END_ID = "18446744073709551615-0";

/** Orders two stream ids (`<ms>-<seq>`, each up to 2^64 - 1) without losing precision. */
export function compareIds(a: string, b: string): number {
  const [am = "", as = ""] = a.split("-");
  const [bm = "", bs = ""] = b.split("-");
  return compareDigits(am, bm) || compareDigits(as, bs);
}

function compareDigits(a: string, b: string): number {
  if (a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The seq of an event entry id (`<seq>-0`). */
export function seqOf(id: string): number {
  return Number(id.slice(0, id.indexOf("-")));
}
