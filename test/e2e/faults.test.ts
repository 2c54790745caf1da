/**
 * One function that cannot be benchmarked must not cost the others their results: it is
 * reported `failed` with the IAM action named, the others are complete, everything is restored,
 * and the step exits 1 afterwards. Needs `npm run bundle` first.
 */
import type { Emulator, FunctionSpec } from '../emulator/index.js'
import { startEmulator } from '../emulator/index.js'
import { resultsOf, runAction, type RunResult } from '../runner.js'
import type { FunctionResult, Results } from '../../src/model/results.js'

const SIZES = [128, 512, 1024]
const FUNCTIONS: FunctionSpec[] = [
  { name: 'healthy', memorySize: 256, timeout: 30, updateDelayMs: 100, model: { cpuMs: 100 } },
  {
    name: 'denied',
    memorySize: 256,
    updateDelayMs: 100,
    model: { cpuMs: 100 },
    faults: { accessDenied: ['UpdateFunctionConfiguration'] }
  },
  {
    name: 'times-out-small',
    memorySize: 1024,
    timeout: 2,
    updateDelayMs: 100,
    model: { cpuMs: 100 },
    faults: { timeoutAtMemory: [128] }
  },
  {
    name: 'logs-denied',
    memorySize: 512,
    timeout: 30,
    updateDelayMs: 100,
    model: { cpuMs: 100 },
    faults: { tailWithoutReport: true, accessDenied: ['FilterLogEvents'] }
  },
  {
    name: 'pending',
    memorySize: 512,
    state: 'Pending',
    pendingMs: 1_500,
    updateDelayMs: 100,
    model: { cpuMs: 50 }
  },
  { name: 'broken', memorySize: 512, state: 'Failed', model: { cpuMs: 50 } },
  {
    // At 256 MB, not a size measured: 30 invocations at 128 MB, 10 at 512 MB, then every Invoke
    // fails (5xx) until the stall deadline ends the tier.
    name: 'stalls',
    memorySize: 256,
    timeout: 30,
    updateDelayMs: 100,
    model: { cpuMs: 50 },
    faults: { serviceErrors: { operation: 'Invoke', count: 1_000_000, after: 40 } }
  },
  {
    // Every Invoke is a 502 KMSAccessDeniedException: the function itself cannot start.
    name: 'kms-denied',
    memorySize: 512,
    updateDelayMs: 100,
    model: { cpuMs: 50 },
    faults: { setupFailure: 'KMSAccessDeniedException' }
  },
  {
    name: 'efs-broken',
    memorySize: 512,
    updateDelayMs: 100,
    model: { cpuMs: 50 },
    faults: { setupFailure: 'EFSMountFailureException' }
  }
]

let emulator: Emulator
let run: RunResult
let results: Results

beforeAll(async () => {
  emulator = await startEmulator({ timeScale: 0, seed: 11, functions: FUNCTIONS })
  run = await runAction({
    inputs: {
      functions: FUNCTIONS.map((f) => f.name).join(','),
      'memory-sizes': SIZES.join(','),
      invocations: '30',
      concurrency: '5',
      'comment-mode': 'off'
    },
    env: {
      AWS_ENDPOINT_URL: emulator.url,
      LMB_LOGS_DEADLINE_MS: '3000',
      LMB_STALL_DEADLINE_MS: '1500'
    }
  })
  results = await resultsOf(run)
}, 60_000)

afterAll(async () => {
  await emulator?.stop()
})

const resultOf = (name: string): FunctionResult =>
  results.functions.find((f) => f.functionName === name)!

test('exit 1 after every other function is finished; the error lists the failed ones', () => {
  expect(run.exitCode).toBe(1)
  const error = run.stdout.split('\n').find((l) => l.startsWith('::error::')) ?? ''
  expect(error).toContain('5 of 9 function(s) could not be benchmarked')
  expect(error).toContain('denied: lambda:UpdateFunctionConfiguration was denied for denied')
  expect(error).toContain('broken is Failed')
  expect(run.outputs['results-file']).toBe('lambda-benchmark-results.json')
})

test('AccessDenied on the update: failed, named, nothing measured, function unchanged', () => {
  const denied = resultOf('denied')
  expect(denied.status).toBe('failed')
  expect(denied.error).toMatch(/lambda:UpdateFunctionConfiguration was denied for denied/)
  expect(denied.error).toMatch(/is not authorized to perform: lambda:UpdateFunctionConfiguration/)
  expect(denied.tiers).toEqual([])
  expect(emulator.journal.invocations.filter((i) => i.functionName === 'denied')).toEqual([])
})

test('a Failed function is refused with its state and reason; a Pending one is waited for', () => {
  expect(resultOf('broken')).toMatchObject({ status: 'failed', tiers: [] })
  expect(resultOf('broken').error).toMatch(/^broken is Failed: .+; it must be Active/)
  const pending = resultOf('pending')
  expect(pending.status).toBe('ok')
  expect(pending.tiers.map((t) => t.invocations)).toEqual([30, 30, 30])
})

test('timeouts at one size are measurements: counted, never recommended, other sizes measured', () => {
  const f = resultOf('times-out-small')
  expect(f.status).toBe('ok')
  const [small, ...rest] = f.tiers
  expect(small).toMatchObject({
    memorySize: 128,
    invocations: 30,
    errors: 30,
    billedDuration: null
  })
  expect(Object.keys(small.errorTypes)).toEqual(['Sandbox.Timedout'])
  for (const t of rest) expect(t).toMatchObject({ invocations: 30, errors: 0 })
  expect(f.recommendation.cost).not.toBe(128)
  expect(f.recommendation.balanced).not.toBe(128)
})

test('logs:FilterLogEvents denied: a warning naming it, invocations unmeasured, nothing else lost', () => {
  const f = resultOf('logs-denied')
  expect(f.status).toBe('ok')
  for (const t of f.tiers) expect(t).toMatchObject({ invocations: 30, unmeasured: 30, errors: 0 })
  expect(run.stdout).toMatch(/::warning::logs-denied: logs:FilterLogEvents was denied/)
})

test('a tier that stalls mid-way fails the function but keeps what it measured', () => {
  const stalls = resultOf('stalls')
  expect(stalls.status).toBe('failed')
  expect(stalls.error).toMatch(/no invocation succeeded/)
  const bySize = new Map(stalls.tiers.map((t) => [t.memorySize, t.invocations]))
  expect(bySize.get(128)).toBe(30)
  expect(bySize.get(512)).toBeGreaterThan(0)
  expect(bySize.get(512)).toBeLessThan(30)
  expect(bySize.has(1024)).toBe(false)
  expect(emulator.functionConfig('stalls').MemorySize).toBe(256)
})

test("the function's own setup failures end it at once, named, with what to fix", () => {
  const kms = resultOf('kms-denied')
  expect(kms.status).toBe('failed')
  expect(kms.error).toMatch(
    /^kms-denied cannot start: Lambda may not use the KMS key of its environment variables .*retrying will not help \(lambda:InvokeFunction: KMSAccessDeniedException: Lambda was unable to decrypt/
  )
  // A 403 of the function's setup is not our permission problem.
  expect(resultOf('efs-broken').error).toMatch(
    /^efs-broken cannot start: its file system could not be mounted/
  )
  // Only the SDK's own 3 attempts per worker (5 in flight), not retries until the stall deadline.
  for (const name of ['kms-denied', 'efs-broken']) {
    const attempts = emulator.journal.calls.filter(
      (c) => c.functionName === name && c.operation === 'Invoke'
    )
    expect(attempts.length).toBeGreaterThan(0)
    expect(attempts.length).toBeLessThanOrEqual(15)
  }
  expect(run.stdout).not.toMatch(/grant lambda:InvokeFunction/)
})

test('the healthy function is complete, and every function ends as it started', () => {
  expect(resultOf('healthy').tiers.map((t) => t.invocations)).toEqual([30, 30, 30])
  expect(emulator.journal.driftedFunctions()).toEqual([])
  for (const f of FUNCTIONS) expect(emulator.functionConfig(f.name).MemorySize).toBe(f.memorySize)
  expect(run.post?.exitCode).toBe(0)
})

test('the report shows the 128 MB row of the timing-out function as failing, with the reason', () => {
  const report = run.outputs.report
  const row = report.split('\n').find((l) => /^\| 128\sMB \|/.test(l)) ?? ''
  const header = report.split('\n').find((l) => l.startsWith('| Memory |')) ?? ''
  const column = header.split('|').findIndex((c) => c.trim() === 'times-out-small')
  expect(column).toBeGreaterThan(0)
  expect(row.split('|')[column]).toMatch(/⚠ timeout/)
  expect(report).toContain('every invocation timed out; never recommended')
  expect(report).toMatch(/Errors at 128\sMB: <code>Sandbox\.Timedout × 30<\/code>/)
  // The failed functions are listed with their error, the rest of the report intact.
  expect(report).toMatch(/\*\*denied\*\*: <code>lambda:UpdateFunctionConfiguration was denied/)
})
