/**
 * The built action (dist/), run as the Actions runner does, against the emulator: the numbers
 * in the results file are the emulator's ground truth, every function ends as it started.
 * Needs `npm run bundle` first.
 */
import type { Emulator, FunctionSpec, InvocationRecord } from '../emulator/index.js'
import { startEmulator } from '../emulator/index.js'
import { resultsOf, runAction, type RunResult } from '../runner.js'
import type { FunctionResult, Results } from '../../src/model/results.js'

const SIZES = [128, 256, 512, 1024, 2048]
const INVOCATIONS = 100
/** The second run: log formats and sizes, throttling, long updates (invocations take real time). */
const TIMED_SIZES = [128, 512, 1024]
const TIMED_INVOCATIONS = 50

/** The first run (time scale 0: invocations answer at once, durations stay realistic). */
const FUNCTIONS: FunctionSpec[] = [
  // The article's three implementations, roughly: serial I/O, threads, single-threaded CPU.
  {
    name: 'serial',
    memorySize: 1024,
    timeout: 30,
    updateDelayMs: 150,
    model: { cpuMs: 40, ioMs: 300, noisePct: 5 }
  },
  {
    name: 'threads',
    memorySize: 512,
    timeout: 30,
    updateDelayMs: 150,
    model: { cpuMs: 400, threads: 4, noisePct: 5 }
  },
  {
    name: 'cpu',
    memorySize: 256,
    architecture: 'arm64',
    timeout: 30,
    updateDelayMs: 150,
    model: { cpuMs: 300, noisePct: 5, errorRate: 0.05 }
  }
]

/** The second run, at a small time scale, alongside the first. */
const TIMED: FunctionSpec[] = [
  {
    name: 'json-format',
    memorySize: 128,
    logFormat: 'JSON',
    timeout: 30,
    updateDelayMs: 150,
    model: { cpuMs: 100, noisePct: 5 }
  },
  {
    name: 'chatty',
    memorySize: 256,
    timeout: 30,
    updateDelayMs: 150,
    model: { cpuMs: 100, noisePct: 5, logBytes: 10_240 }
  },
  {
    name: 'no-tail-report',
    memorySize: 512,
    timeout: 30,
    logGroup: '/custom/no-tail-report',
    updateDelayMs: 150,
    model: { cpuMs: 100, noisePct: 5 },
    faults: { tailWithoutReport: true }
  },
  {
    name: 'reserved',
    memorySize: 256,
    timeout: 30,
    reservedConcurrency: 5,
    updateDelayMs: 150,
    model: { cpuMs: 200, noisePct: 5 }
  },
  {
    name: 'slow-update',
    memorySize: 1024,
    timeout: 30,
    updateDelayMs: 2_500,
    model: { cpuMs: 150, noisePct: 5 }
  }
]

let emulator: Emulator
let timedEmulator: Emulator
let run: RunResult
let timedRun: RunResult
let results: Results
let timedResults: Results

beforeAll(async () => {
  emulator = await startEmulator({ timeScale: 0, seed: 42, functions: FUNCTIONS })
  // Invocations take real (short) time here, so `concurrency: 20` really puts more than 5 in
  // flight for the reserved-concurrency function.
  timedEmulator = await startEmulator({
    timeScale: 0.01,
    seed: 7,
    logDeliveryDelayMs: 300,
    functions: TIMED
  })
  ;[run, timedRun] = await Promise.all([
    runAction({
      inputs: {
        functions: FUNCTIONS.map((f) => f.name).join('\n'),
        'memory-sizes': SIZES.join(','),
        invocations: String(INVOCATIONS),
        concurrency: '20',
        'comment-mode': 'off'
      },
      env: { AWS_ENDPOINT_URL: emulator.url },
      timeoutMs: 90_000
    }),
    runAction({
      inputs: {
        functions: TIMED.map((f) => f.name).join(','),
        'memory-sizes': TIMED_SIZES.join(','),
        invocations: String(TIMED_INVOCATIONS),
        concurrency: '20',
        'comment-mode': 'off'
      },
      env: { AWS_ENDPOINT_URL: timedEmulator.url, LMB_LOGS_DEADLINE_MS: '20000' },
      timeoutMs: 90_000
    })
  ])
  results = await resultsOf(run)
  timedResults = await resultsOf(timedRun)
}, 240_000)

afterAll(async () => {
  await emulator?.stop()
  await timedEmulator?.stop()
})

/** Which run a function was in, and its shape. */
function setupOf(name: string): { emu: Emulator; res: Results; sizes: number[]; count: number } {
  return TIMED.some((f) => f.name === name)
    ? { emu: timedEmulator, res: timedResults, sizes: TIMED_SIZES, count: TIMED_INVOCATIONS }
    : { emu: emulator, res: results, sizes: SIZES, count: INVOCATIONS }
}

function resultOf(name: string): FunctionResult {
  const f = setupOf(name).res.functions.find((r) => r.functionName === name)
  if (!f) throw new Error(`no result for ${name}`)
  return f
}

function journalOf(name: string, memorySize: number): InvocationRecord[] {
  return setupOf(name).emu.journal.invocations.filter(
    (i) => i.functionName === name && i.memorySize === memorySize
  )
}

const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length

/** The checks every function must pass: counts, ground-truth means, cold starts, errors. */
function expectMatchesJournal(name: string): void {
  const { sizes, count } = setupOf(name)
  const f = resultOf(name)
  expect(f.status).toBe('ok')
  expect(f.tiers.map((t) => t.memorySize)).toEqual(sizes)
  for (const tier of f.tiers) {
    const truth = journalOf(name, tier.memorySize)
    const warm = truth.filter((i) => !i.cold && i.error === null)
    expect(tier.invocations).toBe(count)
    // Exactly the invocations asked for ran at this size: none lost, none extra, none stale.
    expect(truth).toHaveLength(count)
    expect(tier.unmeasured).toBe(0)
    expect(tier.coldStarts).toBe(truth.filter((i) => i.cold).length)
    expect(tier.errors).toBe(truth.filter((i) => i.error !== null).length)
    expect(tier.samples).toHaveLength(warm.length)
    expect(tier.billedDuration).not.toBeNull()
    const expected = mean(warm.map((i) => i.billedDurationMs))
    expect(Math.abs(tier.billedDuration!.mean - expected) / expected).toBeLessThan(0.001)
    expect(tier.maxMemoryUsed).toBe(Math.max(...truth.map((i) => i.maxMemoryUsedMB)))
  }
}

test('both runs succeed, write the results file and the outputs; post has nothing to do', () => {
  for (const [r, res, names] of [
    [run, results, FUNCTIONS],
    [timedRun, timedResults, TIMED]
  ] as const) {
    expect(r.stdout).not.toMatch(/::error::/)
    expect(r.exitCode).toBe(0)
    expect(res.schemaVersion).toBe(1)
    expect(res.cancelled).toBeUndefined()
    expect(res.runUrl).toBe('https://github.com/octo-org/octo-repo/actions/runs/1658821493')
    expect(res.functions.map((f) => f.functionName)).toEqual(names.map((f) => f.name))
    expect(r.outputs['results-file']).toBe('lambda-benchmark-results.json')
    const output = JSON.parse(r.outputs.results) as Results
    expect(output.functions[0].tiers[0].samples).toEqual([])
    expect(output.functions[0].tiers[0].billedDuration).toEqual(
      res.functions[0].tiers[0].billedDuration
    )
    const recommended = JSON.parse(r.outputs['recommended-memory']) as Record<string, number>
    for (const f of res.functions) {
      expect(recommended[f.displayName] ?? null).toBe(f.recommendation.balanced)
    }
    expect(r.post?.exitCode).toBe(0)
    expect(r.post?.stdout).not.toMatch(/restoring/)
  }
  expect(results.settings).toMatchObject({ memorySizes: SIZES, invocations: 100, concurrency: 20 })
})

test('one progress line per function and memory size, with the mean', () => {
  for (const f of FUNCTIONS) {
    for (const size of SIZES) {
      expect(run.stdout).toMatch(
        new RegExp(`${f.name} @ ${size} MB: 100 invocations in [\\d.]+ s, mean \\d+ ms`)
      )
    }
  }
  // Records from CloudWatch Logs: a line when the tier is done, another when they arrived.
  for (const size of TIMED_SIZES) {
    expect(timedRun.stdout).toMatch(
      new RegExp(`no-tail-report @ ${size} MB: 50 invocations in [\\d.]+ s, .*50 REPORTs awaited`)
    )
    expect(timedRun.stdout).toMatch(
      new RegExp(`no-tail-report @ ${size} MB: 50 REPORTs read from CloudWatch Logs, mean \\d+ ms`)
    )
  }
})

test.each(['serial', 'threads', 'cpu'])(
  '%s: 5 sizes × 100 invocations, billed means equal the journal’s to 0.1 %%',
  (name) => {
    expectMatchesJournal(name)
  }
)

test('errors are measurements: counted with their type, never in the warm figures', () => {
  const cpu = resultOf('cpu')
  expect(cpu.tiers.reduce((n, t) => n + t.errors, 0)).toBeGreaterThan(0)
  for (const t of cpu.tiers) {
    expect(Object.values(t.errorTypes).reduce((a, b) => a + b, 0)).toBe(t.errors)
  }
  expect(cpu.architecture).toBe('arm64')
})

test('the JSON log format is measured the same way', () => {
  expectMatchesJournal('json-format')
})

test('a function that logs 10 KB per invocation (tail cut mid-line) is measured from its tail', () => {
  expectMatchesJournal('chatty')
  for (const t of resultOf('chatty').tiers) expect(t.reportsFromLogs).toBe(0)
})

test('tails without REPORT: every record comes from the custom log group, in few calls', () => {
  expectMatchesJournal('no-tail-report')
  for (const t of resultOf('no-tail-report').tiers) {
    expect(t.reportsFromLogs).toBe(TIMED_INVOCATIONS)
  }
  expect(emulator.journal.callsOf('FilterLogEvents')).toHaveLength(0)
  const calls = timedEmulator.journal.callsOf('FilterLogEvents')
  expect(calls.length).toBeGreaterThan(0)
  expect(calls.every((c) => c.logGroup === '/custom/no-tail-report')).toBe(true)
  // Batched: a few scans of paged results, not one query per invocation.
  expect(calls.length).toBeLessThan(TIMED_SIZES.length * TIMED_INVOCATIONS)
  // The other functions' tails carried REPORT: none of them was looked up.
  for (const name of ['reserved', 'slow-update', 'json-format', 'chatty']) {
    for (const t of resultOf(name).tiers) expect(t.reportsFromLogs).toBe(0)
  }
})

test('reserved concurrency 5 with concurrency 20: throttled, retried, no sample lost', () => {
  expectMatchesJournal('reserved')
  const throttled = timedEmulator.journal.calls.filter(
    (c) => c.functionName === 'reserved' && c.operation === 'Invoke' && c.status === 429
  )
  expect(throttled.length).toBeGreaterThan(0)
  const counted = resultOf('reserved').tiers.reduce((n, t) => n + t.throttles, 0)
  expect(counted).toBe(throttled.length)
})

test('updates InProgress for seconds: no invocation ran at the previous memory size', () => {
  expectMatchesJournal('slow-update')
  const sizes = new Set(TIMED_SIZES)
  const ran = timedEmulator.journal.invocations.filter((i) => i.functionName === 'slow-update')
  expect(ran).toHaveLength(TIMED_SIZES.length * TIMED_INVOCATIONS)
  expect(ran.every((i) => sizes.has(i.memorySize))).toBe(true)
  // One update per size; the last size is the original, so no restore was needed.
  expect(timedEmulator.journal.callsOf('UpdateFunctionConfiguration', 'slow-update')).toHaveLength(
    TIMED_SIZES.length
  )
})

test('the current size is measured last, on fresh environments, and is the restore', () => {
  // serial (1024 MB): 128, 256, 512, 2048, then back to 1024, measured, and nothing after.
  const updates = emulator.journal.callsOf('UpdateFunctionConfiguration', 'serial')
  expect(updates).toHaveLength(SIZES.length)
  const ran = emulator.journal.invocations.filter((i) => i.functionName === 'serial')
  const last = ran.slice(-INVOCATIONS)
  expect(last.every((i) => i.memorySize === 1024)).toBe(true)
  expect(Math.min(...last.map((i) => i.at))).toBeGreaterThanOrEqual(updates.at(-1)!.at)
  // The update before it replaced every environment: like every other size, it starts cold.
  expect(last.some((i) => i.cold)).toBe(true)
  expect(resultOf('serial').tiers.map((t) => t.memorySize)).toEqual(SIZES)
})

test('afterwards every function is back at its original memory, nothing else left behind', () => {
  for (const emu of [emulator, timedEmulator]) {
    expect(emu.journal.driftedFunctions()).toEqual([])
    expect(emu.journal.callsOf('PublishVersion')).toHaveLength(0)
    expect(emu.journal.callsOf('CreateAlias')).toHaveLength(0)
  }
  for (const f of [...FUNCTIONS, ...TIMED]) {
    expect(setupOf(f.name).emu.functionConfig(f.name).MemorySize).toBe(f.memorySize)
    expect(resultOf(f.name).originalMemorySize).toBe(f.memorySize)
  }
})
