/**
 * Adaptive sampling (`target-precision`) through the built action against the emulator, with
 * its journal as the witness: with 5 % noise and a ±2 % target each size stops far short of
 * `invocations`, its mean still within 2.5 % of the emulator's noiseless figure; with 30 % noise
 * every size takes all its invocations and the report names it as short of the target.
 * Needs `npm run bundle` first.
 */
import type { Emulator, FunctionSpec } from '../emulator/index.js'
import { startEmulator } from '../emulator/index.js'
import { resultsOf, runAction, type RunResult } from '../runner.js'
import type { Results } from '../../src/model/results.js'

/** Noiseless Duration at each size (the emulator's `meansBySize`: no curve, these figures). */
const MEANS: Record<number, number> = { 128: 2400, 512: 700, 1024: 380 }
const SIZES = Object.keys(MEANS).map(Number)

const spec = (name: string, noisePct: number): FunctionSpec => ({
  name,
  memorySize: 256,
  timeout: 30,
  updateDelayMs: 50,
  model: { cpuMs: 0, meansBySize: MEANS, noisePct }
})

const emulators: Emulator[] = []
afterAll(async () => {
  await Promise.all(emulators.map((e) => e.stop()))
})

async function benchmark(
  noisePct: number,
  invocations: number
): Promise<{ emulator: Emulator; run: RunResult; results: Results }> {
  const emulator = await startEmulator({
    timeScale: 0.01,
    seed: 3,
    functions: [spec('api', noisePct)]
  })
  emulators.push(emulator)
  const run = await runAction({
    inputs: {
      functions: 'api',
      'memory-sizes': SIZES.join(','),
      invocations: String(invocations),
      concurrency: '5',
      'target-precision': '2',
      'comment-mode': 'off'
    },
    env: { AWS_ENDPOINT_URL: emulator.url },
    timeoutMs: 90_000
  })
  if (process.env.E2E_DEBUG) console.log(run.stdout)
  return { emulator, run, results: await resultsOf(run) }
}

describe('5 % noise, target ±2 %, invocations 200', () => {
  let emulator: Emulator
  let run: RunResult
  let results: Results
  beforeAll(async () => {
    ;({ emulator, run, results } = await benchmark(5, 200))
  }, 120_000)

  test('takes at most 40 % of the fixed plan, each size at least min-invocations', () => {
    expect(run.exitCode).toBe(0)
    const ran = emulator.journal.invocations
    expect(ran.length).toBeLessThanOrEqual(0.4 * 200 * SIZES.length)
    const [f] = results.functions
    for (const t of f.tiers) {
      expect(t.invocations).toBeGreaterThanOrEqual(20)
      expect(t.invocations).toBeLessThan(200)
      // The results say what the journal shows.
      expect(ran.filter((i) => i.memorySize === t.memorySize)).toHaveLength(t.invocations)
      expect(t.precision!.reached).toBe(true)
      expect(t.precision!.halfWidthPct).toBeLessThanOrEqual(2)
    }
    expect(results.settings).toMatchObject({ targetPrecision: 2, minInvocations: 20 })
  })

  test("every size's mean is within 2.5 % of the emulator's noiseless figure", () => {
    for (const t of results.functions[0].tiers) {
      const expected = MEANS[t.memorySize]
      expect(Math.abs(t.duration!.mean / expected - 1)).toBeLessThanOrEqual(0.025)
    }
  })

  test('the report says what was saved against the fixed invocations', () => {
    const taken = results.functions[0].tiers.reduce((n, t) => n + t.invocations, 0)
    expect(run.outputs.report).toContain('**Adaptive sampling**')
    expect(run.outputs.report).toMatch(
      new RegExp(
        `${taken} of 600 invocations .*${600 - taken} fewer than a fixed 200 per size, ≈ \\$`
      )
    )
    expect(run.outputs.report).not.toMatch(/Not reached/)
  })
})

describe('30 % noise, target ±2 %, invocations 60', () => {
  let run: RunResult
  let results: Results
  beforeAll(async () => {
    ;({ run, results } = await benchmark(30, 60))
  }, 120_000)

  test('every size takes all its invocations, and the report names each as short of the target', () => {
    expect(run.exitCode).toBe(0)
    for (const t of results.functions[0].tiers) {
      expect(t.invocations).toBe(60)
      expect(t.precision!.reached).toBe(false)
      expect(t.precision!.halfWidthPct).toBeGreaterThan(2)
    }
    const report = run.outputs.report
    expect(report).toMatch(/Not reached within 60: /)
    for (const size of SIZES)
      expect(report).toMatch(new RegExp(`\\*\\*api\\*\\* ${size}\\s+MB \\(±`))
  })
})
