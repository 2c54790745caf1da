import { quantileSorted, summarize } from '../../src/stats/descriptive.js'

// Expected values from numpy 2.4: np.percentile(a, p) (method 'linear' = R type 7) and
// np.std(a, ddof=1).
const SAMPLE = [
  112, 98, 105, 131, 99, 101, 250, 97, 103, 108, 110, 96, 104, 102, 100, 99, 107, 115, 95, 120
]

describe('summarize', () => {
  it('matches numpy on a skewed sample of 20 billed durations', () => {
    const s = summarize(SAMPLE)
    expect(s).not.toBeNull()
    expect(s?.mean).toBeCloseTo(112.6, 10)
    expect(s?.p50).toBeCloseTo(103.5, 10)
    expect(s?.p90).toBeCloseTo(121.1, 10)
    expect(s?.p95).toBeCloseTo(136.95, 10)
    expect(s?.p99).toBeCloseTo(227.39, 10)
    expect(s?.min).toBe(95)
    expect(s?.max).toBe(250)
    expect(s?.stddev).toBeCloseTo(33.54400095397089, 10)
  })

  it('matches numpy on a small unsorted sample with fractions', () => {
    expect(summarize([3.5, 1.25, 7.0, 2.0])).toEqual({
      mean: 3.4375,
      p50: 2.75,
      p90: expect.closeTo(5.95, 12),
      p95: expect.closeTo(6.475, 12),
      p99: expect.closeTo(6.895, 12),
      min: 1.25,
      max: 7,
      stddev: expect.closeTo(2.5525722320827673, 12)
    })
  })

  it('gives stddev 0 and every percentile equal to the value for one value', () => {
    expect(summarize([42])).toEqual({
      mean: 42,
      p50: 42,
      p90: 42,
      p95: 42,
      p99: 42,
      min: 42,
      max: 42,
      stddev: 0
    })
  })

  it('answers null for no values and ignores non-finite ones', () => {
    expect(summarize([])).toBeNull()
    expect(summarize([NaN])).toBeNull()
    expect(summarize([1, NaN, 3])?.mean).toBe(2)
  })

  it('does not reorder the caller’s array', () => {
    const values = [3, 1, 2]
    summarize(values)
    expect(values).toEqual([3, 1, 2])
  })
})

describe('quantileSorted (R type 7)', () => {
  it('interpolates between closest ranks', () => {
    expect(quantileSorted([10, 20, 30, 40], 0)).toBe(10)
    expect(quantileSorted([10, 20, 30, 40], 1)).toBe(40)
    expect(quantileSorted([10, 20, 30, 40], 0.5)).toBe(25)
    expect(quantileSorted([10, 20, 30, 40], 0.9)).toBeCloseTo(37, 12)
  })

  it('throws on an empty sample', () => {
    expect(() => quantileSorted([], 0.5)).toThrow('empty')
  })
})
