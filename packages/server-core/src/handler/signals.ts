/**
 * Combined signals are held weakly by their sources and dropped from them once collected, so a
 * long-lived source (a server's shutdown signal) does not grow with every request. Node 20's
 * AbortSignal.any never drops them: ~70 bytes per request kept for the life of the server.
 */
interface Follow {
  ref: WeakRef<AbortSignal>;
  sets: Set<WeakRef<AbortSignal>>[];
}

const weakly = typeof WeakRef === "function" && typeof FinalizationRegistry === "function";
/** The combined signals following each source. */
const followers = new WeakMap<AbortSignal, Set<WeakRef<AbortSignal>>>();
/** The controller of each combined signal, alive exactly as long as its signal. */
const controllers = new WeakMap<AbortSignal, AbortController>();
const registry = weakly
  ? new FinalizationRegistry<Follow>(({ ref, sets }) => {
      for (const set of sets) set.delete(ref);
    })
  : undefined;

/**
 * A signal that fires when any of the given ones does, with the first one's reason. A single
 * signal is returned as is; with none, the result never fires.
 */
export function anySignal(signals: readonly (AbortSignal | undefined)[]): AbortSignal {
  const list = signals.filter((s): s is AbortSignal => s !== undefined);
  if (list.length === 1) return list[0] as AbortSignal;
  for (const s of list) if (s.aborted) return AbortSignal.abort(s.reason);
  if (!registry) return fallbackAny(list);
  const controller = new AbortController();
  const signal = controller.signal;
  controllers.set(signal, controller);
  const ref = new WeakRef(signal);
  const sets = list.map((source) => followersOf(source));
  for (const set of sets) set.add(ref);
  registry.register(signal, { ref, sets });
  return signal;
}

function followersOf(source: AbortSignal): Set<WeakRef<AbortSignal>> {
  let set = followers.get(source);
  if (set) return set;
  const created = new Set<WeakRef<AbortSignal>>();
  set = created;
  followers.set(source, created);
  source.addEventListener(
    "abort",
    () => {
      const refs = [...created];
      created.clear();
      for (const r of refs) {
        const signal = r.deref();
        if (signal) controllers.get(signal)?.abort(source.reason);
      }
    },
    { once: true },
  );
  return created;
}

/** Runtimes without weak references: their own AbortSignal.any, else plain listeners. */
function fallbackAny(list: AbortSignal[]): AbortSignal {
  const any = (AbortSignal as { any?: (s: AbortSignal[]) => AbortSignal }).any;
  if (any) return any(list);
  const controller = new AbortController();
  for (const s of list) {
    s.addEventListener("abort", () => controller.abort(s.reason), { once: true });
  }
  return controller.signal;
}
