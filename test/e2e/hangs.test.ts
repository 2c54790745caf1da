/**
 * Requests the server accepts and never answers (a stalled socket): with a per-request limit
 * (LMB_REQUEST_TIMEOUT_MS, 1 s here instead of 30 s) each one ends as a TimeoutError that is
 * retried — by the SDK, and past its attempts by our own loops — so a hung restore or snapshot
 * costs seconds, not the run. Without the limit the run never ends: runAction's own timeout
 * fails these tests instead of letting jest wait forever. Needs `npm run bundle` first.
 */
import type { CallRecord, Emulator, FunctionSpec } from '../emulator/index.js'
import { startEmulator } from '../emulator/index.js'
import { resultsOf, runAction, type RunResult } from '../runner.js'
import type { FunctionResult, Results } from '../../src/model/results.js'

/** 150 s reported: 1.5 s of wall time at the emulators' timeScale. */
const SLOW: FunctionSpec['model'] = { cpuMs: 1, ioMs: 150_000 }
/** Neither size is the original 256 MB: the third memory change is the restore. */
const SIZES = [128, 512]
const fn = (
  name: string,
  faults?: FunctionSpec['faults'],
  model: FunctionSpec['model'] = { cpuMs: 100 }
): FunctionSpec => ({
  name,
  memorySize: 256,
  timeout: 300,
  updateDelayMs: 80,
  model,
  ...(faults ? { faults } : {})
})
const FUNCTIONS: FunctionSpec[] = [
  // Two hung restores: the SDK's own attempts (3 by default) get through.
  fn('restore-hangs', {
    hang: { operation: 'UpdateFunctionConfiguration', count: 2, after: 2 }
  }),
  // Four: the SDK gives up after three, restoreFunction retries the TimeoutError (isTransient).
  fn('restore-hangs-long', {
    hang: { operation: 'UpdateFunctionConfiguration', count: 4, after: 2 }
  }),
  // The very first call of the function, its snapshot, hangs once.
  fn('snapshot-hangs', { hang: { operation: 'GetFunction', count: 1 } }),
  fn('bystander'),
  // Invocations of 1.5 s wall time, past the control-plane limit: Invoke has its own, far longer.
  fn('slow-invoke', undefined, SLOW)
]

// isolation: versions — the invocations of every size go through one pool, versions are deleted.
const VERSIONED: FunctionSpec[] = [
  fn('publish-hangs', { hang: { operation: 'PublishVersion', count: 1 } }, SLOW),
  // Past the SDK's three attempts: deleteVersions retries the TimeoutError itself.
  fn('delete-hangs', { hang: { operation: 'DeleteFunction', count: 4 } })
]

let emulator: Emulator
let versioned: Emulator
let run: RunResult
let versionsRun: RunResult
let results: Results

/** The action against `emulator`, with a 1 s limit on control-plane and Logs requests. */
function runWith(emulator: Emulator, functions: FunctionSpec[], inputs = {}): Promise<RunResult> {
  return runAction({
    inputs: {
      functions: functions.map((f) => f.name).join(','),
      'memory-sizes': SIZES.join(','),
      invocations: '4',
      concurrency: '4',
      'comment-mode': 'off',
      ...inputs
    },
    env: { AWS_ENDPOINT_URL: emulator.url, LMB_REQUEST_TIMEOUT_MS: '1000' },
    // A step that hangs is killed and runAction rejects: the tests fail, jest goes on. Without
    // the limit restore-hangs-long alone needs four 30 s attempts; the run takes ~6 s idle.
    timeoutMs: 90_000
  })
}

beforeAll(async () => {
  // 10 ms of wall time per reported second: ~14 ms an invocation, 1.5 s for a SLOW one.
  ;[emulator, versioned] = await Promise.all([
    startEmulator({ timeScale: 0.01, seed: 21, functions: FUNCTIONS }),
    startEmulator({ timeScale: 0.01, seed: 22, functions: VERSIONED })
  ])
  ;[run, versionsRun] = await Promise.all([
    runWith(emulator, FUNCTIONS),
    runWith(versioned, VERSIONED, { isolation: 'versions' })
  ])
  results = await resultsOf(run)
}, 100_000)

afterAll(async () => {
  await Promise.all([emulator?.stop(), versioned?.stop()])
})

const resultOf = (name: string): FunctionResult =>
  results.functions.find((f) => f.functionName === name)!
const outcome = (c: CallRecord): string | number => c.errorCode ?? c.status

/** The SDK's own per-request limit, had LMB_REQUEST_TIMEOUT_MS not been honoured. */
const DEFAULT_LIMIT_MS = 30_000

/**
 * Each Hung call of `calls` (one operation of one function, in order) was ended by the client
 * — not by the emulator — well within the default limit, and only then did the next attempt
 * arrive. Machine-independent witnesses from the emulator's journal: who closed the socket,
 * and the order of the close and the next request (read in that order by the emulator, see
 * server.ts). The duration only has to be a third of the 30 s default, a generous factor over
 * the 1 s limit on any machine, yet it fails if the limit was not applied.
 */
function expectEachHangEndedByTheClient(calls: CallRecord[]): void {
  const hung = calls.filter((c) => c.errorCode === 'Hung')
  expect(hung.length).toBeGreaterThan(0)
  for (const call of hung) {
    const next = calls[calls.indexOf(call) + 1]
    expect(call).toMatchObject({ closedBy: 'client' })
    expect(call.closedAt! - call.receivedAt).toBeLessThan(DEFAULT_LIMIT_MS / 3)
    expect(next).toBeDefined()
    expect(next.receivedAt).toBeGreaterThanOrEqual(call.closedAt!)
  }
}

test('the run completes: exit 0, every function measured and back as it was', () => {
  expect(run.exitCode).toBe(0)
  for (const f of FUNCTIONS) {
    expect(resultOf(f.name)).toMatchObject({ status: 'ok', error: null })
    expect(resultOf(f.name).tiers.map((t) => t.invocations)).toEqual([4, 4])
    expect(emulator.functionConfig(f.name).MemorySize).toBe(256)
  }
  expect(emulator.journal.driftedFunctions()).toEqual([])
  expect(run.post).toMatchObject({ exitCode: 0 })
})

test.each([
  ['restore-hangs', 2],
  ['restore-hangs-long', 4]
])(
  '%s: each hung restore is given up by the client within the limit and tried again',
  (name, hangs) => {
    const updates = emulator.journal.callsOf('UpdateFunctionConfiguration', name)
    expect(updates.map(outcome)).toEqual([200, 200, ...Array<string>(hangs).fill('Hung'), 200])
    expectEachHangEndedByTheClient(updates)
    expect(run.stdout).toContain(`${name}: memory restored to 256 MB`)
  }
)

test('a hung snapshot GetFunction is retried and the function benchmarked', () => {
  const gets = emulator.journal.callsOf('GetFunction', 'snapshot-hangs')
  expect(gets.slice(0, 2).map(outcome)).toEqual(['Hung', 200])
  expectEachHangEndedByTheClient(gets)
  expect(resultOf('snapshot-hangs').originalMemorySize).toBe(256)
})

test('invocations longer than the control-plane limit are not cut off', () => {
  const slow = emulator.journal.invocations.filter((i) => i.functionName === 'slow-invoke')
  expect(slow.length).toBe(8)
  for (const i of slow) expect(i).toMatchObject({ status: 'success' })
  expect(Math.min(...slow.map((i) => i.durationMs))).toBeGreaterThan(100_000)
  expect(emulator.journal.callsOf('Invoke', 'slow-invoke').map(outcome)).toEqual(
    Array<number>(8).fill(200)
  )
})

test('isolation: versions: a hung PublishVersion and hung DeleteFunctions are retried', async () => {
  expect(versionsRun.exitCode).toBe(0)
  const out = await resultsOf(versionsRun)
  for (const f of VERSIONED) {
    const result = out.functions.find((r) => r.functionName === f.name)!
    expect(result).toMatchObject({ status: 'ok', error: null })
    expect(result.tiers.map((t) => t.invocations)).toEqual([4, 4])
  }
  const outcomes = (operation: string, name: string): (string | number)[] =>
    versioned.journal.callsOf(operation, name).map(outcome)
  expect(outcomes('PublishVersion', 'publish-hangs')[0]).toBe('Hung')
  expect(outcomes('DeleteFunction', 'delete-hangs')).toEqual([
    'Hung',
    'Hung',
    'Hung',
    'Hung',
    204,
    204
  ])
  // The 1.5 s invocations of the versions ran through the Invoke client, uncut.
  const slow = versioned.journal.invocations.filter((i) => i.functionName === 'publish-hangs')
  expect(slow.map((i) => i.status)).toEqual(Array<string>(8).fill('success'))
  expect(versioned.journal.callsOf('Invoke', 'publish-hangs').map(outcome)).toEqual(
    Array<number>(8).fill(200)
  )
  expectEachHangEndedByTheClient(versioned.journal.callsOf('PublishVersion', 'publish-hangs'))
  expectEachHangEndedByTheClient(versioned.journal.callsOf('DeleteFunction', 'delete-hangs'))
  expect(versionsRun.stdout).toContain('delete-hangs: deleted the 2 version(s) it published')
  expect(versioned.journal.driftedFunctions()).toEqual([])
  expect(versionsRun.post).toMatchObject({ exitCode: 0 })
})
