import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { PerformanceObserver } from "node:perf_hooks";

/**
 * Heap and RSS after a full collection. The bench starts servers with `--expose-gc`; three
 * passes with a short wait between them also free what weak references and finalization
 * callbacks (which run after a collection, not during it) let go.
 */
export async function memoryAfterGc(): Promise<{ heapUsed: number; rss: number }> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error("start the server with --expose-gc");
  for (let pass = 0; pass < 3; pass++) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  gc();
  const { heapUsed, rss } = process.memoryUsage();
  return { heapUsed, rss };
}

/** The private route the bench reads memory from. */
export const MEM_PATH = "/__bench/mem";

/** The private route the bench reads the time spent in garbage collection from. */
export const GC_PATH = "/__bench/gc";

let gcMs = 0;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) gcMs += entry.duration;
}).observe({ entryTypes: ["gc"] });

/** Milliseconds the main thread has spent paused for garbage collection since the start. */
export function gcTotals(): { gcMs: number } {
  return { gcMs };
}

/**
 * Prints `READY <port>` once the socket listens (the bench waits for that line) and exits
 * through `process.exit` on SIGTERM/SIGINT, so `--cpu-prof` gets to write its profile.
 */
export function announce(server: Server, onStop?: () => Promise<void>): void {
  const ready = () => {
    const { port } = server.address() as AddressInfo;
    process.stdout.write(`READY ${port}\n`);
  };
  if (server.listening) ready();
  else server.once("listening", ready);
  let stopping = false;
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.once(signal, () => {
      if (stopping) return;
      stopping = true;
      server.closeAllConnections?.();
      const done = () => process.exit(0);
      (onStop?.() ?? Promise.resolve()).then(done, done);
    });
  }
}

/** The port to listen on (0: a free one). */
export const PORT = Number(process.env.PORT ?? 0);
export const HOST = "127.0.0.1";
