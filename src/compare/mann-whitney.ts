/**
 * The Mann–Whitney U test (Wilcoxon rank-sum), two-sided, normal approximation with the tie
 * correction and the continuity correction — what R's `wilcox.test(x, y, exact = FALSE,
 * correct = TRUE)` computes.
 *
 * Why this test and not Welch's t, for billed durations:
 * - Its false-positive rate holds whatever the distribution's shape. Under "nothing changed"
 *   (both runs draw from one distribution: an A/A comparison) every assignment of ranks is
 *   equally likely, so the level is α for skewed, heavy-tailed or multi-modal samples alike.
 *   Welch's t only approaches α as the means become normal, which skew and rare outliers delay.
 * - Billed durations are integers with many ties (a 12 ms function bills 12 or 13 ms almost
 *   every time). Ties are averaged and the variance corrected for them; with the continuity
 *   correction the approximation errs on the conservative side.
 * - One outlier (a GC pause, a slow downstream call) moves one rank; in Welch's t it inflates
 *   the variance and hides a real slowdown, or shifts a mean and invents one.
 * It tests whether one run tends to be slower than the other (P(X > Y) ≠ ½), not the means as
 * such; a slowdown that scales durations moves both the same way, and the size of the change is
 * judged on the means by the caller's threshold. `scripts/bench-stats.ts` measures both tests'
 * false-positive rate and power on the emulator's duration model.
 */
import { twoSidedNormalP } from './normal.js'

/** The statistic and its two-sided p-value. */
export interface MannWhitneyResult {
  /** U of the first sample: the number of (x, y) pairs with x > y, ties counting ½. */
  u: number
  /** Standardised statistic after the continuity correction (0 when there is no variance). */
  z: number
  pValue: number
}

/** Two-sided Mann–Whitney U test of `x` against `y`. Both must be non-empty. */
export function mannWhitneyU(x: readonly number[], y: readonly number[]): MannWhitneyResult {
  const n1 = x.length
  const n2 = y.length
  if (n1 === 0 || n2 === 0) throw new Error('mannWhitneyU needs two non-empty samples')
  const n = n1 + n2
  // Tag each value with its side, sort once, then walk runs of equal values.
  const values = new Float64Array(n)
  const fromX = new Uint8Array(n)
  const order = new Uint32Array(n)
  for (let i = 0; i < n1; i++) {
    values[i] = x[i]
    fromX[i] = 1
  }
  for (let j = 0; j < n2; j++) values[n1 + j] = y[j]
  for (let i = 0; i < n; i++) order[i] = i
  order.sort((a, b) => values[a] - values[b])

  let rankSumX = 0
  let tieTerm = 0
  for (let start = 0; start < n;) {
    let end = start + 1
    while (end < n && values[order[end]] === values[order[start]]) end++
    const run = end - start
    const midRank = (start + 1 + end) / 2
    for (let k = start; k < end; k++) if (fromX[order[k]] === 1) rankSumX += midRank
    tieTerm += run * run * run - run
    start = end
  }

  const u = rankSumX - (n1 * (n1 + 1)) / 2
  const mean = (n1 * n2) / 2
  const variance = ((n1 * n2) / 12) * (n + 1 - tieTerm / (n * (n - 1)))
  if (!(variance > 0)) return { u, z: 0, pValue: 1 }
  const distance = Math.max(0, Math.abs(u - mean) - 0.5)
  const z = (Math.sign(u - mean) * distance) / Math.sqrt(variance)
  return { u, z, pValue: twoSidedNormalP(z) }
}
