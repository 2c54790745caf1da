import { bootstrapRatioCi } from '../../src/compare/bootstrap.js'
import { mannWhitneyU } from '../../src/compare/mann-whitney.js'
import { erfc } from '../../src/compare/normal.js'
import { billed } from '../fixtures/results/samples.js'

// Reference values: scipy 1.17.1 `mannwhitneyu(x, y, use_continuity=True, method='asymptotic',
// alternative='two-sided')`, which computes what R's `wilcox.test(x, y, exact = FALSE)` does.
const cases = [
  {
    name: "R's ?wilcox.test example (no ties)",
    x: [0.8, 0.83, 1.89, 1.04, 1.45, 1.38, 1.91, 1.64, 0.73, 1.46],
    y: [1.15, 0.88, 0.9, 0.74, 1.21],
    u: 35,
    p: 0.24462360512698333
  },
  {
    name: 'integer billed ms, heavy ties',
    x: [12, 12, 13, 12, 14, 13, 12, 12],
    y: [13, 13, 14, 13, 15, 13, 14],
    u: 9,
    p: 0.02360392239848879
  },
  {
    name: 'a clear shift with one outlier',
    x: [101, 99, 100, 102, 98, 100, 101, 100, 99, 103, 100, 100],
    y: [108, 110, 107, 111, 109, 108, 112, 110, 109, 108, 100, 115],
    u: 6.5,
    p: 0.00015164700083989725
  },
  { name: 'identical samples', x: [1, 2, 3, 4, 5], y: [1, 2, 3, 4, 5], u: 12.5, p: 1 }
]

describe('mannWhitneyU', () => {
  it.each(cases)('matches the reference for $name', ({ x, y, u, p }) => {
    const r = mannWhitneyU(x, y)
    expect(r.u).toBe(u)
    expect(Math.abs(r.pValue - p) / p).toBeLessThan(1e-6)
  })

  it('is symmetric in its two samples', () => {
    const x = billed(40, 100, 0.1, 1)
    const y = billed(30, 104, 0.1, 2)
    const a = mannWhitneyU(x, y)
    const b = mannWhitneyU(y, x)
    expect(a.u + b.u).toBe(40 * 30)
    expect(a.pValue).toBeCloseTo(b.pValue, 12)
    expect(a.z).toBeCloseTo(-b.z, 12)
  })

  it('gives p = 1 when every value is the same (no variance at all)', () => {
    expect(mannWhitneyU([3, 3, 3, 3, 3], [3, 3, 3, 3, 3, 3]).pValue).toBe(1)
  })

  it('keeps the digits of tiny p-values', () => {
    const r = mannWhitneyU(billed(100, 100, 0.02, 3), billed(100, 150, 0.02, 4))
    expect(r.pValue).toBeGreaterThan(0)
    expect(r.pValue).toBeLessThan(1e-30)
  })
})

describe('erfc', () => {
  it('matches known values, relatively, in the tail', () => {
    // erfc(1) = 0.157299207050285, erfc(3) = 2.209049699858544e-5, erfc(6) = 2.151973671249892e-17
    expect(Math.abs(erfc(1) / 0.157299207050285 - 1)).toBeLessThan(2e-7)
    expect(Math.abs(erfc(3) / 2.209049699858544e-5 - 1)).toBeLessThan(2e-7)
    expect(Math.abs(erfc(6) / 2.151973671249892e-17 - 1)).toBeLessThan(2e-7)
    expect(erfc(-1)).toBeCloseTo(2 - 0.157299207050285, 7)
  })
})

describe('bootstrapRatioCi', () => {
  it('is reproducible for a seed and brackets the observed ratio', () => {
    const cur = billed(100, 110, 0.05, 5)
    const base = billed(100, 100, 0.05, 6)
    const a = bootstrapRatioCi(cur, base, { seed: 42 })
    expect(bootstrapRatioCi(cur, base, { seed: 42 })).toEqual(a)
    const mean = (s: number[]) => s.reduce((x, y) => x + y, 0) / s.length
    const observed = mean(cur) / mean(base)
    expect(a[0]).toBeLessThan(observed)
    expect(a[1]).toBeGreaterThan(observed)
    // With 5 % noise and 100 samples a side the interval is about ±1.5 % wide.
    expect(a[1] - a[0]).toBeGreaterThan(0.01)
    expect(a[1] - a[0]).toBeLessThan(0.05)
  })

  it('covers the true ratio about 95 % of the time', () => {
    // 400 independent experiments, true ratio 1.2 (means 120 / 100, 10 % noise, 40 samples a
    // side, no rounding so the true ratio is exact). Coverage of a percentile bootstrap at this
    // size is a little under nominal; 400 trials put the 95 % band of a 0.95 rate at ±2.2 %.
    let covered = 0
    const trials = 400
    for (let i = 0; i < trials; i++) {
      const z1 = billedExact(40, 120, 0.1, 1000 + i)
      const z2 = billedExact(40, 100, 0.1, 5000 + i)
      const [lo, hi] = bootstrapRatioCi(z1, z2, { seed: i, resamples: 1000 })
      if (lo <= 1.2 && 1.2 <= hi) covered++
    }
    const rate = covered / trials
    expect(rate).toBeGreaterThan(0.91)
    expect(rate).toBeLessThan(0.985)
  })
})

/** Unrounded normal samples, so the population ratio of means is known exactly. */
function billedExact(n: number, mean: number, cv: number, seed: number): number[] {
  return billed(n, mean * 1000, cv, seed).map((v) => v / 1000)
}
