import { median } from "./stats.js";
import type { TargetId } from "./targets.js";

/** Every measured value of a run: metric key -> target -> one value per round. */
export type Samples = Record<string, Partial<Record<TargetId, number[]>>>;

export function addSample(samples: Samples, metric: string, target: TargetId, value: number): void {
  const byTarget = samples[metric] ?? {};
  samples[metric] = byTarget;
  const values = byTarget[target] ?? [];
  byTarget[target] = values;
  values.push(value);
}

/** The median over rounds, or undefined when the target did not run the scenario. */
export function medianOf(samples: Samples, metric: string, target: TargetId): number | undefined {
  const values = samples[metric]?.[target];
  return values && values.length > 0 ? median(values) : undefined;
}

/** Half the range over rounds, relative to the median: how much the rounds disagreed. */
export function spreadOf(samples: Samples, metric: string, target: TargetId): number | undefined {
  const values = samples[metric]?.[target];
  if (!values || values.length < 2) return undefined;
  const mid = median(values);
  if (mid === 0) return undefined;
  return (Math.max(...values) - Math.min(...values)) / 2 / Math.abs(mid);
}
