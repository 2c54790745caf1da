/**
 * Adaptive sampling in the invocation pool, in process against the emulator: a tier stops
 * claiming at the first invocation after which its warm mean is known precisely enough (what is
 * in flight then is kept), never before `minInvocations`, never beyond its count; a noisy one
 * takes all of it; forced cold starts are never cut; a live pair stops as one.
 */
import { runTiers } from '../../src/bench/invoke-pool.js'
import type { TierRun } from '../../src/bench/tier.js'
import { MeanPrecision } from '../../src/stats/precision.js'
import { isColdStart } from '../../src/stats/tier.js'
import { sdkClients } from '../emulator/clients.js'
import { startEmulator, type Emulator } from '../emulator/index.js'
import { poolFunction, poolOptions } from './pool-harness.js'

const SAMPLING = { targetPrecision: 2, minInvocations: 20 }
const CONCURRENCY = 4

const options = (sampling = SAMPLING) => poolOptions({ concurrency: CONCURRENCY, sampling })

/** The 1-based positions of the taken invocations after which the rule held. */
function preciseAt(run: TierRun): number[] {
  const p = new MeanPrecision()
  const at: number[] = []
  run.invocations.forEach(({ report, functionError }, i) => {
    if (report && functionError === null && !isColdStart(report)) p.add(report.billedDurationMs)
    if (i + 1 >= SAMPLING.minInvocations && p.halfWidthPct <= SAMPLING.targetPrecision) {
      at.push(i + 1)
    }
  })
  return at
}

const firstPrecise = (run: TierRun): number | undefined => preciseAt(run)[0]

let emu: Emulator

beforeAll(async () => {
  emu = await startEmulator({
    timeScale: 0.02,
    seed: 11,
    functions: [
      {
        name: 'steady',
        memorySize: 512,
        model: { cpuMs: 0, meansBySize: { 512: 400 }, noisePct: 3 }
      },
      {
        name: 'steady-main',
        memorySize: 512,
        model: { cpuMs: 0, meansBySize: { 512: 400 }, noisePct: 3 }
      },
      {
        name: 'noisy',
        memorySize: 512,
        model: { cpuMs: 0, meansBySize: { 512: 400 }, noisePct: 40 }
      }
    ]
  })
})

afterAll(async () => {
  await emu.stop()
})

test('a steady tier stops at the first precise invocation, keeping only what was in flight', async () => {
  const { lambda } = sdkClients(emu)
  const [[run]] = await runTiers(options(), [
    [{ fn: poolFunction(lambda, 'steady'), memorySize: 512, count: 300 }]
  ])
  const at = preciseAt(run)
  expect(at.length).toBeGreaterThan(0)
  // The pool looks after each taken invocation, so it stopped once the rule held (perhaps a
  // moment later than the first time, if a second answer came in before it looked): after
  // that, only the other workers' claims were still in flight.
  const taken = run.invocations.length
  expect(taken - Math.max(...at)).toBeLessThanOrEqual(CONCURRENCY - 1)
  expect(run.invocations.length).toBeLessThan(300)
  expect(run.complete).toBe(true)
})

test('a noisy tier never gets there: it takes its whole count', async () => {
  const { lambda } = sdkClients(emu)
  const [[run]] = await runTiers(options(), [
    [{ fn: poolFunction(lambda, 'noisy'), memorySize: 512, count: 40 }]
  ])
  expect(firstPrecise(run)).toBeUndefined()
  expect(run.invocations).toHaveLength(40)
  expect(run.complete).toBe(true)
})

test('a tier never stops before min-invocations, however precise', async () => {
  const { lambda } = sdkClients(emu)
  const loose = { targetPrecision: 50, minInvocations: 20 }
  const [[run]] = await runTiers(options(loose), [
    [{ fn: poolFunction(lambda, 'steady'), memorySize: 512, count: 100 }]
  ])
  expect(run.invocations.length).toBeGreaterThanOrEqual(20)
  expect(run.invocations.length).toBeLessThanOrEqual(20 + CONCURRENCY - 1)
})

test('forced cold starts are never cut short', async () => {
  const { lambda } = sdkClients(emu)
  const loose = { targetPrecision: 50, minInvocations: 5 }
  const [[run]] = await runTiers(options(loose), [
    [{ fn: poolFunction(lambda, 'steady'), memorySize: 512, count: 30, forced: true }]
  ])
  expect(run.invocations).toHaveLength(30)
})

test('a live pair stops as one, when both sides are precise', async () => {
  const { lambda } = sdkClients(emu)
  const [[current, baseline]] = await runTiers(options(), [
    [
      { fn: poolFunction(lambda, 'steady'), memorySize: 512, count: 300 },
      { fn: poolFunction(lambda, 'steady-main'), memorySize: 512, count: 300 }
    ]
  ])
  expect(current.invocations).toHaveLength(baseline.invocations.length)
  expect(current.invocations.length).toBeLessThan(300)
  const k = Math.max(firstPrecise(current)!, firstPrecise(baseline)!)
  expect(current.invocations.length).toBeGreaterThanOrEqual(k)
  expect(current.complete && baseline.complete).toBe(true)
})
