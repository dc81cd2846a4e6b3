/**
 * The JSON Canonicalization Scheme (RFC 8785) for the JSON values a card can hold: object members
 * sorted by UTF-16 code units, no whitespace, numbers and strings as ECMAScript writes them.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value === "boolean" || typeof value === "string") {
    return JSON.stringify(value);
  }
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new TypeError("JCS has no form for NaN or Infinity");
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) {
    return `[${value.map((v) => (v === undefined ? "null" : canonicalJson(v))).join(",")}]`;
  }
  if (typeof value === "object") {
    const members = Object.keys(value as object)
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      // Array.prototype.sort without a comparator orders by UTF-16 code units, as RFC 8785 asks.
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
    return `{${members.join(",")}}`;
  }
  throw new TypeError(`JCS has no form for a value of type ${typeof value}`);
}
