/**
 * The one step from Measurements to Results (src/results/assemble.ts): pure, complete, and the
 * comparison in it from the start.
 */
import type { MeasuredFunction, Measurements } from '../../src/model/measurement.js'
import type { Plan } from '../../src/model/plan.js'
import { assembleResults, runUrlOf } from '../../src/results/assemble.js'
import { tier } from '../fixtures/results/builder.js'
import { billed, fn, results, tier as sampledTier } from '../fixtures/results/samples.js'

const PLAN: Plan = {
  functions: [],
  memorySizes: [128, 512],
  invocations: 100,
  concurrency: 10,
  payload: '{}',
  comment: { mode: 'off', tag: 'lambda-memory-benchmark', token: '' },
  regressionThreshold: 10,
  failOnRegression: false,
  resultsFile: 'results.json',
  isolation: 'versions',
  coldStarts: 0,
  artifact: { name: 'lambda-benchmark-results', upload: false, history: 0 }
}

function measured(name: string, region: string, means: [number, number]): MeasuredFunction {
  return {
    functionArn: `arn:aws:lambda:${region}:123456789012:function:${name}`,
    functionName: name,
    region,
    architecture: 'x86_64',
    originalMemorySize: 128,
    status: 'ok',
    error: null,
    tiers: [tier({ memorySize: 128, mean: means[0] }), tier({ memorySize: 512, mean: means[1] })]
  }
}

const MEASURED: Measurements = {
  startedAt: '2026-12-01T10:00:00.000Z',
  finishedAt: '2026-12-01T10:01:00.000Z',
  functions: [
    measured('orders', 'us-east-1', [400, 100]),
    measured('orders', 'eu-west-1', [400, 100]),
    measured('billing', 'us-east-1', [50, 48])
  ],
  cancelled: false
}

test('display names, recommendations and the settings, in the input order', () => {
  const out = assembleResults(PLAN, MEASURED)
  expect(out.functions.map((f) => f.displayName)).toEqual([
    'orders (us-east-1)',
    'orders (eu-west-1)',
    'billing'
  ])
  // orders runs 4× faster at 512 MB; billing barely gains from more memory.
  expect(out.functions[0].recommendation).toMatchObject({ speed: 512 })
  expect(out.functions[2].recommendation).toMatchObject({ cost: 128, speed: 512 })
  expect(out.settings).toEqual({
    memorySizes: [128, 512],
    invocations: 100,
    concurrency: 10,
    isolation: 'versions',
    monthlyInvocations: null,
    coldStarts: 0,
    targetPrecision: null,
    minInvocations: null
  })
  expect(out).not.toHaveProperty('comparison')
  expect(out).not.toHaveProperty('cancelled')
  expect(out).not.toHaveProperty('runUrl')
})

test('pure: the same measurements give equal Results, and the measurements are not touched', () => {
  const before = JSON.stringify(MEASURED)
  expect(assembleResults(PLAN, MEASURED)).toEqual(assembleResults(PLAN, MEASURED))
  expect(JSON.stringify(MEASURED)).toBe(before)
})

test('with a baseline, the comparison is part of the Results as built', () => {
  const baseline = results('2026-11-30T10:00:00.000Z', [
    fn('billing', [
      sampledTier(128, billed(100, 40, 0.05, 1)),
      sampledTier(512, billed(100, 48, 0.05, 2))
    ])
  ])
  const out = assembleResults(PLAN, MEASURED, {
    baseline,
    runUrl: 'https://github.com/o/r/actions/runs/1'
  })
  expect(out.comparison?.baselineStartedAt).toBe('2026-11-30T10:00:00.000Z')
  const at128 = out.comparison?.tiers.find(
    (t) => t.functionName === 'billing' && t.memorySize === 128
  )
  expect(at128?.verdict).toBe('regression')
  expect(out.comparison?.regressions).toBe(1)
  expect(out.comparison?.unmatched.functions).toEqual(['orders (us-east-1)', 'orders (eu-west-1)'])
  expect(out.runUrl).toBe('https://github.com/o/r/actions/runs/1')
})

test('a cancelled run says so', () => {
  expect(assembleResults(PLAN, { ...MEASURED, cancelled: true }).cancelled).toBe(true)
})

test('runUrlOf: only with server, repository and run id', () => {
  const env = {
    GITHUB_SERVER_URL: 'https://github.com/',
    GITHUB_REPOSITORY: 'o/r',
    GITHUB_RUN_ID: '7'
  }
  expect(runUrlOf(env)).toBe('https://github.com/o/r/actions/runs/7')
  expect(runUrlOf({ ...env, GITHUB_RUN_ID: '' })).toBeUndefined()
})
