import { compareResults } from '../../src/compare/comparison.js'
import { compareVerdictLine, regressionMessages } from '../../src/report/verdict.js'
import { withoutSamples } from '../../src/publish/outputs.js'
import { billed, fn, results, tier } from '../fixtures/results/samples.js'

const BASE_DATE = '2026-11-24T09:00:00.000Z'

describe('compareResults', () => {
  it('finds no change between identical runs', () => {
    const samples = billed(100, 230, 0.05, 1)
    const run = results(BASE_DATE, [fn('api', [tier(512, samples)])])
    const c = compareResults(run, run, { thresholdPct: 10 })
    expect(c.tiers).toHaveLength(1)
    const [t] = c.tiers
    expect(t.verdict).toBe('unchanged')
    expect(t.ratio).toBe(1)
    expect(t.pValue).toBe(1)
    expect(t.ratioCi![0]).toBeLessThan(1)
    expect(t.ratioCi![1]).toBeGreaterThan(1)
    expect(t.costRatio).toBeCloseTo(1, 12)
    expect(c.regressions).toBe(0)
    expect(compareVerdictLine(c)).toBe('No significant change against the baseline of 2026-11-24')
  })

  it('calls a 20 % slowdown with 5 % noise a regression, and its reverse an improvement', () => {
    const base = results(BASE_DATE, [fn('api', [tier(512, billed(100, 200, 0.05, 1))])])
    const slow = results('2026-11-25', [fn('api', [tier(512, billed(100, 240, 0.05, 2))])])
    const c = compareResults(slow, base, { thresholdPct: 10 })
    expect(c.tiers[0].verdict).toBe('regression')
    expect(c.tiers[0].ratio!).toBeGreaterThan(1.17)
    expect(c.tiers[0].ratioCi![0]).toBeGreaterThan(1.15)
    expect(c.tiers[0].pValue!).toBeLessThan(1e-10)
    expect(c.tiers[0].costRatio!).toBeGreaterThan(1.1)
    expect(c.regressions).toBe(1)
    expect(compareVerdictLine(c)).toBe('**1 regression** against the baseline of 2026-11-24')
    expect(regressionMessages(c)).toEqual([
      expect.stringMatching(/^api @ 512 MB: 20\d → 2\d\d ms \(\+\d/)
    ])

    const back = compareResults(base, slow, { thresholdPct: 10 })
    expect(back.tiers[0].verdict).toBe('improvement')
    expect(back.improvements).toBe(1)
    expect(compareVerdictLine(back)).toBe('1 improvement against the baseline of 2026-11-25')
  })

  it('does not call a 20 % shift significant with huge noise and 10 samples', () => {
    const base = results(BASE_DATE, [fn('api', [tier(512, billed(10, 200, 0.8, 3))])])
    const cur = results('2026-11-25', [fn('api', [tier(512, billed(10, 240, 0.8, 4))])])
    const t = compareResults(cur, base, { thresholdPct: 10 }).tiers[0]
    expect(t.pValue!).toBeGreaterThan(0.01)
    expect(t.verdict).toBe('unchanged')
  })

  it('calls a significant change smaller than the threshold unchanged', () => {
    const base = results(BASE_DATE, [fn('api', [tier(512, billed(100, 1000, 0.01, 5))])])
    const cur = results('2026-11-25', [fn('api', [tier(512, billed(100, 1050, 0.01, 6))])])
    const t = compareResults(cur, base, { thresholdPct: 10 }).tiers[0]
    expect(t.pValue!).toBeLessThan(1e-10)
    expect(t.verdict).toBe('unchanged')
    // …and a regression once the threshold is below the change.
    expect(compareResults(cur, base, { thresholdPct: 3 }).tiers[0].verdict).toBe('regression')
  })

  it('treats "exactly the threshold" as not more than it', () => {
    const base = results(BASE_DATE, [fn('api', [tier(128, [...Array(50).fill(100)])])])
    const cur = results('2026-11-25', [fn('api', [tier(128, [...Array(50).fill(110)])])])
    const t = compareResults(cur, base, { thresholdPct: 10 }).tiers[0]
    expect(t.pValue!).toBeLessThan(1e-10)
    expect(t.verdict).toBe('unchanged')
  })

  it('is reproducible for a seed', () => {
    const base = results(BASE_DATE, [fn('api', [tier(512, billed(100, 200, 0.05, 1))])])
    const cur = results('2026-11-25', [fn('api', [tier(512, billed(100, 204, 0.05, 2))])])
    const a = compareResults(cur, base, { thresholdPct: 10, seed: 9 })
    expect(compareResults(cur, base, { thresholdPct: 10, seed: 9 })).toEqual(a)
  })

  it('matches renamed stages through the baseline map, and lists what did not match', () => {
    const base = results(BASE_DATE, [
      fn('orders-main', [tier(128, billed(50, 300, 0.05, 1)), tier(256, billed(50, 150, 0.05, 2))]),
      fn('legacy', [tier(128, billed(50, 90, 0.05, 3))])
    ])
    const cur = results('2026-11-25', [
      fn('orders-pr-42', [
        tier(256, billed(50, 150, 0.05, 4)),
        tier(1024, billed(50, 40, 0.05, 5))
      ]),
      fn('brand-new', [tier(128, billed(50, 90, 0.05, 6))])
    ])
    const c = compareResults(cur, base, {
      thresholdPct: 10,
      map: { 'orders-pr-42': 'orders-main' }
    })
    expect(c.tiers.map((t) => [t.functionName, t.baselineFunctionName, t.memorySize])).toEqual([
      ['orders-pr-42', 'orders-main', 256]
    ])
    expect(c.unmatched.functions).toEqual(['brand-new'])
    expect(c.unmatched.baselineFunctions).toEqual(['legacy'])
    expect(c.unmatched.memorySizes).toEqual([
      { functionName: 'orders-pr-42', memorySize: 1024, side: 'current' },
      { functionName: 'orders-main', memorySize: 128, side: 'baseline' }
    ])

    const unmapped = compareResults(cur, base, { thresholdPct: 10 })
    expect(unmapped.tiers).toEqual([])
    expect(unmapped.unmatched.functions).toEqual(['orders-pr-42', 'brand-new'])
    expect(compareVerdictLine(unmapped)).toMatch(/^Nothing to compare against the baseline/)
  })

  it('tells one name in two regions apart by display name', () => {
    const east = fn('api', [tier(128, billed(50, 100, 0.05, 1))], 'us-east-1')
    const west = fn('api', [tier(128, billed(50, 200, 0.05, 2))], 'eu-west-1')
    east.displayName = 'api (us-east-1)'
    west.displayName = 'api (eu-west-1)'
    const c = compareResults(
      results('2026-11-25', [west, east]),
      results(BASE_DATE, [east, west]),
      { thresholdPct: 10 }
    )
    expect(c.tiers.map((t) => [t.functionName, t.baselineFunctionName, t.verdict])).toEqual([
      ['api (eu-west-1)', 'api (eu-west-1)', 'unchanged'],
      ['api (us-east-1)', 'api (us-east-1)', 'unchanged']
    ])
  })

  it('reports too few samples as insufficient data, not as a verdict', () => {
    const base = results(BASE_DATE, [fn('api', [tier(128, [100, 101, 100])])])
    const cur = results('2026-11-25', [fn('api', [tier(128, [200, 201, 200])])])
    const c = compareResults(cur, base, { thresholdPct: 10 })
    const [t] = c.tiers
    expect(t.verdict).toBe('insufficient-data')
    expect(t.ratio!).toBeCloseTo(2, 2)
    expect(t.pValue).toBeNull()
    expect(t.ratioCi).toBeNull()
    expect(c.regressions).toBe(0)
    expect(compareVerdictLine(c)).toBe(
      'No significant change against the baseline of 2026-11-24 (1 of 1 pair had too few samples to test)'
    )
  })

  it('handles a baseline written without samples: means shown, nothing tested', () => {
    const base = withoutSamples(
      results(BASE_DATE, [fn('api', [tier(128, billed(100, 100, 0.05, 1))])])
    )
    const cur = results('2026-11-25', [fn('api', [tier(128, billed(100, 150, 0.05, 2))])])
    const [t] = compareResults(cur, base, { thresholdPct: 10 }).tiers
    expect(t.verdict).toBe('insufficient-data')
    expect(t.baselineSamples).toBe(0)
    expect(t.baselineMean!).toBeGreaterThan(95)
    expect(t.ratio!).toBeGreaterThan(1.4)
  })

  it('handles a tier with no warm measurement (every invocation failed)', () => {
    const base = results(BASE_DATE, [fn('api', [tier(128, billed(100, 100, 0.05, 1))])])
    const cur = results('2026-11-25', [fn('api', [tier(128, [])])])
    const [t] = compareResults(cur, base, { thresholdPct: 10 }).tiers
    expect(t.verdict).toBe('insufficient-data')
    expect(t.currentMean).toBeNull()
    expect(t.ratio).toBeNull()
    expect(t.costRatio).toBeNull()
  })

  it('counts and words several verdicts', () => {
    const sizes = [128, 256, 512]
    const base = results(
      BASE_DATE,
      ['a', 'b'].map((n, i) =>
        fn(
          n,
          sizes.map((m, j) => tier(m, billed(100, 100, 0.05, i * 10 + j)))
        )
      )
    )
    const factor: Record<string, number> = { a128: 1.3, a256: 1.25, b512: 0.7 }
    const cur = results(
      '2026-11-25',
      ['a', 'b'].map((n, i) =>
        fn(
          n,
          sizes.map((m, j) =>
            tier(m, billed(100, 100 * (factor[`${n}${m}`] ?? 1), 0.05, 100 + i * 10 + j))
          )
        )
      )
    )
    const c = compareResults(cur, base, { thresholdPct: 10 })
    expect([c.regressions, c.improvements]).toEqual([2, 1])
    expect(compareVerdictLine(c)).toBe(
      '**2 regressions**, 1 improvement against the baseline of 2026-11-24'
    )
  })
})

describe('the baseline date, which comes from a file', () => {
  it('never carries markup from a hostile or odd startedAt into the comment', () => {
    const samples = billed(100, 230, 0.05, 1)
    const run = results(BASE_DATE, [fn('api', [tier(512, samples)])])
    const hostile = results('<!-- lambda-memory-benchmark --> @octocat', run.functions)
    const c = compareResults(run, hostile, { thresholdPct: 10 })
    expect(compareVerdictLine(c)).toBe('No significant change against the baseline')
    const dated = compareResults(run, results('2026-11-24', run.functions), { thresholdPct: 10 })
    expect(compareVerdictLine(dated)).toBe(
      'No significant change against the baseline of 2026-11-24'
    )
  })
})
