/**
 * A cancelled workflow: SIGTERM / SIGINT in the middle of a tier, then the post step. No new
 * invocation starts, every function is restored, the partial results are written, exit 1.
 * Needs `npm run bundle` first.
 */
import type { Emulator, FunctionSpec } from '../emulator/index.js'
import { startEmulator } from '../emulator/index.js'
import { resultsOf, runAction, type RunOptions } from '../runner.js'

// No current size is among the sizes measured, so every function starts at 128 MB.
const FUNCTIONS: FunctionSpec[] = [
  { name: 'alpha', memorySize: 1024, timeout: 30, updateDelayMs: 200, model: { cpuMs: 200 } },
  {
    name: 'beta',
    memorySize: 768,
    timeout: 30,
    updateDelayMs: 200,
    model: { cpuMs: 150, ioMs: 50 }
  },
  {
    name: 'gamma',
    memorySize: 2048,
    timeout: 30,
    logFormat: 'JSON',
    updateDelayMs: 200,
    model: { cpuMs: 100 }
  }
]

/**
 * Resolves once every function is measuring its first size with at least one invocation
 * measured: the emulator has run more of its invocations than can be in flight (5). The signal
 * then leaves this process, the emulator's, at once: the step reads it before the emulator has
 * answered the hundreds of invocations left in the tier, however busy the machine.
 */
function measuringAll(emulator: Emulator): Promise<void> {
  const ran = new Map<string, number>()
  return emulator.journal.untilInvocation((i) => {
    ran.set(i.functionName, (ran.get(i.functionName) ?? 0) + 1)
    return FUNCTIONS.every((f) => (ran.get(f.name) ?? 0) > 5)
  })
}
const TIERS_STARTED = FUNCTIONS.map((f) => new RegExp(`${f.name} @ 128 MB: 400 invocations`))

type Signal = NonNullable<RunOptions['signal']>
const SIGNALS: [string, (emulator: Emulator) => Signal][] = [
  [
    'SIGTERM',
    (emulator) => ({ name: 'SIGTERM', whenOutput: TIERS_STARTED, when: measuringAll(emulator) })
  ],
  // A second signal while restoring must not cut the restore short. It is sent once the first
  // restore update has arrived: the restore then still waits for the update to apply.
  [
    'SIGINT, then SIGTERM during the restore',
    (emulator) => {
      const measuring = measuringAll(emulator)
      const restoring = measuring.then(() =>
        emulator.journal.untilCall((c) => c.operation === 'UpdateFunctionConfiguration')
      )
      return {
        name: 'SIGINT',
        whenOutput: TIERS_STARTED,
        when: measuring,
        second: { name: 'SIGTERM', when: restoring }
      }
    }
  ]
]

let emulator: Emulator

afterEach(async () => {
  await emulator?.stop()
})

test.each(SIGNALS)(
  '%s mid-tier: partial results, exit 1, every function restored',
  async (_, signalFor) => {
    // 128 MB invocations take ~1.4–2.8 s of reported time, 14–28 ms of wall time at this scale:
    // a tier of 400 with 5 in flight lasts at least 1 s.
    emulator = await startEmulator({ timeScale: 0.01, seed: 5, functions: FUNCTIONS })
    const signal = signalFor(emulator)
    const run = await runAction({
      inputs: {
        functions: FUNCTIONS.map((f) => f.name).join(','),
        'memory-sizes': '128,256,512',
        invocations: '400',
        concurrency: '5',
        'comment-mode': 'off'
      },
      env: { AWS_ENDPOINT_URL: emulator.url },
      signal,
      timeoutMs: 60_000
    })
    if (process.env.E2E_DEBUG) console.log(run.stdout, run.post?.stdout)
    expect(run.exitCode).toBe(1)
    expect(run.stdout).toMatch(new RegExp(`::warning::${signal.name} received`))
    expect(run.stdout).toMatch(/::error::Cancelled: partial results written/)
    if (signal.second) expect(run.stdout).toMatch(/SIGTERM received again: still restoring/)

    const results = await resultsOf(run)
    expect(results.cancelled).toBe(true)
    for (const f of results.functions) {
      expect(f.status).toBe('ok')
      // Stopped inside the first memory size: what was measured is kept, nothing more started.
      expect(f.tiers.length).toBeLessThanOrEqual(1)
      for (const t of f.tiers) expect(t.invocations).toBeLessThan(400)
      const ran = emulator.journal.invocations.filter((i) => i.functionName === f.functionName)
      const measured = f.tiers.reduce((n, t) => n + t.invocations, 0)
      // In-flight requests abandoned at the signal may still have run: at most 5 of them.
      expect(ran.length - measured).toBeGreaterThanOrEqual(0)
      expect(ran.length - measured).toBeLessThanOrEqual(5)
    }
    expect(results.functions.some((f) => f.tiers.length === 1)).toBe(true)

    // Restored by the main step or, failing that, by the post step.
    expect(run.post?.exitCode).toBe(0)
    expect(emulator.journal.driftedFunctions()).toEqual([])
    for (const f of FUNCTIONS) expect(emulator.functionConfig(f.name).MemorySize).toBe(f.memorySize)
    // Nothing was invoked after the restores began: every Invoke arrived before the first
    // restore did (the emulator's arrival order, not a margin on its answer times).
    const restores = emulator.journal
      .callsOf('UpdateFunctionConfiguration')
      .slice(-FUNCTIONS.length)
    const firstRestore = Math.min(...restores.map((c) => c.receivedAt))
    const lastInvoke = Math.max(...emulator.journal.callsOf('Invoke').map((c) => c.receivedAt))
    expect(lastInvoke).toBeLessThanOrEqual(firstRestore)
  },
  120_000
)
