import { toJson } from "./serialize.js";
import { AgentCard } from "./v1/agent-card.js";

/**
 * The JSON Canonicalization Scheme (RFC 8785) for plain JSON values: object members sorted by
 * their UTF-16 code units, no whitespace, numbers and strings as ECMAScript's JSON.stringify
 * writes them. Members whose value is `undefined` are left out. NaN, Infinity, functions and
 * the like have no JSON form and throw a TypeError.
 */
export function canonicalize(value: unknown): string {
  if (value === null || typeof value === "boolean" || typeof value === "string") {
    return JSON.stringify(value);
  }
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new TypeError("JCS cannot represent NaN or Infinity");
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) {
    return `[${value.map((v) => (v === undefined ? "null" : canonicalize(v))).join(",")}]`;
  }
  if (typeof value === "object") {
    const members = Object.keys(value as object)
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      // Array.prototype.sort without a comparator orders by UTF-16 code units, as RFC 8785 asks.
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalize((value as Record<string, unknown>)[k])}`);
    return `{${members.join(",")}}`;
  }
  throw new TypeError(`JCS cannot represent a value of type ${typeof value}`);
}

/**
 * The bytes an Agent Card signature covers (A2A §8.4.1): the card without `signatures`, in its
 * ProtoJSON form (fields at their default value left out, as servers serve it), canonicalized
 * with JCS (RFC 8785) and encoded as UTF-8. Signers and verifiers share this one definition.
 */
export function agentCardSigningPayload(card: AgentCard): Uint8Array {
  const { signatures: _signatures, ...unsigned } = card;
  return new TextEncoder().encode(canonicalize(toJson(AgentCard, unsigned as AgentCard)));
}
