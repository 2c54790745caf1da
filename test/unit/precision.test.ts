/**
 * Adaptive sampling's interval (src/stats/precision.ts): the t quantile against a published
 * table, the running interval against the two-pass textbook formula, and its edges.
 */
import fc from 'fast-check'
import { halfWidthPctOf, MeanPrecision, tQuantile975 } from '../../src/stats/precision.js'

/** t(0.975, df), as printed in any Student t table (e.g. NIST/SEMATECH e-Handbook 1.3.6.7.2). */
const TABLE: [number, number][] = [
  [4, 2.776],
  [5, 2.571],
  [9, 2.262],
  [10, 2.228],
  [19, 2.093],
  [20, 2.086],
  [30, 2.042],
  [60, 2.0],
  [100, 1.984]
]

test.each(TABLE)('t quantile at %i degrees of freedom is %f within 0.3 %', (df, exact) => {
  expect(Math.abs(tQuantile975(df) / exact - 1)).toBeLessThan(0.003)
})

test('the t quantile falls towards the normal one as the sample grows', () => {
  for (let df = 4; df < 500; df++) expect(tQuantile975(df + 1)).toBeLessThan(tQuantile975(df))
  expect(tQuantile975(1e6)).toBeCloseTo(1.96, 3)
})

test('the running interval is the two-pass one', () => {
  fc.assert(
    fc.property(
      fc.array(fc.integer({ min: 1, max: 100_000 }), { minLength: 2, maxLength: 200 }),
      (xs) => {
        const n = xs.length
        const mean = xs.reduce((a, b) => a + b, 0) / n
        const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1))
        const expected = ((tQuantile975(n - 1) * sd) / Math.sqrt(n) / mean) * 100
        const p = new MeanPrecision()
        for (const x of xs) p.add(x)
        expect(p.count).toBe(n)
        expect(p.halfWidthPct).toBeCloseTo(expected, 9)
        expect(halfWidthPctOf(xs)).toBeCloseTo(expected, 9)
      }
    )
  )
})

test('nothing is known from fewer than two values, or of a mean of 0', () => {
  expect(halfWidthPctOf([])).toBe(Infinity)
  expect(halfWidthPctOf([120])).toBe(Infinity)
  expect(halfWidthPctOf([0, 0, 0])).toBe(Infinity)
  expect(halfWidthPctOf([100, 100, 100])).toBe(0)
})

test('with 5 % noise, ±2 % needs about (1.96 × 5 / 2)² ≈ 24 values', () => {
  // Values alternating ±5 %: a standard deviation of 5 % of the mean.
  const values = (n: number): number[] => Array.from({ length: n }, (_, i) => (i % 2 ? 105 : 95))
  expect(halfWidthPctOf(values(20))).toBeGreaterThan(2)
  expect(halfWidthPctOf(values(28))).toBeLessThanOrEqual(2)
})
