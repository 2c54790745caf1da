/**
 * `npm run bench:drift`: the comparison rule when Lambda's speed drifts during the run (issue 12,
 * live baselines). Durations come from the emulator's performance model, as in bench:stats
 * (test/emulator/lambda/execution.ts, 5 % noise, billed = ceil(ms)), times a drift that grows
 * linearly in time, ×1.00 at a run's first invocation to ×1.25 at its last. Every verdict is
 * the production one: compareResults at the default 10 % threshold, classify for the others.
 *
 * Each function's run is laid out in time (noise-free durations, CONCURRENCY in flight):
 * - latest: the sizes one after another (ascending), an update wait before each; the
 *   invocations of a size start in batches of CONCURRENCY.
 * - versions: all sizes through one pool, round-robin over the sizes, so each size spans the run.
 * Both are simulated: latest is the default, and gives each size a slice of the drift; versions
 * puts the whole +25 % inside every size's samples, the harder case for a test that takes them
 * as independent draws.
 *
 * Live pair: the current and the baseline function invoked in lockstep, so the k-th invocation of
 * each starts at the same time and sees the same drift. Stored baseline: the baseline's run, then
 * the current's, the same timeline shifted by one run (drift +25 % a run, so the current sees
 * ×1.25–1.50), or, with the drift read as +25 % over the whole experiment, both runs squeezed
 * into it (baseline ×1.00–1.125, current ×1.125–1.25).
 *
 * Seeded: the same figures on every run, except the wall time.
 */
import { classify, compareResults, DEFAULT_ALPHA } from '../src/compare/comparison.js'
import type { Results } from '../src/model/results.js'
import { fn as functionResult, results, tier } from '../test/fixtures/results/samples.js'
import { runFigures } from '../test/emulator/lambda/execution.js'
import { LambdaFunction } from '../test/emulator/lambda/function-state.js'
import type { PerformanceModel } from '../test/emulator/types.js'

const N = 100
const NOISE_PCT = 5
const DRIFT = 0.25
const THRESHOLD_PCT = 10
const SLOWDOWN = 1.1
const TRIALS = 1000
/** Half the production 2,000: the interval's ends stay steady to ~0.2 %, at half the time. */
const RESAMPLES = 1000
const CONCURRENCY = 10
/** Lambda usually applies a memory change in about a second (design.md). */
const UPDATE_MS = 1000
const MEMORY_SIZES = [128, 512, 1024, 1536, 2048, 3008]
/** bench:stats' two functions: seconds of CPU at 128 MB, and one that bills 5–9 ms at 3008 MB. */
const MODELS: Record<string, PerformanceModel> = {
  'cpu-bound': { cpuMs: 1000, ioMs: 30, noisePct: NOISE_PCT },
  tiny: { cpuMs: 8, ioMs: 2, noisePct: NOISE_PCT }
}

type Isolation = 'latest' | 'versions'
type Way = 'live' | 'stored, back to back' | 'stored, same window'
const WAYS: Way[] = ['live', 'stored, back to back', 'stored, same window']

function emulated(name: string, model: PerformanceModel, seed: number): LambdaFunction {
  return new LambdaFunction({ name, model, timeout: 900 }, 'us-east-1', '123456789012', seed)
}

/** The model's duration without noise, from the emulator itself rather than a copy of its formula. */
function expectedMs(model: PerformanceModel, memory: number): number {
  const f = emulated('expected', { ...model, noisePct: 0 }, 1)
  return runFigures(f, { ...f.settings, MemorySize: memory }, false).durationMs
}

/** Start time of every invocation, per size, scaled so the first is 0 and the last is 1. */
function timeline(model: PerformanceModel, isolation: Isolation): number[][] {
  const durations = MEMORY_SIZES.map((m) => expectedMs(model, m))
  let starts: number[][]
  if (isolation === 'latest') {
    let clock = 0
    starts = durations.map((d) => {
      clock += UPDATE_MS
      const size = Array.from({ length: N }, (_, k) => clock + Math.floor(k / CONCURRENCY) * d)
      clock += Math.ceil(N / CONCURRENCY) * d
      return size
    })
  } else {
    // A fluid pool: the g-th invocation starts once CONCURRENCY workers have done the work
    // queued before it.
    let work = 0
    starts = durations.map(() => new Array<number>(N))
    for (let k = 0; k < N; k++) {
      durations.forEach((d, i) => {
        starts[i][k] = work / CONCURRENCY
        work += d
      })
    }
  }
  const first = Math.min(...starts.flat())
  const last = Math.max(...starts.flat())
  return starts.map((s) => s.map((t) => (t - first) / (last - first)))
}

/** Drift factors of the baseline's and the current's invocations started at time t. */
function drifts(way: Way, t: number): [number, number] {
  if (way === 'live') return [1 + DRIFT * t, 1 + DRIFT * t]
  if (way === 'stored, back to back') return [1 + DRIFT * t, 1 + DRIFT * (1 + t)]
  return [1 + (DRIFT * t) / 2, 1 + (DRIFT * (1 + t)) / 2]
}

/** Billed ms of one emulated function at one size, an invocation per factor (drift × slowdown). */
function draw(
  name: string,
  model: PerformanceModel,
  memory: number,
  seed: number,
  factors: number[]
) {
  const f = emulated(name, model, seed)
  const settings = { ...f.settings, MemorySize: memory }
  return factors.map((factor) => {
    f.model.slowdown = factor
    return runFigures(f, settings, false).billedDurationMs
  })
}

const TIMELINES: Record<Isolation, Record<string, number[][]>> = {
  latest: {},
  versions: {}
}
for (const isolation of ['latest', 'versions'] as const) {
  for (const [name, model] of Object.entries(MODELS)) {
    TIMELINES[isolation][name] = timeline(model, isolation)
  }
}

/** The baseline's and the current's results of one trial. */
function trialRuns(trial: number, isolation: Isolation, way: Way, slowdown: number): Results[] {
  return [0, 1].map((side) => {
    const functions = Object.entries(MODELS).map(([name, model], f) =>
      functionResult(
        name,
        MEMORY_SIZES.map((m, i) => {
          // The same seeds in every cell: the cells differ by the drift and slowdown alone.
          const seed = ((((trial * 7 + side) * 31 + f) * 101 + i) * 2654435761) >>> 0
          const factors = TIMELINES[isolation][name][i].map(
            (t) => drifts(way, t)[side] * (side === 1 ? slowdown : 1)
          )
          return tier(m, draw(name, model, m, seed, factors))
        })
      )
    )
    return results(`2026-01-01T00:00:0${side}Z`, functions)
  })
}

interface Tally {
  pairs: number
  significant: number
  flagged: number
  flaggedAt5: number
  runsFlagged: number
  functionRunsFlagged: number
  byFunction: Record<string, number>
}

function simulate(isolation: Isolation, way: Way, slowdown: number): Tally {
  const tally: Tally = {
    pairs: 0,
    significant: 0,
    flagged: 0,
    flaggedAt5: 0,
    runsFlagged: 0,
    functionRunsFlagged: 0,
    byFunction: {}
  }
  for (let trial = 0; trial < TRIALS; trial++) {
    const [baseline, current] = trialRuns(trial, isolation, way, slowdown)
    const c = compareResults(current, baseline, {
      thresholdPct: THRESHOLD_PCT,
      resamples: RESAMPLES,
      seed: trial + 1
    })
    const flaggedFunctions = new Set<string>()
    for (const t of c.tiers) {
      tally.pairs++
      if (t.pValue! < DEFAULT_ALPHA) tally.significant++
      if (t.verdict === 'regression') {
        tally.flagged++
        flaggedFunctions.add(t.functionName)
        tally.byFunction[t.functionName] = (tally.byFunction[t.functionName] ?? 0) + 1
      }
      const at5 = classify(t.baselineMean!, t.currentMean!, t.pValue!, t.ratioCi!, 5, DEFAULT_ALPHA)
      if (at5 === 'regression') tally.flaggedAt5++
    }
    if (c.regressions > 0) tally.runsFlagged++
    tally.functionRunsFlagged += flaggedFunctions.size
  }
  return tally
}

/** A rate with its 95 % Wilson interval. */
function rate(hits: number, n: number): string {
  const p = hits / n
  const z = 1.96
  const centre = (p + (z * z) / (2 * n)) / (1 + (z * z) / n)
  const half = (z / (1 + (z * z) / n)) * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))
  const pct = (v: number) => `${(v * 100).toFixed(1)}`
  return `${pct(p)} % [${pct(Math.max(0, centre - half))}–${pct(Math.min(1, centre + half))}]`
}

const wall = performance.now()
const functionCount = Object.keys(MODELS).length
const pairsPerRun = functionCount * MEMORY_SIZES.length
console.log(`# bench:drift — live pairs against a stored baseline under drift\n`)
console.log(`Command: npm run bench:drift (scripts/bench-drift.ts)\n`)
console.log(
  `Durations: the emulator's model, ${NOISE_PCT} % noise, billed = ceil(ms), × a drift of` +
    ` +${DRIFT * 100} % linear in time over each function's run; functions` +
    ` ${Object.keys(MODELS).join(', ')}; memory ${MEMORY_SIZES.join(', ')} MB; N = ${N} a side;` +
    ` ${CONCURRENCY} in flight a side.`
)
console.log(
  `${TRIALS} trials a cell, each one run of ${pairsPerRun} (function, size) pairs;` +
    ` compareResults at ${THRESHOLD_PCT} %, α = ${DEFAULT_ALPHA}, ${RESAMPLES} bootstrap` +
    ` resamples (production: 2,000); 95 % Wilson intervals.`
)
console.log(
  `Flagged = verdict 'regression' (p < α and the upper end of the 95 % interval of the ratio of` +
    ` means above 1.10), what the \`regressions\` output counts. A/A = the current is the` +
    ` baseline function. Detection = a true ×${SLOWDOWN} on every current invocation, flagged.`
)
console.log(
  `Drift shared by a live pair is not noise, but the rank test and the bootstrap take the samples` +
    ` as independent: p-values come out larger and intervals wider than the noise alone would give.\n`
)

const rows: { isolation: Isolation; way: Way; aa: Tally; slow: Tally }[] = []
for (const isolation of ['latest', 'versions'] as const) {
  for (const way of WAYS) {
    rows.push({
      isolation,
      way,
      aa: simulate(isolation, way, 1),
      slow: simulate(isolation, way, SLOWDOWN)
    })
  }
}

console.log(
  `| isolation | baseline | A/A flagged, per pair | A/A run with ≥ 1 flagged (${pairsPerRun} pairs)` +
    ` | A/A p < α | +10 % flagged, per pair | +10 % flagged at a 5 % threshold | +10 % p < α |`
)
console.log(`|---|---|---|---|---|---|---|---|`)
for (const { isolation, way, aa, slow } of rows) {
  const cells = [
    rate(aa.flagged, aa.pairs),
    rate(aa.runsFlagged, TRIALS),
    rate(aa.significant, aa.pairs),
    rate(slow.flagged, slow.pairs),
    rate(slow.flaggedAt5, slow.pairs),
    rate(slow.significant, slow.pairs)
  ]
  console.log(`| ${isolation} | ${way} | ${cells.join(' | ')} |`)
}

console.log(`\n## Against the targets (live pairs)\n`)
const pct = (hits: number, n: number) => `${((hits / n) * 100).toFixed(1)} %`
for (const { isolation, way, aa, slow } of rows.filter((r) => r.way === 'live')) {
  const perFn = TRIALS * MEMORY_SIZES.length
  console.log(
    `- ${isolation}: A/A false regressions ${pct(aa.flagged, aa.pairs)} of ${aa.pairs} pairs` +
      ` (target ≤ 1 %: ${aa.flagged / aa.pairs <= 0.01 ? 'met' : 'NOT met'}); per run of all` +
      ` ${pairsPerRun} pairs ${pct(aa.runsFlagged, TRIALS)}, per function's run of` +
      ` ${MEMORY_SIZES.length} sizes ${pct(aa.functionRunsFlagged, TRIALS * functionCount)}.`
  )
  console.log(
    `  ${way} detection of a true +10 %: ${pct(slow.flagged, slow.pairs)}` +
      ` (target ≥ 95 %: ${slow.flagged / slow.pairs >= 0.95 ? 'met' : 'NOT met'}); by function` +
      ` ${Object.keys(MODELS)
        .map((m) => `${m} ${pct(slow.byFunction[m] ?? 0, perFn)}`)
        .join(', ')}.`
  )
}
console.log(`\nWall time ${((performance.now() - wall) / 1000).toFixed(1)} s.`)
