/**
 * Summary statistics of a sample (durations in ms).
 *
 * Percentiles use linear interpolation between closest ranks: R's `quantile(type = 7)`, numpy's
 * default `percentile(method = 'linear')` and Excel's PERCENTILE.INC. So a reader can check any
 * figure with the tool at hand. The standard deviation is the sample one (n − 1), 0 for one value.
 */
import { mean, sampleStandardDeviation } from 'simple-statistics'
import type { Summary } from '../model/results.js'

/**
 * The p-th quantile (0 ≤ p ≤ 1) of an ascending sample, R type 7: h = (n − 1)·p, then
 * interpolate between the values at floor(h) and ceil(h).
 */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) throw new Error('quantile of an empty sample')
  const h = (sorted.length - 1) * p
  const lo = Math.floor(h)
  const hi = Math.ceil(h)
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo])
}

/** Mean, p50, p90, p95, p99, min, max and sample stddev; null for an empty sample. */
export function summarize(values: readonly number[]): Summary | null {
  const sample = values.filter((v) => Number.isFinite(v))
  if (sample.length === 0) return null
  const sorted = [...sample].sort((a, b) => a - b)
  return {
    mean: mean(sample),
    p50: quantileSorted(sorted, 0.5),
    p90: quantileSorted(sorted, 0.9),
    p95: quantileSorted(sorted, 0.95),
    p99: quantileSorted(sorted, 0.99),
    min: sorted[0],
    max: sorted[sorted.length - 1],
    stddev: sample.length > 1 ? sampleStandardDeviation(sample) : 0
  }
}
