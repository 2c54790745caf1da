/**
 * mergeResults: the results files of a matrix of jobs (one per region or account) as one run.
 * Realistic shards from the results builder; comparisons made by compareResults, as the jobs
 * make them; properties over any split of functions into shards.
 */
import fc from 'fast-check'
import { compareResults } from '../../src/compare/comparison.js'
import type {
  BenchmarkSettings,
  Comparison,
  FunctionResult,
  Results
} from '../../src/model/results.js'
import {
  duplicateFunctions,
  MergeError,
  mergeResults,
  type Shard
} from '../../src/results/merge.js'
import { validateResults } from '../../src/results/validate.js'
import { displayNames } from '../../src/stats/display-names.js'
import { fn, results } from '../fixtures/results/builder.js'

const EU = 'eu-west-1'
const US = 'us-east-1'
const MERGE_RUN = 'https://github.com/acme/orders/actions/runs/999'

/** A function of the builder, in `region` and (optionally) another account. */
function lambda(
  name: string,
  region: string,
  mean: number,
  account?: string,
  sizes: [number, number] = [512, 1024]
): FunctionResult {
  const f = fn({
    name,
    region,
    tiers: [
      { memorySize: sizes[0], mean, invocations: 40, seed: mean },
      { memorySize: sizes[1], mean: mean / 2, invocations: 40, seed: mean + 1 }
    ]
  })
  return account === undefined
    ? f
    : { ...f, functionArn: `arn:aws:lambda:${region}:${account}:function:${name}` }
}

/** Results as one job writes them: display names unique among its own functions. */
function run(functions: FunctionResult[], settings: Partial<BenchmarkSettings> = {}): Results {
  const names = displayNames(functions)
  return results(
    functions.map((f, i) => ({ ...f, displayName: names[i] })),
    settings
  )
}

/** One job's results file, timed as given. */
function shard(
  path: string,
  functions: FunctionResult[],
  times: [string, string],
  settings: Partial<BenchmarkSettings> = {},
  extra: Partial<Results> = {}
): Shard {
  const r = run(functions, settings)
  return {
    path,
    results: {
      ...r,
      startedAt: times[0],
      finishedAt: times[1],
      runUrl: 'https://github.com/acme/orders/actions/runs/123',
      ...extra
    }
  }
}

const T = (hhmm: string): string => `2026-11-24T${hhmm}:00.000Z`

/** The error a call throws, for its fields. */
function thrown(f: () => unknown): MergeError {
  try {
    f()
  } catch (error) {
    if (error instanceof MergeError) return error
    throw error
  }
  throw new Error('expected a MergeError')
}

const compare = (current: Results, baseline: Results, thresholdPct = 10): Comparison =>
  compareResults(current, baseline, { thresholdPct, resamples: 300 })

describe('mergeResults', () => {
  const eu = shard(
    'shards/eu.json',
    [lambda('orders-api', EU, 200), lambda('billing', EU, 90)],
    [T('10:02'), T('10:09')]
  )
  const us = shard(
    'shards/us.json',
    [lambda('orders-api', US, 210), lambda('thumbnailer', US, 800)],
    [T('10:00'), T('10:07')]
  )

  it('lists every function in shard order, with display names unique across the shards', () => {
    const merged = mergeResults([eu, us], { runUrl: MERGE_RUN })
    expect(merged.functions.map((f) => f.functionArn)).toEqual([
      eu.results.functions[0].functionArn,
      eu.results.functions[1].functionArn,
      us.results.functions[0].functionArn,
      us.results.functions[1].functionArn
    ])
    // Each shard called its own orders-api just "orders-api"; together they need the region.
    expect(eu.results.functions[0].displayName).toBe('orders-api')
    expect(merged.functions.map((f) => f.displayName)).toEqual([
      'orders-api (eu-west-1)',
      'billing',
      'orders-api (us-east-1)',
      'thumbnailer'
    ])
    // Everything else of a function is what its shard measured.
    expect(merged.functions[2]).toStrictEqual({
      ...us.results.functions[0],
      displayName: 'orders-api (us-east-1)'
    })
  })

  it('adds the account where the same name is in one region of two accounts', () => {
    const a = shard(
      'a.json',
      [lambda('orders-api', EU, 200, '111111111111')],
      [T('10:00'), T('10:01')]
    )
    const b = shard(
      'b.json',
      [lambda('orders-api', EU, 200, '222222222222')],
      [T('10:00'), T('10:01')]
    )
    expect(mergeResults([a, b]).functions.map((f) => f.displayName)).toEqual([
      'orders-api (eu-west-1, 111111111111)',
      'orders-api (eu-west-1, 222222222222)'
    ])
  })

  it('spans the earliest start to the latest finish, with the merge job’s run link', () => {
    const merged = mergeResults([eu, us], { runUrl: MERGE_RUN })
    expect(merged.startedAt).toBe(T('10:00'))
    expect(merged.finishedAt).toBe(T('10:09'))
    expect(merged.runUrl).toBe(MERGE_RUN)
    expect(merged.schemaVersion).toBe(1)
    expect(mergeResults([eu, us])).not.toHaveProperty('runUrl')
  })

  it('compares instants, not strings, whatever the offset', () => {
    const a = shard('a.json', [lambda('a', EU, 100)], ['2026-11-24T11:30:00+02:00', T('10:05')])
    const b = shard('b.json', [lambda('b', EU, 100)], [T('10:00'), '2026-11-24T09:10:00-02:00'])
    const merged = mergeResults([a, b])
    expect(merged.startedAt).toBe('2026-11-24T11:30:00+02:00') // 09:30 UTC
    expect(merged.finishedAt).toBe('2026-11-24T09:10:00-02:00') // 11:10 UTC
  })

  it('is cancelled when any shard was, and says nothing of it otherwise', () => {
    const cancelled = { ...us, results: { ...us.results, cancelled: true } }
    expect(mergeResults([eu, cancelled]).cancelled).toBe(true)
    expect(mergeResults([eu, us])).not.toHaveProperty('cancelled')
  })

  it('keeps settings every shard agrees on', () => {
    const settings: Partial<BenchmarkSettings> = {
      memorySizes: [512, 1024],
      invocations: 40,
      concurrency: 5,
      isolation: 'versions',
      monthlyInvocations: 2_000_000,
      coldStarts: 0,
      targetPrecision: null,
      minInvocations: null
    }
    const a = shard('a.json', [lambda('a', EU, 100)], [T('10:00'), T('10:01')], settings)
    const b = shard('b.json', [lambda('b', US, 100)], [T('10:00'), T('10:01')], settings)
    expect(mergeResults([a, b]).settings).toStrictEqual(settings)
  })

  it('settles settings the shards disagree on, and records each shard’s own', () => {
    const a = shard('a.json', [lambda('a', EU, 100)], [T('10:00'), T('10:01')], {
      memorySizes: [1024, 512],
      invocations: 40,
      concurrency: 20,
      isolation: 'versions',
      monthlyInvocations: 1_000_000,
      coldStarts: 10,
      targetPrecision: null,
      minInvocations: null
    })
    const b = shard('b.json', [lambda('b', US, 100)], [T('10:02'), T('10:03')], {
      memorySizes: [128, 512],
      invocations: 100,
      concurrency: 10,
      isolation: 'latest',
      monthlyInvocations: 3_000_000
    })
    const merged = mergeResults([a, b])
    expect(merged.settings).toStrictEqual({
      memorySizes: [128, 512, 1024],
      invocations: 100,
      concurrency: 20,
      // Never claims an isolation some functions were not measured with.
      isolation: 'latest',
      // A monthly projection with another job's traffic would be wrong.
      monthlyInvocations: null,
      // The most any job asked for: the report's Cold starts section is shown.
      coldStarts: 10,
      targetPrecision: null,
      minInvocations: null
    })
    expect(merged.merged).toStrictEqual({
      files: [
        {
          path: 'a.json',
          runUrl: 'https://github.com/acme/orders/actions/runs/123',
          startedAt: T('10:00'),
          finishedAt: T('10:01'),
          settings: a.results.settings,
          functions: [a.results.functions[0].functionArn]
        },
        {
          path: 'b.json',
          runUrl: 'https://github.com/acme/orders/actions/runs/123',
          startedAt: T('10:02'),
          finishedAt: T('10:03'),
          settings: b.results.settings,
          functions: [b.results.functions[0].functionArn]
        }
      ]
    })
  })

  it('records which shard was cancelled, and a shard without a run link without one', () => {
    const noLink: Results = { ...us.results, cancelled: true }
    delete noLink.runUrl
    const merged = mergeResults([eu, { ...us, results: noLink }])
    expect(merged.merged?.files[0]).not.toHaveProperty('cancelled')
    expect(merged.merged?.files[1].cancelled).toBe(true)
    expect(merged.merged?.files[1]).not.toHaveProperty('runUrl')
  })

  it('writes a file readResults reads back unchanged', () => {
    const merged = mergeResults([eu, us], { runUrl: MERGE_RUN })
    const read = validateResults(JSON.parse(JSON.stringify(merged)))
    expect(read).toStrictEqual({ ok: true, results: merged })
  })

  it('refuses a function in two shards, naming it and both files', () => {
    const again = shard('shards/eu-again.json', [eu.results.functions[1]], [T('10:00'), T('10:01')])
    const error = thrown(() => mergeResults([eu, us, again]))
    expect(error.problems).toEqual([
      `merge-results: billing (${eu.results.functions[1].functionArn}) is in both shards/eu.json and shards/eu-again.json`
    ])
    expect(error.message).toBe(error.problems.join('\n'))
  })

  it('names every file a function is in, one problem per function', () => {
    const [orders, billing] = eu.results.functions
    const b = shard('b.json', [orders, billing], [T('10:00'), T('10:01')])
    const c = shard('c.json', [orders], [T('10:00'), T('10:01')])
    expect(duplicateFunctions([eu, b, c])).toEqual([
      `merge-results: orders-api (${orders.functionArn}) is in shards/eu.json, b.json and c.json`,
      `merge-results: billing (${billing.functionArn}) is in both shards/eu.json and b.json`
    ])
    expect(duplicateFunctions([eu, us])).toEqual([])
  })

  it('refuses to merge nothing', () => {
    expect(thrown(() => mergeResults([])).problems).toEqual([
      'merge-results: no results file to merge'
    ])
  })
})

describe('mergeResults: the shards’ comparisons', () => {
  // The base branch's last merged run: both regions, and a function since removed.
  const baseline = results([
    { ...lambda('orders-api', EU, 200), displayName: 'orders-api (eu-west-1)' },
    { ...lambda('orders-api', US, 200), displayName: 'orders-api (us-east-1)' },
    lambda('legacy-job', US, 50)
  ])
  const withBaseline = (s: Shard, base: Results = baseline, thresholdPct = 10): Shard => ({
    ...s,
    results: { ...s.results, comparison: compare(s.results, base, thresholdPct) }
  })
  // 30 % slower in eu-west-1; unchanged in us-east-1, plus a function the baseline lacks.
  const eu = withBaseline(
    shard('eu.json', [lambda('orders-api', EU, 260)], [T('10:00'), T('10:05')])
  )
  const us = withBaseline(
    shard(
      'us.json',
      [lambda('orders-api', US, 200), lambda('thumbnailer', US, 800)],
      [T('10:00'), T('10:06')]
    )
  )

  it('combines the pairs under the merged display names, summing the counts', () => {
    const c = mergeResults([eu, us]).comparison!
    expect(eu.results.comparison!.regressions).toBe(2)
    expect(c.tiers).toHaveLength(4)
    expect(c.tiers.map((t) => [t.functionName, t.baselineFunctionName, t.memorySize])).toEqual([
      ['orders-api (eu-west-1)', 'orders-api (eu-west-1)', 512],
      ['orders-api (eu-west-1)', 'orders-api (eu-west-1)', 1024],
      ['orders-api (us-east-1)', 'orders-api (us-east-1)', 512],
      ['orders-api (us-east-1)', 'orders-api (us-east-1)', 1024]
    ])
    // The numbers of each pair are its shard's.
    expect(c.tiers[0]).toStrictEqual({
      ...eu.results.comparison!.tiers[0],
      functionName: 'orders-api (eu-west-1)'
    })
    expect(c.regressions).toBe(
      eu.results.comparison!.regressions + us.results.comparison!.regressions
    )
    expect(c.improvements).toBe(
      eu.results.comparison!.improvements + us.results.comparison!.improvements
    )
    expect(c.regressions).toBe(c.tiers.filter((t) => t.verdict === 'regression').length)
    expect(c).not.toHaveProperty('live')
    expect(c.thresholdPct).toBe(10)
    expect(c.alpha).toBe(0.01)
  })

  it('unions what was unmatched, leaving out a baseline function another shard paired', () => {
    // Each shard saw the other region's orders-api in the baseline as unmatched.
    expect(eu.results.comparison!.unmatched.baselineFunctions).toContain('orders-api (us-east-1)')
    expect(us.results.comparison!.unmatched.baselineFunctions).toContain('orders-api (eu-west-1)')
    const { unmatched } = mergeResults([eu, us]).comparison!
    expect(unmatched.functions).toEqual(['thumbnailer'])
    expect(unmatched.baselineFunctions).toEqual(['legacy-job'])
    expect(unmatched.memorySizes).toEqual([])
  })

  it('renames the current side of an unmatched memory size', () => {
    const older = results([
      {
        ...fn({ name: 'orders-api', region: EU, tiers: [{ memorySize: 512, mean: 200 }] }),
        displayName: 'orders-api (eu-west-1)'
      },
      {
        ...fn({ name: 'orders-api', region: US, tiers: [{ memorySize: 2048, mean: 100 }] }),
        displayName: 'orders-api (us-east-1)'
      }
    ])
    const a = withBaseline(
      shard('eu.json', [lambda('orders-api', EU, 200)], [T('10:00'), T('10:01')]),
      older
    )
    const b = withBaseline(
      shard('us.json', [lambda('orders-api', US, 200)], [T('10:00'), T('10:01')]),
      older
    )
    expect(mergeResults([a, b]).comparison!.unmatched.memorySizes).toEqual([
      { functionName: 'orders-api (eu-west-1)', memorySize: 1024, side: 'current' },
      { functionName: 'orders-api (us-east-1)', memorySize: 512, side: 'current' },
      { functionName: 'orders-api (us-east-1)', memorySize: 1024, side: 'current' },
      { functionName: 'orders-api (us-east-1)', memorySize: 2048, side: 'baseline' }
    ])
  })

  it('keeps a baseline file’s own names, even where they were the current ones', () => {
    // Each job compared with its own region's last run, where orders-api needed no region.
    const a = withBaseline(eu, results([lambda('orders-api', EU, 200), lambda('old-eu', EU, 9)]))
    const b = withBaseline(us, results([lambda('orders-api', US, 200)]))
    const c = mergeResults([a, b]).comparison!
    expect(c.tiers.map((t) => [t.functionName, t.baselineFunctionName])).toEqual([
      ['orders-api (eu-west-1)', 'orders-api'],
      ['orders-api (eu-west-1)', 'orders-api'],
      ['orders-api (us-east-1)', 'orders-api'],
      ['orders-api (us-east-1)', 'orders-api']
    ])
    expect(c.unmatched.baselineFunctions).toEqual(['old-eu'])
  })

  it('dates the comparison by the earliest baseline', () => {
    const older = { ...baseline, startedAt: '2025-05-01T08:00:00.000Z' }
    const a = withBaseline(
      shard('a.json', [lambda('orders-api', EU, 200)], [T('10:00'), T('10:01')]),
      older
    )
    const b = withBaseline(
      shard('b.json', [lambda('orders-api', US, 200)], [T('10:00'), T('10:01')])
    )
    expect(b.results.comparison!.baselineStartedAt).toBe(baseline.startedAt)
    expect(mergeResults([b, a]).comparison!.baselineStartedAt).toBe('2025-05-01T08:00:00.000Z')
  })

  it('lists the functions of a shard without a baseline as unmatched', () => {
    const bare = shard('zz.json', [lambda('reports', US, 300)], [T('10:00'), T('10:01')])
    const { unmatched } = mergeResults([eu, us, bare]).comparison!
    expect(unmatched.functions).toEqual(['thumbnailer', 'reports'])
  })

  it('has no comparison when no shard had one', () => {
    const plain = (s: Shard): Shard => {
      const rest: Results = { ...s.results }
      delete rest.comparison
      return { ...s, results: rest }
    }
    expect(mergeResults([plain(eu), plain(us)])).not.toHaveProperty('comparison')
  })

  it('refuses comparisons made by different rules, naming every file and rule', () => {
    const strict = withBaseline(
      shard('us.json', us.results.functions, [T('10:00'), T('10:06')]),
      baseline,
      5
    )
    const also = withBaseline(
      shard('ap.json', [lambda('search', 'ap-south-1', 90)], [T('10:00'), T('10:06')])
    )
    const error = thrown(() => mergeResults([also, eu, strict]))
    expect(error.problems).toEqual([
      'merge-results: the files compared with their baselines by different rules (ap.json and eu.json with regression-threshold 10 %, α 0.01; us.json with regression-threshold 5 %, α 0.01): run every job with the same regression-threshold, or give this job a baseline to compare the merged run afresh'
    ])
  })

  it('refuses different significance levels too', () => {
    const other = {
      ...us,
      results: { ...us.results, comparison: { ...us.results.comparison!, alpha: 0.05 } }
    }
    expect(thrown(() => mergeResults([eu, other])).problems[0]).toContain(
      'us.json with regression-threshold 10 %, α 0.05'
    )
  })

  it('leaves the comparisons out, unchecked, when the merged run is compared afresh', () => {
    const strict = withBaseline(
      shard('us.json', us.results.functions, [T('10:00'), T('10:06')]),
      baseline,
      5
    )
    const merged = mergeResults([eu, strict], { combineComparisons: false })
    expect(merged).not.toHaveProperty('comparison')
    expect(merged.functions).toHaveLength(3)
    // A function in two shards is refused either way.
    expect(() => mergeResults([eu, eu], { combineComparisons: false })).toThrow(MergeError)
  })
})

describe('mergeResults: live baselines measured in each shard', () => {
  /** A shard with a live pair: `name-pr` against `name-main`, in `region`. */
  function liveShard(path: string, region: string, prMean: number): Shard {
    const main = lambda('orders-api-main', region, 200)
    const pr = lambda('orders-api-pr', region, prMean)
    const r = results([
      { ...pr, liveBaseline: main.functionArn },
      { ...main, liveBaselineOf: pr.functionArn }
    ])
    const side = (functions: FunctionResult[]): Results => ({ ...r, functions })
    const comparison = compareResults(side([r.functions[0]]), side([r.functions[1]]), {
      thresholdPct: 10,
      map: { 'orders-api-pr': 'orders-api-main' },
      resamples: 300
    })
    return shard(
      path,
      r.functions,
      [T('10:00'), T('10:04')],
      {},
      {
        comparison: { ...comparison, live: true }
      }
    )
  }
  const eu = liveShard('eu.json', EU, 260)
  const us = liveShard('us.json', US, 200)

  it('stays live, with both sides of each pair under the merged names', () => {
    const c = mergeResults([eu, us]).comparison!
    expect(c.live).toBe(true)
    expect(c.tiers.map((t) => [t.functionName, t.baselineFunctionName])).toEqual([
      ['orders-api-pr (eu-west-1)', 'orders-api-main (eu-west-1)'],
      ['orders-api-pr (eu-west-1)', 'orders-api-main (eu-west-1)'],
      ['orders-api-pr (us-east-1)', 'orders-api-main (us-east-1)'],
      ['orders-api-pr (us-east-1)', 'orders-api-main (us-east-1)']
    ])
    expect(c.regressions).toBe(2)
    expect(c.unmatched).toEqual({ functions: [], baselineFunctions: [], memorySizes: [] })
  })

  it('does not list a shard’s functions outside a pair, as one live run would not', () => {
    const bare = shard('zz.json', [lambda('reports', US, 300)], [T('10:00'), T('10:01')])
    const c = mergeResults([eu, us, bare]).comparison!
    expect(c.live).toBe(true)
    expect(c.unmatched.functions).toEqual([])
  })

  it('is not live once one shard compared with a baseline file', () => {
    const stored = shard('ap.json', [lambda('search', 'ap-south-1', 90)], [T('10:00'), T('10:01')])
    const baseline = results([lambda('search', 'ap-south-1', 90)])
    const c = mergeResults([
      eu,
      { ...stored, results: { ...stored.results, comparison: compare(stored.results, baseline) } }
    ]).comparison!
    expect(c).not.toHaveProperty('live')
    expect(c.tiers.map((t) => t.functionName)).toEqual([
      'orders-api-pr',
      'orders-api-pr',
      'search',
      'search'
    ])
  })
})

describe('mergeResults: properties over any split into shards', () => {
  const REGIONS = [EU, US, 'ap-south-1']
  const ACCOUNTS = ['111111111111', '222222222222']
  const place = fc.record({
    name: fc.constantFrom('orders-api', 'billing', 'thumbnailer'),
    region: fc.constantFrom(...REGIONS),
    account: fc.constantFrom(...ACCOUNTS),
    mean: fc.integer({ min: 50, max: 2_000 }),
    sizes: fc.constantFrom<[number, number][]>([512, 1024], [1024, 2048], [128, 3008])
  })
  const settings: fc.Arbitrary<Partial<BenchmarkSettings>> = fc.record({
    invocations: fc.integer({ min: 1, max: 200 }),
    concurrency: fc.integer({ min: 1, max: 50 }),
    isolation: fc.constantFrom('latest' as const, 'versions' as const),
    monthlyInvocations: fc.option(fc.constantFrom(1_000_000, 5_000_000), { nil: null })
  })
  const instant = fc.integer({ min: Date.parse('2026-01-01'), max: Date.parse('2026-12-31') })

  /** Functions unique by ARN, spread over up to four shards (some maybe empty). */
  const split: fc.Arbitrary<Shard[]> = fc
    .uniqueArray(place, {
      selector: (p) => `${p.name}|${p.region}|${p.account}`,
      minLength: 1,
      maxLength: 7
    })
    .chain((places) =>
      fc.tuple(
        fc.constant(places),
        fc.array(fc.nat({ max: 3 }), { minLength: places.length, maxLength: places.length }),
        fc.array(
          fc.tuple(settings, instant, fc.nat({ max: 3_600_000 }), fc.boolean(), fc.boolean()),
          {
            minLength: 4,
            maxLength: 4
          }
        )
      )
    )
    .map(([places, where, jobs]) =>
      jobs
        .map(([s, start, took, cancelled, compared], i) => {
          const functions = places
            .filter((_, k) => where[k] === i)
            .map((p) => lambda(p.name, p.region, p.mean, p.account, p.sizes))
          const times: [string, string] = [
            new Date(start).toISOString(),
            new Date(start + took).toISOString()
          ]
          const r = shard(`shard-${i}.json`, functions, times, s, cancelled ? { cancelled } : {})
          if (!compared) return r
          const slower = run(
            functions.map((f) =>
              lambda(f.functionName, f.region, 150, f.functionArn.split(':')[4], [
                f.tiers[0].memorySize,
                f.tiers[1].memorySize
              ])
            )
          )
          return { ...r, results: { ...r.results, comparison: compare(r.results, slower) } }
        })
        .filter((s, i) => s.results.functions.length > 0 || i === 0)
    )

  /** The same shards in any order. */
  const shuffled = split.chain((shards) =>
    fc.tuple(
      fc.constant(shards),
      fc.shuffledSubarray(shards, { minLength: shards.length, maxLength: shards.length })
    )
  )

  it('never loses or duplicates a function, and names each one apart', () => {
    fc.assert(
      fc.property(split, (shards) => {
        const merged = mergeResults(shards)
        const arns = merged.functions.map((f) => f.functionArn)
        expect(arns).toEqual(shards.flatMap((s) => s.results.functions.map((f) => f.functionArn)))
        expect(new Set(arns).size).toBe(arns.length)
        const names = merged.functions.map((f) => f.displayName)
        expect(new Set(names).size).toBe(names.length)
        expect(merged.merged?.files.flatMap((f) => f.functions)).toEqual(arns)
      }),
      { numRuns: 60 }
    )
  })

  it('gives the same run whatever the order of the shards, but for the order of the lists', () => {
    fc.assert(
      fc.property(shuffled, ([shards, reordered]) => {
        const a = mergeResults(shards)
        const b = mergeResults(reordered)
        const { functions: fa, comparison: ca, merged: ma, ...restA } = a
        const { functions: fb, comparison: cb, merged: mb, ...restB } = b
        expect(restB).toStrictEqual(restA)
        const byArn = (fs: FunctionResult[]) =>
          Object.fromEntries(fs.map((f) => [f.functionArn, f]))
        expect(byArn(fb)).toStrictEqual(byArn(fa))
        expect(new Set(mb?.files.map((f) => f.path))).toEqual(new Set(ma?.files.map((f) => f.path)))
        expect(cb === undefined).toBe(ca === undefined)
        if (ca === undefined || cb === undefined) return
        const key = (t: Comparison['tiers'][number]) => `${t.functionName}@${t.memorySize}`
        expect(cb.tiers.map(key).sort()).toEqual(ca.tiers.map(key).sort())
        expect([cb.regressions, cb.improvements]).toEqual([ca.regressions, ca.improvements])
        expect(new Set(cb.unmatched.functions)).toEqual(new Set(ca.unmatched.functions))
        expect(cb.baselineStartedAt).toBe(ca.baselineStartedAt)
      }),
      { numRuns: 40 }
    )
  })

  it('pairs every compared function under its merged name, counting every pair once', () => {
    fc.assert(
      fc.property(split, (shards) => {
        const comparisons = shards.flatMap((s) => s.results.comparison ?? [])
        const c = mergeResults(shards).comparison
        if (comparisons.length === 0) return expect(c).toBeUndefined()
        const merged = mergeResults(shards)
        const names = new Set(merged.functions.map((f) => f.displayName))
        expect(c!.tiers).toHaveLength(comparisons.reduce((n, x) => n + x.tiers.length, 0))
        for (const t of c!.tiers) expect(names).toContain(t.functionName)
        for (const n of c!.unmatched.functions) expect(names).toContain(n)
        expect(c!.regressions).toBe(c!.tiers.filter((t) => t.verdict === 'regression').length)
        // Every function is paired, or listed as unmatched: none is silently left out.
        const covered = new Set([...c!.tiers.map((t) => t.functionName), ...c!.unmatched.functions])
        expect(covered).toEqual(names)
      }),
      { numRuns: 40 }
    )
  })

  it('spans the shards: earliest start, latest finish, union of sizes, cancelled if any', () => {
    fc.assert(
      fc.property(split, (shards) => {
        const merged = mergeResults(shards)
        const starts = shards.map((s) => Date.parse(s.results.startedAt))
        const ends = shards.map((s) => Date.parse(s.results.finishedAt))
        expect(Date.parse(merged.startedAt)).toBe(Math.min(...starts))
        expect(Date.parse(merged.finishedAt)).toBe(Math.max(...ends))
        const sizes = [...new Set(shards.flatMap((s) => s.results.settings.memorySizes))]
        expect(merged.settings.memorySizes).toEqual(sizes.sort((x, y) => x - y))
        expect(merged.cancelled === true).toBe(shards.some((s) => s.results.cancelled === true))
        for (const s of shards) {
          expect(merged.settings.invocations).toBeGreaterThanOrEqual(s.results.settings.invocations)
          expect(merged.settings.concurrency).toBeGreaterThanOrEqual(s.results.settings.concurrency)
        }
      }),
      { numRuns: 60 }
    )
  })
})
