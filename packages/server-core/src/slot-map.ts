/**
 * A string-keyed map that lets go of a value as soon as its key is deleted. A plain Map does
 * not, quite: V8 keeps each hash table a Map replaces (as it grows, or sheds deleted entries)
 * linked to its successor, with the entries it held, for iterators still walking it. Once one of
 * those tables is in the old generation, every value a later table held survives young
 * collections until the next full one. A Map that takes and drops an entry per request thus
 * promotes every request's objects; measured on the request handler, it tripled the bytes each
 * young collection copied. Here the tables hold small slots, emptied on delete.
 */
export class SlotMap<V> {
  readonly #slots = new Map<string, { value: V | undefined }>();

  get size(): number {
    return this.#slots.size;
  }

  get(key: string): V | undefined {
    return this.#slots.get(key)?.value;
  }

  has(key: string): boolean {
    return this.#slots.has(key);
  }

  set(key: string, value: V): void {
    const slot = this.#slots.get(key);
    if (slot) slot.value = value;
    else this.#slots.set(key, { value });
  }

  delete(key: string): boolean {
    const slot = this.#slots.get(key);
    if (!slot) return false;
    slot.value = undefined;
    return this.#slots.delete(key);
  }

  *values(): IterableIterator<V> {
    for (const slot of this.#slots.values()) yield slot.value as V;
  }
}
