/** What a unit measures; only units of the same kind convert into each other. */
export type UnitKind = "length" | "mass" | "temperature" | "currency";

/** A unit of the fixed conversion table. */
export interface Unit {
  readonly id: string;
  readonly kind: UnitKind;
  /** Lower-case spellings accepted in text, besides the id. */
  readonly aliases: readonly string[];
  /** To the kind's base unit (m, kg, °C, CRD). */
  toBase(value: number): number;
  fromBase(value: number): number;
}

function linear(id: string, kind: UnitKind, factor: number, aliases: string[]): Unit {
  return { id, kind, aliases, toBase: (v) => v * factor, fromBase: (v) => v / factor };
}

/**
 * The table. Currencies are fictional and their rates fixed on purpose: the agent must answer
 * the same way every time and without the network.
 */
export const UNITS: readonly Unit[] = [
  linear("m", "length", 1, ["meter", "meters", "metre", "metres"]),
  linear("km", "length", 1000, ["kilometer", "kilometers", "kilometre", "kilometres"]),
  linear("mi", "length", 1609.344, ["mile", "miles"]),
  linear("ft", "length", 0.3048, ["foot", "feet"]),
  linear("kg", "mass", 1, ["kilogram", "kilograms", "kilo", "kilos"]),
  linear("g", "mass", 0.001, ["gram", "grams"]),
  linear("lb", "mass", 0.45359237, ["lbs", "pound", "pounds"]),
  linear("oz", "mass", 0.028349523125, ["ounce", "ounces"]),
  {
    id: "C",
    kind: "temperature",
    aliases: ["c", "°c", "celsius"],
    toBase: (v) => v,
    fromBase: (v) => v,
  },
  {
    id: "F",
    kind: "temperature",
    aliases: ["f", "°f", "fahrenheit"],
    toBase: (v) => ((v - 32) * 5) / 9,
    fromBase: (v) => (v * 9) / 5 + 32,
  },
  {
    id: "K",
    kind: "temperature",
    aliases: ["k", "kelvin"],
    toBase: (v) => v - 273.15,
    fromBase: (v) => v + 273.15,
  },
  linear("CRD", "currency", 1, ["credit", "credits"]),
  linear("ZMK", "currency", 0.25, ["zorkmid", "zorkmids"]),
  linear("DBL", "currency", 12.5, ["doubloon", "doubloons"]),
];

/** The unit a word names (case-insensitive, ids and aliases), if any. */
export function findUnit(word: string): Unit | undefined {
  const w = word.trim().toLowerCase();
  return UNITS.find((u) => u.id.toLowerCase() === w || u.aliases.includes(w));
}

/** The ids of the units of one kind, or of all, for help texts. */
export function unitIds(kind?: UnitKind): string {
  return UNITS.filter((u) => !kind || u.kind === kind)
    .map((u) => u.id)
    .join(", ");
}

/** Converts between two units of the same kind, rounded to 4 decimals. */
export function convert(value: number, from: Unit, to: Unit): number {
  return Math.round(to.fromBase(from.toBase(value)) * 10_000) / 10_000;
}
