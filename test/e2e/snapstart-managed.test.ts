/**
 * SnapStart and Lambda Managed Instances, run as the Actions runner does against the emulator,
 * with the journal as the witness:
 * - `isolation: versions` measures SnapStart restores: every cold start of a version is a
 *   restore (Restore Duration), counted in `coldStarts` and `initDuration`, and its cost counts
 *   the Billed Restore Duration once (it is already in Billed Duration, as in a real record);
 * - `isolation: latest` warns that `$LATEST` has no SnapStart, and its cold starts are INITs;
 * - a function on a capacity provider is refused before any change (one GetFunction, no
 *   UpdateFunctionConfiguration, no PublishVersion, no Invoke), the others finish, exit 1.
 * Needs `npm run bundle` first.
 */
import type { Emulator, FunctionSpec, InvocationRecord } from '../emulator/index.js'
import { startEmulator } from '../emulator/index.js'
import { resultsOf, runAction, type RunResult } from '../runner.js'
import type { FunctionResult, Results } from '../../src/model/results.js'
import { costPerInvocation } from '../../src/stats/cost.js'

const SIZES = [128, 512, 1024]
const FUNCTIONS: FunctionSpec[] = [
  {
    name: 'snap',
    memorySize: 512,
    runtime: 'java21',
    snapStart: true,
    // Each new version is Pending for 300 ms while its snapshot is made, as on AWS.
    snapshotMs: 300,
    updateDelayMs: 100,
    model: { cpuMs: 40, initMs: 300, noisePct: 5 }
  },
  {
    name: 'snap-json',
    memorySize: 1024,
    runtime: 'python3.12',
    logFormat: 'JSON',
    snapStart: true,
    updateDelayMs: 100,
    model: { cpuMs: 30, initMs: 200, noisePct: 5 }
  },
  { name: 'plain', memorySize: 256, updateDelayMs: 100, model: { cpuMs: 30, noisePct: 5 } },
  {
    name: 'managed',
    memorySize: 2048,
    updateDelayMs: 100,
    capacityProvider: { perExecutionEnvironmentMaxConcurrency: 8 },
    model: { cpuMs: 30 }
  }
]

const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length
const resultOf = (results: Results, name: string): FunctionResult =>
  results.functions.find((f) => f.functionName === name)!

const emulators: Emulator[] = []
afterAll(async () => {
  await Promise.all(emulators.map((e) => e.stop()))
})

/**
 * At time scale 0.05 an invocation takes 2–45 ms of wall time, so the first ones of a size
 * overlap and several start cold; every check counts them from the journal, never assumes how
 * many there were.
 */
async function benchmark(
  isolation: 'latest' | 'versions',
  functions: FunctionSpec[]
): Promise<{ emulator: Emulator; run: RunResult; results: Results }> {
  const emulator = await startEmulator({ timeScale: 0.05, seed: 21, functions })
  emulators.push(emulator)
  const run = await runAction({
    inputs: {
      functions: functions.map((f) => f.name).join(','),
      'memory-sizes': SIZES.join(','),
      invocations: '20',
      concurrency: '4',
      isolation,
      'comment-mode': 'off'
    },
    env: { AWS_ENDPOINT_URL: emulator.url },
    timeoutMs: 60_000
  })
  if (process.env.E2E_DEBUG) console.log(run.stdout)
  return { emulator, run, results: await resultsOf(run) }
}

describe('isolation: versions', () => {
  let emulator: Emulator
  let run: RunResult
  let results: Results
  beforeAll(async () => {
    ;({ emulator, run, results } = await benchmark('versions', FUNCTIONS))
  }, 90_000)

  const ranOf = (name: string): InvocationRecord[] =>
    emulator.journal.invocations.filter((i) => i.functionName === name)

  test('a SnapStart version is waited for while Pending (its snapshot), never invoked then', () => {
    const calls = emulator.journal.calls.filter((c) => c.functionName === 'snap')
    const published = calls.filter((c) => c.operation === 'PublishVersion' && c.status === 201)
    expect(published).toHaveLength(SIZES.length)
    // The waiter asked for each new version by its qualifier, and no Invoke was refused.
    const asked = new Set(
      calls.filter((c) => c.operation === 'GetFunction' && c.qualifier).map((c) => c.qualifier)
    )
    expect(asked.size).toBe(SIZES.length)
    expect(calls.filter((c) => c.operation === 'Invoke' && c.status === 409)).toEqual([])
    expect(resultOf(results, 'snap').status).toBe('ok')
  })

  test('SnapStart restores on versions are the cold starts, priced with the billed restore once', () => {
    for (const name of ['snap', 'snap-json']) {
      const f = resultOf(results, name)
      expect(f.status).toBe('ok')
      expect(f.tiers.map((t) => t.memorySize)).toEqual(SIZES)
      const ran = ranOf(name)
      expect(ran.every((i) => /^\d+$/.test(i.version))).toBe(true)
      // The journal: every cold start of a version is a restore, with its billed restore
      // already in Billed Duration (ceil(Duration) + Billed Restore Duration).
      const cold = ran.filter((i) => i.cold)
      for (const i of cold) {
        expect(i.initDurationMs).toBeUndefined()
        expect(i.restoreDurationMs).toBeGreaterThan(0)
        expect(i.billedRestoreDurationMs).toBeGreaterThan(0)
        expect(i.billedDurationMs).toBe(Math.ceil(i.durationMs) + i.billedRestoreDurationMs!)
      }
      for (const t of f.tiers) {
        const mine = ran.filter((i) => i.memorySize === t.memorySize)
        const restores = mine.filter((i) => i.cold)
        expect(mine).toHaveLength(20)
        // A fresh version's first invocation cannot be warm.
        expect(restores.length).toBeGreaterThan(0)
        expect(t.coldStarts).toBe(restores.length)
        expect(t.initDuration!.mean).toBeCloseTo(mean(restores.map((i) => i.restoreDurationMs!)), 6)
        const billed = mean(restores.map((i) => i.billedDurationMs))
        expect(t.coldStartCostPerInvocation).toBeCloseTo(
          costPerInvocation(billed, t.memorySize, 'x86_64', 'us-east-1')!,
          15
        )
        // Never the billed restore a second time on top.
        const twice = mean(restores.map((i) => i.billedDurationMs + i.billedRestoreDurationMs!))
        expect(t.coldStartCostPerInvocation).toBeLessThan(
          costPerInvocation(twice, t.memorySize, 'x86_64', 'us-east-1')!
        )
        // Warm figures hold warm invocations only.
        const warm = mine.filter((i) => !i.cold && i.status === 'success')
        expect(t.samples).toHaveLength(warm.length)
        expect(t.billedDuration!.mean).toBeCloseTo(mean(warm.map((i) => i.billedDurationMs)), 6)
      }
    }
    expect(run.stdout).not.toMatch(/::warning::snap(-json)?: SnapStart/)
  })

  test('the Managed Instances function is refused untouched, named with why', () => {
    const managed = resultOf(results, 'managed')
    expect(managed.status).toBe('failed')
    expect(managed.tiers).toEqual([])
    expect(managed.error).toMatch(/^managed runs on Lambda Managed Instances/)
    expect(managed.error).toContain('$LATEST.PUBLISHED')
    expect(managed.error).toContain('paid for by its instances, not by billed duration')
    const calls = emulator.journal.calls.filter((c) => c.functionName === 'managed')
    expect(new Set(calls.map((c) => c.operation))).toEqual(new Set(['GetFunction']))
    expect(emulator.journal.callsOf('UpdateFunctionConfiguration', 'managed')).toEqual([])
    expect(emulator.journal.callsOf('PublishVersion', 'managed')).toEqual([])
    expect(emulator.journal.callsOf('Invoke', 'managed')).toEqual([])
    expect(ranOf('managed')).toEqual([])
    expect(emulator.functionConfig('managed').MemorySize).toBe(2048)
  })

  test('the others finish; exit 1 as for any failed function; nothing left behind', () => {
    expect(resultOf(results, 'plain').status).toBe('ok')
    expect(resultOf(results, 'plain').tiers.map((t) => t.invocations)).toEqual([20, 20, 20])
    expect(run.exitCode).toBe(1)
    const error = run.stdout.split('\n').find((l) => l.startsWith('::error::')) ?? ''
    expect(error).toMatch(
      /^::error::managed could not be benchmarked \(1 of 4 functions\): managed runs on Lambda Managed Instances/
    )
    expect(error).toContain('Lambda Managed Instances')
    expect(emulator.journal.driftedFunctions()).toEqual([])
    for (const f of FUNCTIONS) {
      expect(emulator.functionConfig(f.name).MemorySize).toBe(f.memorySize)
    }
    expect(run.post?.exitCode).toBe(0)
  })
})

describe('isolation: latest', () => {
  let emulator: Emulator
  let run: RunResult
  let results: Results
  beforeAll(async () => {
    ;({ emulator, run, results } = await benchmark(
      'latest',
      FUNCTIONS.filter((f) => f.name !== 'managed')
    ))
  }, 90_000)

  test('a SnapStart function is warned about, once: restores are not measured on $LATEST', () => {
    expect(run.exitCode).toBe(0)
    const warnings = run.stdout.split('\n').filter((l) => l.startsWith('::warning::'))
    const snapStart = warnings.filter((l) => l.includes('SnapStart'))
    const named = snapStart.map((l) => /^::warning::([\w-]+): SnapStart/.exec(l)?.[1])
    expect(named.sort()).toEqual(['snap', 'snap-json'])
    for (const w of snapStart) {
      expect(w).toContain('isolation: latest measures $LATEST')
      expect(w).toContain('isolation: versions measures the restores')
    }
    expect(warnings.some((l) => l.includes('plain'))).toBe(false)
  })

  test('its cold starts on $LATEST are INITs, counted as the journal has them', () => {
    for (const name of ['snap', 'snap-json', 'plain']) {
      const f = resultOf(results, name)
      expect(f.status).toBe('ok')
      const ran = emulator.journal.invocations.filter((i) => i.functionName === name)
      expect(ran.every((i) => i.version === '$LATEST')).toBe(true)
      expect(ran.some((i) => i.restoreDurationMs !== undefined)).toBe(false)
      for (const t of f.tiers) {
        const cold = ran.filter((i) => i.memorySize === t.memorySize && i.cold)
        expect(cold.length).toBeGreaterThan(0)
        expect(t.coldStarts).toBe(cold.length)
        expect(t.initDuration!.mean).toBeCloseTo(mean(cold.map((i) => i.initDurationMs!)), 6)
      }
    }
    expect(emulator.journal.driftedFunctions()).toEqual([])
  })
})

describe('a SnapStart snapshot that never finishes', () => {
  let emulator: Emulator
  let run: RunResult
  beforeAll(async () => {
    emulator = await startEmulator({
      timeScale: 0.05,
      seed: 22,
      // The snapshot takes an hour; the run waits 2 s for it.
      functions: [{ ...FUNCTIONS[0], snapshotMs: 3_600_000 }]
    })
    emulators.push(emulator)
    run = await runAction({
      inputs: {
        functions: 'snap',
        'memory-sizes': SIZES.join(','),
        invocations: '5',
        isolation: 'versions',
        'comment-mode': 'off'
      },
      env: { AWS_ENDPOINT_URL: emulator.url, LMB_ACTIVE_DEADLINE_MS: '2000' },
      timeoutMs: 60_000
    })
  }, 90_000)

  test('fails the function, naming the snapshot, and deletes the version it waited for', () => {
    expect(run.exitCode).toBe(1)
    expect(run.stdout).toMatch(/::error::.*stayed Pending .* SnapStart snapshot/)
    const calls = emulator.journal.calls.filter((c) => c.functionName === 'snap')
    const published = calls.filter((c) => c.operation === 'PublishVersion' && c.status === 201)
    expect(published).toHaveLength(1)
    const deleted = calls.filter((c) => c.operation === 'DeleteFunction' && c.status === 204)
    expect(deleted.map((c) => c.qualifier)).toEqual(['1'])
    expect(calls.filter((c) => c.operation === 'Invoke')).toEqual([])
    expect(emulator.journal.driftedFunctions()).toEqual([])
  })
})
