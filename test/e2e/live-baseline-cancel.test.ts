/**
 * Live baselines are restored like every other function: on cancellation by the main step, and
 * by the post step from the saved state when the main step died without a chance to restore.
 * Needs `npm run bundle` first.
 */
import type { Emulator, FunctionSpec } from '../emulator/index.js'
import { startEmulator } from '../emulator/index.js'
import { resultsOf, runAction } from '../runner.js'

// Neither current size is measured, so both start with an update: each side has a change to undo.
const FUNCTIONS: FunctionSpec[] = [
  { name: 'orders-pr', memorySize: 1024, timeout: 30, updateDelayMs: 150, model: { cpuMs: 200 } },
  { name: 'orders-main', memorySize: 768, timeout: 30, updateDelayMs: 150, model: { cpuMs: 200 } }
]

/** Resolves once both sides have run more invocations than can be in flight: both are measuring. */
function measuringBoth(emulator: Emulator): Promise<void> {
  const ran = new Map<string, number>()
  return emulator.journal.untilInvocation((i) => {
    ran.set(i.functionName, (ran.get(i.functionName) ?? 0) + 1)
    return FUNCTIONS.every((f) => (ran.get(f.name) ?? 0) > 5)
  })
}

let emulator: Emulator

beforeEach(async () => {
  // 128 MB invocations take ~2.8 s of reported time, 28 ms of wall time: a tier of 400 with 5
  // in flight lasts more than 2 s.
  emulator = await startEmulator({ timeScale: 0.01, seed: 12, functions: FUNCTIONS })
})

afterEach(async () => {
  await emulator?.stop()
})

const inputs = {
  functions: 'orders-pr',
  'baseline-functions': 'orders-pr=orders-main',
  'memory-sizes': '128,256',
  invocations: '400',
  concurrency: '5',
  'comment-mode': 'off'
}

test('SIGTERM mid-tier: both sides keep what they measured, both are restored, exit 1', async () => {
  const run = await runAction({
    inputs,
    env: { AWS_ENDPOINT_URL: emulator.url },
    signal: {
      name: 'SIGTERM',
      whenOutput: [/orders-pr and orders-main @ 128 MB: 400 invocations each, in lockstep/],
      when: measuringBoth(emulator)
    },
    timeoutMs: 60_000
  })
  if (process.env.E2E_DEBUG) console.log(run.stdout, run.post?.stdout)
  expect(run.exitCode).toBe(1)
  expect(run.stdout).toMatch(/::error::Cancelled: partial results written/)
  const results = await resultsOf(run)
  expect(results.cancelled).toBe(true)
  const [current, baseline] = results.functions
  expect([current.functionName, baseline.functionName]).toEqual(['orders-pr', 'orders-main'])
  expect(current.liveBaseline).toBe(baseline.functionArn)
  expect(baseline.liveBaselineOf).toBe(current.functionArn)
  for (const f of [current, baseline]) {
    expect(f.status).toBe('ok')
    expect(f.tiers.map((t) => t.memorySize)).toEqual([128])
    expect(f.tiers[0].invocations).toBeLessThan(400)
  }
  // In lockstep: neither side ran ahead by more than the pairs in flight.
  expect(
    Math.abs(current.tiers[0].invocations - baseline.tiers[0].invocations)
  ).toBeLessThanOrEqual(5)
  expect(run.post?.exitCode).toBe(0)
  expect(emulator.journal.driftedFunctions()).toEqual([])
  for (const f of FUNCTIONS) expect(emulator.functionConfig(f.name).MemorySize).toBe(f.memorySize)
}, 90_000)

test('the main step killed mid-tier: the post step restores both sides from the saved state', async () => {
  const run = await runAction({
    inputs,
    env: { AWS_ENDPOINT_URL: emulator.url },
    signal: { name: 'SIGKILL', when: measuringBoth(emulator) },
    timeoutMs: 60_000
  })
  if (process.env.E2E_DEBUG) console.log(run.stdout, run.post?.stdout)
  expect(run.signal).toBe('SIGKILL')
  // Both sides were changed and saved before the kill; the main step restored neither.
  const saved = JSON.parse(run.state.functions ?? '{}') as Record<string, { functionName: string }>
  expect(
    Object.values(saved)
      .map((e) => e.functionName)
      .sort()
  ).toEqual(['orders-main', 'orders-pr'])
  expect(run.post?.exitCode).toBe(0)
  expect(run.post?.stdout).toMatch(/post: restoring 2 function\(s\) the main step left changed/)
  expect(emulator.journal.driftedFunctions()).toEqual([])
  for (const f of FUNCTIONS) expect(emulator.functionConfig(f.name).MemorySize).toBe(f.memorySize)
}, 90_000)
