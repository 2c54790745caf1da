/**
 * `npm run demo`'s experiment through the built action (dist/): the article's scenario and the
 * demo's inputs (the article's memory sizes, 100 invocations each), and every mean the report
 * shows held against the article's table (`ARTICLE_TABLE` in test/emulator/scenarios/article.ts,
 * every row of it that could be found) and its conclusions there; the sizes the table lacks
 * follow the emulator's model. Time scale 0: invocations answer at once, with the durations the
 * model reports. Needs `npm run bundle` first.
 *
 * Tolerance of a mean of n warm invocations: 6 standard errors of the scenario's noise,
 * 6 × 5 % × figure / √n (≈ 3.2 % at n = 90, 150 ms at 4,771 ms), plus 1 ms for Billed
 * Duration's rounding up. The noise is normal, so a cell misses by chance with probability
 * 2 × 10⁻⁹; the emulator is seeded, so a run replays the same draws unless the order of cold
 * and warm starts changes, and any such order is one more draw of the same kind.
 */
import { startEmulator, type Emulator } from '../emulator/index.js'
import { baseDurationMs } from '../emulator/lambda/execution.js'
import {
  ARTICLE_FUNCTIONS,
  ARTICLE_INPUTS,
  ARTICLE_INVOCATIONS,
  ARTICLE_NOISE_PCT,
  ARTICLE_SIZES,
  ARTICLE_TABLE,
  articleScenario,
  type ArticleFunction
} from '../emulator/scenarios/article.js'
import { resultsOf, runAction, type RunResult } from '../runner.js'
import type { Results, TierResult } from '../../src/model/results.js'

const STANDARD_ERRORS = 6
const TABLE_SIZES = Object.keys(ARTICLE_TABLE).map(Number)

let emulator: Emulator
let run: RunResult
let results: Results

beforeAll(async () => {
  const scenario = articleScenario({ timeScale: 0 })
  // Updates settle in 100 ms instead of about a second: the durations are the same.
  scenario.functions = scenario.functions.map((f) => ({ ...f, updateDelayMs: 100 }))
  emulator = await startEmulator(scenario)
  run = await runAction({
    inputs: { ...ARTICLE_INPUTS, 'comment-mode': 'off' },
    env: { AWS_ENDPOINT_URL: emulator.url },
    timeoutMs: 90_000
  })
  results = await resultsOf(run)
}, 120_000)

afterAll(async () => {
  await emulator?.stop()
})

function tierOf(name: ArticleFunction, memorySize: number): TierResult {
  const tier = results.functions
    .find((f) => f.functionName === name)
    ?.tiers.find((t) => t.memorySize === memorySize)
  if (!tier) throw new Error(`no result for ${name} at ${memorySize} MB`)
  return tier
}

/** The mean warm billed duration of a cell, and how far from `figure` the noise can take it. */
function cell(name: ArticleFunction, memorySize: number, figure: number) {
  const tier = tierOf(name, memorySize)
  const n = tier.samples.length
  const tolerance = (STANDARD_ERRORS * (ARTICLE_NOISE_PCT / 100) * figure) / Math.sqrt(n) + 1
  return { mean: tier.billedDuration!.mean, tolerance }
}

/** |value − target| ≤ tolerance, with a failure that names the cell and its figures. */
function expectWithin(label: string, value: number, target: number, tolerance: number): void {
  const what = `${label}: ${value.toFixed(1)} ms against ${target.toFixed(1)} ± ${tolerance.toFixed(1)}`
  expect({ what, within: Math.abs(value - target) <= tolerance }).toEqual({ what, within: true })
}

/** The report's first table (Duration by memory size): the mean shown, by function and size. */
function shownMeans(report: string): Map<string, number> {
  const section = report.slice(report.indexOf('### Duration by memory size'))
  const rows = section.split('\n').filter((l) => l.startsWith('|'))
  const cells = (row: string): string[] =>
    row
      .split('|')
      .slice(1, -1)
      .map((c) => c.trim())
  const header = cells(rows[0])
  const shown = new Map<string, number>()
  for (const row of rows.slice(2)) {
    const [memory, ...values] = cells(row)
    const size = Number(/^(\d+)/.exec(memory)?.[1])
    if (!ARTICLE_SIZES.includes(size)) break
    values.forEach((v, i) => {
      shown.set(`${header[i + 1]} ${size}`, Number(/[\d,.]+/.exec(v)![0].replace(/,/g, '')))
    })
  }
  return shown
}

test("the run is the demo's: the article's sizes and count, every function left as it was", () => {
  expect(run.exitCode).toBe(0)
  expect(results.functions.map((f) => f.functionName)).toEqual([...ARTICLE_FUNCTIONS])
  for (const f of results.functions) {
    expect(f.tiers.map((t) => t.memorySize)).toEqual(ARTICLE_SIZES)
    for (const t of f.tiers) {
      expect(t.invocations).toBe(ARTICLE_INVOCATIONS)
      expect(t.errors).toBe(0)
      // Enough warm invocations for the tolerance to stay near 3 %.
      expect(t.samples.length).toBeGreaterThanOrEqual(80)
    }
  }
  expect(emulator.journal.driftedFunctions()).toEqual([])
})

test("every figure of the article's table, within the noise, in the results and as the report shows it", () => {
  expect(TABLE_SIZES.length).toBeGreaterThan(0)
  const shown = shownMeans(run.outputs.report ?? '')
  for (const size of TABLE_SIZES) {
    for (const name of ARTICLE_FUNCTIONS) {
      const figure = ARTICLE_TABLE[size][name]
      const { mean, tolerance } = cell(name, size, figure)
      expectWithin(`${name} at ${size} MB`, mean, figure, tolerance)
      // The report rounds to whole ms.
      const seen = shown.get(`${name} ${size}`) ?? Number.NaN
      expectWithin(`${name} at ${size} MB, as shown`, seen, figure, tolerance + 0.5)
    }
  }
})

test("the article's conclusions hold where its table has figures", () => {
  for (const size of TABLE_SIZES) {
    const row = ARTICLE_TABLE[size]
    for (const a of ARTICLE_FUNCTIONS) {
      for (const b of ARTICLE_FUNCTIONS) {
        if (row[a] >= row[b]) continue
        const ca = cell(a, size, row[a])
        const cb = cell(b, size, row[b])
        const gap = row[b] - row[a]
        if (gap > ca.tolerance + cb.tolerance) {
          // A gap wider than the noise: the same order.
          expect(`${a} < ${b} at ${size} MB: ${ca.mean < cb.mean}`).toBe(
            `${a} < ${b} at ${size} MB: true`
          )
        } else {
          // A gap within the noise (e.g. the article's 21 ms at 128 MB): a tie, either way.
          const label = `${b} − ${a} at ${size} MB`
          expectWithin(label, cb.mean - ca.mean, gap, ca.tolerance + cb.tolerance)
        }
      }
    }
  }
  // At 128 MB: the serial calls or the thread pool fastest (21 ms apart in the article, a tie
  // at this noise), aioboto3 the slowest, by more than a fifth (the article: 28 %).
  const at128 = Object.fromEntries(
    ARTICLE_FUNCTIONS.map((name) => [name, tierOf(name, 128).billedDuration!.mean])
  ) as Record<ArticleFunction, number>
  expect(at128['demo-async']).toBeGreaterThan(
    1.2 * Math.max(at128['demo-serial'], at128['demo-threads'])
  )
})

test("the sizes the article's table lacks follow the emulator's model", () => {
  const models = new Map(articleScenario().functions.map((f) => [f.name, f.model]))
  for (const size of ARTICLE_SIZES.filter((s) => !TABLE_SIZES.includes(s))) {
    for (const name of ARTICLE_FUNCTIONS) {
      const expected = baseDurationMs(models.get(name)!, size)
      const { mean, tolerance } = cell(name, size, expected)
      expectWithin(`${name} at ${size} MB (the model)`, mean, expected, tolerance)
    }
  }
})
