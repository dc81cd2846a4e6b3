import type { Artifact, Part } from "@a2akit/types";

/**
 * Appending to an artifact in linear time.
 *
 * A snapshot is never changed once written, so appending parts to an artifact used to copy its
 * whole parts list into the next snapshot: a stream of K chunks copied O(K²) part references
 * (50 million at K = 10,000). Here the snapshots of one appended artifact share one growing
 * array instead, and each snapshot's artifact sees only its own prefix of it: its `parts` is an
 * accessor that, on first read, copies that prefix out and replaces itself with the plain array.
 * A stream whose intermediate snapshots nobody reads (the usual case: clients get the events)
 * copies nothing; a snapshot that is read costs the one copy the old code made for every chunk.
 *
 * The shared array itself is never handed out, so no reader can see it grow: readers only ever
 * get a prefix copy, made at first read. These artifacts stay plain objects to JSON, spread,
 * structuredClone and schema checks, which all read properties through accessors; the view sits
 * under a non-enumerable symbol, which none of them copy.
 */

/** Below this many parts a plain copy is cheaper than the accessor and its bookkeeping. */
export const SHARE_FROM = 64;

interface View {
  /** The array every snapshot of this artifact shares; only ever pushed to, by `appendParts`. */
  readonly shared: Part[];
  /** How much of it this artifact's snapshot holds. */
  readonly length: number;
}

/**
 * Where an artifact keeps its view until its parts are read. A property rather than a WeakMap
 * entry: with one artifact per chunk, the map's entries cost the collector more than the copy.
 */
const VIEW = Symbol("a2akit.partsView");

interface WithView {
  [VIEW]?: View | undefined;
}

function readParts(this: Artifact & WithView): Part[] {
  const view = this[VIEW];
  const parts = view ? view.shared.slice(0, view.length) : [];
  // Settle into a plain data property, so later reads return this same array; an artifact a
  // caller froze keeps its accessor and gets a fresh copy per read.
  if (Reflect.defineProperty(this, "parts", dataProperty(parts))) this[VIEW] = undefined;
  return parts;
}

function writeParts(this: Artifact & WithView, parts: Part[]): void {
  if (!Reflect.defineProperty(this, "parts", dataProperty(parts))) {
    throw new TypeError("Cannot assign to parts of a frozen artifact");
  }
  this[VIEW] = undefined;
}

function dataProperty(value: Part[]): PropertyDescriptor {
  return { value, writable: true, enumerable: true, configurable: true };
}

/** One descriptor for every view, so V8 gives them all the same hidden class. */
const PARTS_VIEW: PropertyDescriptor = {
  get: readParts,
  set: writeParts,
  enumerable: true,
  configurable: true,
};

/**
 * `current`'s fields (all but `parts`) on a new artifact whose parts are `current`'s followed by
 * `added`. `current` is left as it was: a snapshot holding it still reads its own parts.
 */
export function appendParts(current: Artifact, added: readonly Part[]): Artifact {
  const view = (current as WithView)[VIEW];
  let shared: Part[];
  if (view && view.length === view.shared.length) {
    // `current` is the newest snapshot of this artifact: grow the shared array in place.
    shared = view.shared;
    for (const part of added) shared.push(part);
  } else {
    // Not a view, or older than the newest snapshot (a write re-applied after losing a race).
    shared = (view ? view.shared.slice(0, view.length) : current.parts).concat(added);
  }
  const asView = shared.length >= SHARE_FROM;
  const next = {} as Record<string, unknown>;
  let placed = false;
  // Copied key by key, in order: a spread would read `parts` and so copy it out.
  for (const key in current) {
    if (key !== "parts") {
      next[key] = current[key as keyof Artifact];
    } else {
      placeParts(next, shared, asView);
      placed = true;
    }
  }
  if (!placed) placeParts(next, shared, asView); // `current` had none (it is checked elsewhere)
  return next as unknown as Artifact;
}

function placeParts(artifact: Record<string, unknown>, shared: Part[], asView: boolean): void {
  if (!asView) {
    artifact.parts = shared;
    return;
  }
  Object.defineProperty(artifact, "parts", PARTS_VIEW);
  Object.defineProperty(artifact, VIEW, {
    value: { shared, length: shared.length },
    writable: true,
    enumerable: false,
    configurable: true,
  });
}

/**
 * Turns every view in `artifacts` into a plain array. For snapshots handed to callers as a
 * result (a task that stopped), so what they inspect or log holds plain arrays.
 */
export function settleParts(artifacts: readonly Artifact[] | undefined): void {
  if (!artifacts) return;
  for (const artifact of artifacts) {
    if ((artifact as WithView)[VIEW]) readParts.call(artifact);
  }
}
