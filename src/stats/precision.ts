/**
 * Adaptive sampling (`target-precision`): how precisely the warm mean billed duration is known
 * so far, as the half-width of its 95 % Student t confidence interval relative to the mean.
 *
 * Why the t-interval and not a bootstrap: the mean is the figure the report, the cost and the
 * comparison are made of, and by the central limit theorem its t-interval holds well for the
 * sample sizes in play here (at least `min-invocations` ≥ 5, usually 20 or more, of
 * right-skewed but light-tailed durations); it is updated in O(1) per invocation (Welford),
 * while a bootstrap after every invocation would cost O(n × resamples) each time, at
 * thousands of invocations in flight. Cold starts never enter it.
 */

/** The two-sided 95 % quantile of the standard normal. */
const Z = 1.959963984540054

/**
 * The 0.975 quantile of Student's t with `df` degrees of freedom, by its Cornish–Fisher
 * expansion around the normal quantile (within 0.3 % of the exact value from 4 degrees of
 * freedom on, and closer as they grow: 2.769 for 2.776 at df 4, 2.08595 for 2.08596 at df 20).
 */
export function tQuantile975(df: number): number {
  const z = Z
  const z3 = z ** 3
  const z5 = z ** 5
  const z7 = z ** 7
  return (
    z +
    (z3 + z) / (4 * df) +
    (5 * z5 + 16 * z3 + 3 * z) / (96 * df ** 2) +
    (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * df ** 3)
  )
}

/** A running sample's mean and the relative half-width of its 95 % confidence interval. */
export class MeanPrecision {
  private n = 0
  private mean = 0
  private m2 = 0

  /** Adds one warm billed duration, ms. */
  add(value: number): void {
    this.n++
    const delta = value - this.mean
    this.mean += delta / this.n
    this.m2 += delta * (value - this.mean)
  }

  /** The number of values added. */
  get count(): number {
    return this.n
  }

  /**
   * The 95 % interval's half-width as a percentage of the mean; Infinity with fewer than two
   * values (or a mean of 0), when nothing is known yet.
   */
  get halfWidthPct(): number {
    if (this.n < 2 || this.mean <= 0) return Infinity
    const sd = Math.sqrt(this.m2 / (this.n - 1))
    return ((tQuantile975(this.n - 1) * sd) / Math.sqrt(this.n) / this.mean) * 100
  }
}

/** The relative half-width (percent) of the 95 % interval of these values' mean. */
export function halfWidthPctOf(values: readonly number[]): number {
  const p = new MeanPrecision()
  for (const v of values) p.add(v)
  return p.halfWidthPct
}
