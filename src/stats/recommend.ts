/** Which memory size to choose, three ways. */
import type { Recommendation, TierResult } from '../model/results.js'

/** Relative tolerance under which two figures count as a tie (floating-point noise). */
const TIE = 1e-9

/**
 * Recommends a memory size (MB) for one function, by three strategies:
 *
 * - `cost`: the lowest `costPerInvocation` (warm mean billed duration × GB × price + request);
 * - `speed`: the lowest mean warm billed duration;
 * - `balanced`: the lowest 0.5 × normalised cost + 0.5 × normalised mean billed duration, each
 *   min-max normalised over the eligible sizes to 0…1 (0 when all sizes are equal), so neither
 *   unit dominates; this is the `recommended-memory` output.
 *
 * Eligible sizes only: a size with any error (a timeout, a crash, an out-of-memory) or without
 * a warm successful sample is shown in the report but never recommended, because a cheaper
 * size that sometimes fails is not a saving. Ties (within 1e-9 relative) go to the smaller
 * size, which costs less to keep. Every strategy is null when no size is eligible.
 *
 * Within one function the price is the same at every size, so cost is an increasing affine
 * function of billed ms × MB: where a region has no USD price (costPerInvocation null), that
 * product stands in for cost and gives the same choices.
 */
export function recommend(tiers: readonly TierResult[]): Recommendation {
  const eligible = tiers
    .filter((t) => t.errors === 0 && t.billedDuration !== null)
    .sort((a, b) => a.memorySize - b.memorySize)
  if (eligible.length === 0) return { cost: null, speed: null, balanced: null }

  const durations = eligible.map((t) => t.billedDuration?.mean ?? NaN)
  const priced = eligible.every((t) => t.costPerInvocation !== null)
  const costs = eligible.map((t, i) =>
    priced ? (t.costPerInvocation as number) : durations[i] * t.memorySize
  )
  const cost = normalise(costs)
  const duration = normalise(durations)
  const balanced = eligible.map((_, i) => 0.5 * cost[i] + 0.5 * duration[i])

  return {
    cost: eligible[argmin(costs)].memorySize,
    speed: eligible[argmin(durations)].memorySize,
    balanced: eligible[argmin(balanced, true)].memorySize
  }
}

/** Min-max normalisation to 0…1; all zeros when the values are all equal. */
function normalise(values: readonly number[]): number[] {
  const min = Math.min(...values)
  const range = Math.max(...values) - min
  return values.map((v) => (range > 0 ? (v - min) / range : 0))
}

/** Index of the smallest value, the first (smallest memory) among ties. */
function argmin(values: readonly number[], absolute = false): number {
  let best = 0
  for (let i = 1; i < values.length; i++) {
    const tolerance = absolute ? TIE : TIE * Math.abs(values[best])
    if (values[i] < values[best] - tolerance) best = i
  }
  return best
}
