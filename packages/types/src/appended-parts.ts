import type { Part } from "./v1/part.js";
import type { Artifact } from "./v1/task.js";

/**
 * Appending to an artifact in linear time.
 *
 * Whoever keeps a task's artifacts immutable (the server's snapshots, a client's view of a
 * stream) would copy an artifact's whole parts list for every appended chunk: a stream of K
 * chunks copies O(K²) part references (50 million at K = 10,000). Here the successive versions
 * of one appended artifact share one growing array instead, and each version sees only its own
 * prefix of it: its `parts` is an accessor that, on first read, copies that prefix out and
 * replaces itself with the plain array. A stream whose intermediate versions nobody reads (the
 * usual case) copies nothing; a version that is read costs the one copy a plain append would
 * have made for it anyway.
 *
 * The shared array itself is never handed out, so no reader can see it grow: readers only ever
 * get a prefix copy, made at first read. These artifacts stay plain objects to JSON, spread,
 * structuredClone and schema checks, which all read properties through accessors; the view sits
 * under a non-enumerable symbol, which none of them copy.
 */

/** Below this many parts a plain copy is cheaper than the accessor and its bookkeeping. */
const SHARE_FROM = 64;

interface View {
  /** The array every version of this artifact shares; only ever pushed to, by `appendParts`. */
  readonly shared: Part[];
  /** How much of it this version holds. */
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
 * A new artifact with `current`'s fields, whose parts are `current`'s followed by `added`, in
 * time proportional to `added` rather than to the whole list. `current` is left as it was:
 * whoever holds it still reads its own parts. Appending to the result again stays cheap.
 */
export function appendParts(current: Artifact, added: readonly Part[]): Artifact {
  const view = (current as WithView)[VIEW];
  let shared: Part[];
  if (view && view.length === view.shared.length) {
    // `current` is the newest version of this artifact: grow the shared array in place.
    shared = view.shared;
    for (const part of added) shared.push(part);
  } else {
    // Not a view, or older than the newest version (a write re-applied after losing a race).
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
 * Turns the parts of every artifact `appendParts` made into a plain data property (they read the
 * same either way). For a task handed to someone as a result, so what they inspect or log shows
 * plain arrays rather than accessors.
 */
export function settleParts(artifacts: readonly Artifact[] | undefined): void {
  if (!artifacts) return;
  for (const artifact of artifacts) {
    if ((artifact as WithView)[VIEW]) readParts.call(artifact);
  }
}
