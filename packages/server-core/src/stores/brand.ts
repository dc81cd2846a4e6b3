/**
 * Store errors cross package copies: a store package throws the classes of the server-core it
 * resolved, which may be another copy than the handler's (the CommonJS build beside the ES
 * module one, or a second installed version). A registered symbol is the same in every copy, so
 * marking each class's prototype with one lets `instanceof` recognize the other copy's errors.
 */

/** Marks `cls`'s instances with `brand`. */
export function brandErrorClass(
  cls: abstract new (...args: never[]) => Error,
  brand: symbol,
): void {
  Object.defineProperty(cls.prototype, brand, { value: true });
}

/** True when `value` carries `brand`, whichever copy of the package made it. */
export function hasBrand(value: unknown, brand: symbol): boolean {
  return (
    typeof value === "object" &&
    value !== null &&
    (value as { [key: symbol]: unknown })[brand] === true
  );
}
