/**
 * `npm run bench:adaptive`: what adaptive sampling (`target-precision: 2`) gives up and saves
 * against a fixed `invocations: 100`, on the standard job (3 functions × 6 sizes, 200 ms of
 * single-threaded CPU at 1,769 MB, 5 % noise, concurrency 10).
 *
 * 1. Over 500 seeded runs, drawn from the emulator's own performance model
 *    (test/emulator/lambda/execution.ts) and judged by the production code (the stop rule of
 *    src/stats/precision.ts, the recommendation of src/stats/recommend.ts): how often the
 *    balanced recommendation with the target equals the one with a fixed N = 100, and the
 *    invocations each takes. Each size's first `concurrency` invocations are cold (after its
 *    update) and never enter the interval; when the rule is met, the `concurrency − 1`
 *    invocations still in flight are kept, as the pool keeps them.
 * 2. The same job through the built action (dist/) against the emulator, fixed and adaptive,
 *    is `npm run bench`'s (wall, invocations, the benchmark's own cost).
 *
 * Every figure of part 1 is seeded and the same on every run.
 */
import type { TierResult } from '../src/model/results.js'
import { MeanPrecision } from '../src/stats/precision.js'
import { recommend } from '../src/stats/recommend.js'
import { runFigures } from '../test/emulator/lambda/execution.js'
import { LambdaFunction } from '../test/emulator/lambda/function-state.js'
import { tier } from '../test/fixtures/results/samples.js'

const SIZES = [128, 512, 1024, 1536, 2048, 3008]
const FUNCTIONS = ['alpha', 'beta', 'gamma']
const FIXED = 100
const TARGET = 2
const MIN = 20
const CONCURRENCY = 10
const RUNS = 500
const MODEL = { cpuMs: 200, noisePct: 5 }

/** One size of one function in one run: its draws, as the emulator would make them. */
function drawer(name: string, memory: number, seed: number): () => number {
  const fn = new LambdaFunction({ name, model: MODEL, timeout: 900 }, 'us-east-1', '1', seed)
  const settings = { ...fn.settings, MemorySize: memory }
  return () => runFigures(fn, settings, false).billedDurationMs
}

/** Fixed: N taken, the first `concurrency` cold (not in the warm sample). */
function fixedTier(draw: () => number, memory: number): { tier: TierResult; taken: number } {
  for (let i = 0; i < CONCURRENCY; i++) draw()
  const warm = Array.from({ length: FIXED - CONCURRENCY }, draw)
  return { tier: tier(memory, warm), taken: FIXED }
}

/** Adaptive: as the pool runs it, the stop rule after each taken one, in-flight ones kept. */
function adaptiveTier(draw: () => number, memory: number): { tier: TierResult; taken: number } {
  for (let i = 0; i < CONCURRENCY; i++) draw()
  const precision = new MeanPrecision()
  const warm: number[] = []
  let taken = CONCURRENCY
  while (taken < FIXED) {
    const v = draw()
    warm.push(v)
    precision.add(v)
    taken++
    if (taken >= MIN && precision.halfWidthPct <= TARGET) break
  }
  const inFlight = Math.min(CONCURRENCY - 1, FIXED - taken)
  for (let i = 0; i < inFlight; i++) warm.push(draw())
  return { tier: tier(memory, warm), taken: taken + inFlight }
}

function simulate(): void {
  let sameRuns = 0
  let sameFunctions = 0
  let fixedInvocations = 0
  let adaptiveInvocations = 0
  for (let r = 0; r < RUNS; r++) {
    let allSame = true
    FUNCTIONS.forEach((name, f) => {
      const seed = (i: number, side: number): number =>
        ((((r * 7 + side) * 31 + f) * 101 + i) * 2654435761) >>> 0
      const fixed = SIZES.map((m, i) => fixedTier(drawer(name, m, seed(i, 0)), m))
      const adaptive = SIZES.map((m, i) => adaptiveTier(drawer(name, m, seed(i, 1)), m))
      fixedInvocations += fixed.reduce((n, t) => n + t.taken, 0)
      adaptiveInvocations += adaptive.reduce((n, t) => n + t.taken, 0)
      const a = recommend(fixed.map((t) => t.tier)).balanced
      const b = recommend(adaptive.map((t) => t.tier)).balanced
      if (a === b) sameFunctions++
      else allSame = false
    })
    if (allSame) sameRuns++
  }
  const pct = (x: number): string => `${(x * 100).toFixed(1)} %`
  console.log(
    `${RUNS} seeded runs of ${FUNCTIONS.length} functions × ${SIZES.length} sizes, ${MODEL.noisePct} % noise, concurrency ${CONCURRENCY}:`
  )
  console.log(
    `  balanced recommendation, target-precision ${TARGET} (min ${MIN}) vs fixed ${FIXED}: the same in ${pct(sameRuns / RUNS)} of runs (every function), ${pct(sameFunctions / (RUNS * FUNCTIONS.length))} of functions`
  )
  console.log(
    `  invocations: adaptive ${adaptiveInvocations.toLocaleString('en-US')} vs fixed ${fixedInvocations.toLocaleString('en-US')} = ${pct(adaptiveInvocations / fixedInvocations)}`
  )
}

simulate()
