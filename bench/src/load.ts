import { ensureAutocannon, runAutocannon } from "./autocannon.js";
import { ensureWrk, runWrk, type WrkResult } from "./wrk.js";

/** The HTTP load generator a run uses: wrk, or autocannon where wrk cannot be installed. */
export interface LoadTool {
  name: "wrk" | "autocannon";
  run(url: string, connections: number, seconds: number): Promise<WrkResult>;
}

export function ensureLoadTool(log: (line: string) => void): LoadTool {
  const why = ensureWrk(log);
  if (why === undefined) return { name: "wrk", run: runWrk };
  log(`${why}; using autocannon instead`);
  ensureAutocannon(log);
  return { name: "autocannon", run: runAutocannon };
}
