/**
 * Forced cold starts (`cold-starts`), run as the Actions runner does against the emulator, with
 * the journal as the witness:
 * - at every size, at least `cold-starts` invocations besides the measured ones, each on a fresh
 *   environment, reported apart (forcedColdStarts, initDuration, coldBilledDuration) and never
 *   in the warm figures; the measured invocations never run with the marker variable;
 * - every setting touched (memory, the environment) is back exactly, nothing else was sent, and
 *   no value of a variable reaches the log, the outputs, the state, the summary or the file;
 * - isolation: versions forces them on versions (SnapStart: restores) and deletes every one;
 * - a function whose variables are unreadable or leave no room for the marker is refused
 *   untouched while the others finish (exit 1).
 * Needs `npm run bundle` first.
 */
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Emulator, FunctionSpec, InvocationRecord } from '../emulator/index.js'
import { startEmulator } from '../emulator/index.js'
import { resultsOf, runAction, type RunResult } from '../runner.js'
import type { FunctionResult, Results } from '../../src/model/results.js'

const MARKER = 'LAMBDA_MEMORY_BENCHMARK_COLD_START'
const SECRET = 'pa55-Wr0rd-0f-the-orders-db'
const SIZES = [128, 512, 1024]
const COLD = 6
const CONCURRENCY = 4
const INVOCATIONS = 20

const withEnv: FunctionSpec = {
  name: 'orders',
  memorySize: 512,
  description: 'orders API',
  environment: { DB_PASSWORD: SECRET, STAGE: 'prod' },
  updateDelayMs: 100,
  model: { cpuMs: 40, initMs: 400, noisePct: 5 }
}
const bare: FunctionSpec = {
  name: 'bare',
  memorySize: 256,
  updateDelayMs: 100,
  model: { cpuMs: 30, initMs: 300, noisePct: 5 }
}
/** Its variables and the marker would pass Lambda's 4 KB. */
const full: FunctionSpec = {
  name: 'full',
  memorySize: 256,
  environment: { BLOB: 'x'.repeat(4060) },
  model: { cpuMs: 30 }
}
/** A customer managed KMS key the caller may not use: GetFunction shows Environment.Error. */
const sealed: FunctionSpec = {
  name: 'sealed',
  memorySize: 256,
  environment: { TOKEN: SECRET },
  faults: { environmentUnreadable: true },
  model: { cpuMs: 30 }
}

const emulators: Emulator[] = []
afterAll(async () => {
  await Promise.all(emulators.map((e) => e.stop()))
})

async function benchmark(
  isolation: 'latest' | 'versions',
  functions: FunctionSpec[]
): Promise<{ emulator: Emulator; run: RunResult; results: Results }> {
  // An invocation takes 20–60 ms of wall time at this scale, a cold one 40 ms more: the
  // invocations of a round, sent at once, all find no environment to reuse.
  const emulator = await startEmulator({ timeScale: 0.1, seed: 8, functions })
  emulators.push(emulator)
  const run = await runAction({
    inputs: {
      functions: functions.map((f) => f.name).join(','),
      'memory-sizes': SIZES.join(','),
      invocations: String(INVOCATIONS),
      concurrency: String(CONCURRENCY),
      'cold-starts': String(COLD),
      isolation,
      'comment-mode': 'off'
    },
    env: { AWS_ENDPOINT_URL: emulator.url },
    timeoutMs: 90_000
  })
  if (process.env.E2E_DEBUG) console.log(run.stdout, run.post?.stdout)
  return { emulator, run, results: await resultsOf(run) }
}

const resultOf = (results: Results, name: string): FunctionResult =>
  results.functions.find((f) => f.functionName === name)!

/** Everything the run wrote where a person or a later step could read it. */
async function everythingWritten(run: RunResult): Promise<string> {
  const file = await readFile(join(run.workspace, 'lambda-benchmark-results.json'), 'utf8')
  return [
    run.stdout,
    run.stderr,
    run.post?.stdout ?? '',
    run.post?.stderr ?? '',
    run.summary,
    JSON.stringify(run.outputs),
    JSON.stringify(run.state),
    JSON.stringify(run.env),
    file
  ].join('\n')
}

describe('isolation: latest', () => {
  let emulator: Emulator
  let run: RunResult
  let results: Results
  beforeAll(async () => {
    ;({ emulator, run, results } = await benchmark('latest', [withEnv, bare, full, sealed]))
  }, 120_000)

  const ranAt = (name: string, size: number): InvocationRecord[] =>
    emulator.journal.invocations.filter((i) => i.functionName === name && i.memorySize === size)

  test('every size has at least cold-starts fresh environments besides the measured invocations', () => {
    for (const name of ['orders', 'bare']) {
      const f = resultOf(results, name)
      expect(f.status).toBe('ok')
      expect(f.tiers.map((t) => t.memorySize)).toEqual(SIZES)
      for (const t of f.tiers) {
        const forced = t.forcedColdStarts!
        expect(forced.coldStarts).toBeGreaterThanOrEqual(COLD)
        expect(forced.invocations).toBeLessThanOrEqual(2 * COLD)
        expect(t.invocations).toBe(INVOCATIONS)
        // The journal: the measured and the forced ones, no other, and as many cold as said.
        const ran = ranAt(name, t.memorySize)
        expect(ran).toHaveLength(INVOCATIONS + forced.invocations)
        expect(ran.filter((i) => i.cold)).toHaveLength(t.coldStarts + forced.coldStarts)
        // Cold figures over every cold start; warm ones over warm invocations only.
        const cold = ran.filter((i) => i.cold)
        expect(t.initDuration!.max).toBe(Math.max(...cold.map((i) => i.initDurationMs!)))
        expect(t.coldBilledDuration!.max).toBe(Math.max(...cold.map((i) => i.billedDurationMs)))
        expect(t.samples).toHaveLength(INVOCATIONS - t.coldStarts)
        expect(t.billedDuration!.max).toBe(
          Math.max(...ran.filter((i) => !i.cold).map((i) => i.billedDurationMs))
        )
      }
    }
  })

  test('the measured invocations never run with the marker; every invocation with it is cold', () => {
    for (const name of ['orders', 'bare']) {
      for (const size of SIZES) {
        const ran = ranAt(name, size)
        const marked = ran.filter((i) => i.variables[MARKER] !== undefined)
        expect(marked.every((i) => i.cold)).toBe(true)
        // The first round needs no marker (the size's update left no environment): the rounds
        // after the measured invocations do, and come after every one of them.
        const plain = ran.filter((i) => i.variables[MARKER] === undefined)
        expect(plain.length).toBeGreaterThanOrEqual(INVOCATIONS)
        expect(marked.length).toBeGreaterThanOrEqual(COLD - CONCURRENCY)
        const lastPlain = Math.max(...plain.map((i) => i.startedAt))
        expect(marked.every((i) => i.startedAt >= lastPlain)).toBe(true)
        // The variables were the function's own, with nothing else added.
        const own = name === 'orders' ? withEnv.environment! : {}
        for (const i of plain) expect(i.variables).toEqual(own)
        for (const i of marked)
          expect({ ...i.variables, [MARKER]: undefined }).toEqual({ ...own, [MARKER]: undefined })
      }
    }
  })

  test('memory, environment and description are back exactly; only memory and variables were sent', () => {
    expect(emulator.journal.driftedFunctions()).toEqual([])
    expect(run.stdout).toMatch(
      /orders: memory restored to 512 MB, environment variables as they were/
    )
  })

  test('no value of a variable appears anywhere the run wrote', async () => {
    const written = await everythingWritten(run)
    expect(written).not.toContain(SECRET)
    expect(written).not.toContain('x'.repeat(100))
  })

  test('a function whose variables cannot be sent back with the marker is refused untouched', () => {
    expect(run.exitCode).toBe(1)
    for (const name of ['full', 'sealed']) {
      const f = resultOf(results, name)
      expect(f.status).toBe('failed')
      expect(f.tiers).toEqual([])
      const calls = emulator.journal.calls.filter((c) => c.functionName === name)
      expect(calls.map((c) => c.operation)).toEqual(['GetFunction'])
    }
    expect(resultOf(results, 'full').error).toMatch(
      /no room for the variable .*4 KB limit.*cold-starts to 0/
    )
    expect(resultOf(results, 'sealed').error).toMatch(
      /could not be read \(AccessDeniedException\).*kms:Decrypt/
    )
  })

  test('the report has the cold starts of every size, mean and p90, and their cost', () => {
    const report = run.outputs.report
    expect(report).toMatch(/### Cold starts/)
    const section = report.slice(report.indexOf('### Cold starts'))
    // A row per size and function: count, init and cold billed (mean and p90), cost.
    const row = (size: number): RegExp =>
      new RegExp(
        `^\\| ${size}\\s+MB \\| \\d+( \\+ \\d+ measured)? \\| [\\d,.]+ \\(p90 [\\d,.]+\\) \\| [\\d,.]+ \\(p90 [\\d,.]+\\) \\| \\$[\\d.]+ \\|$`,
        'gm'
      )
    for (const size of SIZES) expect(section.match(row(size))).toHaveLength(2)
  })
})

describe('isolation: versions', () => {
  const snap: FunctionSpec = {
    name: 'snap',
    memorySize: 512,
    runtime: 'java21',
    snapStart: true,
    snapshotMs: 200,
    environment: { STAGE: 'prod' },
    updateDelayMs: 100,
    model: { cpuMs: 40, initMs: 400, noisePct: 5 }
  }
  let emulator: Emulator
  let results: Results
  beforeAll(async () => {
    ;({ emulator, results } = await benchmark('versions', [snap, bare]))
  }, 120_000)

  test('forced cold starts run on versions this run published, and every one is deleted', () => {
    for (const name of ['snap', 'bare']) {
      const f = resultOf(results, name)
      expect(f.status).toBe('ok')
      for (const t of f.tiers) expect(t.forcedColdStarts!.coldStarts).toBeGreaterThanOrEqual(COLD)
      const ran = emulator.journal.invocations.filter((i) => i.functionName === name)
      expect(ran.every((i) => /^\d+$/.test(i.version))).toBe(true)
      // One version per size for the measured invocations, one more per further round.
      const published = emulator.journal
        .callsOf('PublishVersion', name)
        .filter((c) => c.status === 201)
      expect(published.length).toBeGreaterThanOrEqual(2 * SIZES.length)
      const deleted = emulator.journal.callsOf('DeleteFunction', name).filter((c) => c.qualifier)
      expect(new Set(deleted.map((c) => c.qualifier)).size).toBe(published.length)
    }
    expect(emulator.journal.driftedFunctions()).toEqual([])
  })

  test('on a SnapStart version every forced cold start is a restore', () => {
    const cold = emulator.journal.invocations.filter((i) => i.functionName === 'snap' && i.cold)
    expect(cold.length).toBeGreaterThanOrEqual(COLD * SIZES.length)
    for (const i of cold) {
      expect(i.initDurationMs).toBeUndefined()
      expect(i.restoreDurationMs).toBeGreaterThan(0)
    }
    for (const t of resultOf(results, 'snap').tiers) expect(t.initDuration).not.toBeNull()
  })
})

describe('a live pair', () => {
  const side = (name: string): FunctionSpec => ({ ...withEnv, name })
  let emulator: Emulator
  let run: RunResult
  let results: Results
  beforeAll(async () => {
    const e = await startEmulator({
      timeScale: 0.1,
      seed: 9,
      functions: [side('orders-pr'), side('orders-main')]
    })
    emulators.push(e)
    emulator = e
    run = await runAction({
      inputs: {
        functions: 'orders-pr',
        'baseline-functions': 'orders-pr=orders-main',
        'memory-sizes': SIZES.join(','),
        invocations: String(INVOCATIONS),
        concurrency: String(CONCURRENCY),
        'cold-starts': String(COLD),
        'comment-mode': 'off'
      },
      env: { AWS_ENDPOINT_URL: e.url },
      timeoutMs: 90_000
    })
    results = await resultsOf(run)
  }, 120_000)

  test('both sides get their cold starts, round for round at the same time', () => {
    expect(run.exitCode).toBe(0)
    for (const name of ['orders-pr', 'orders-main']) {
      for (const t of resultOf(results, name).tiers) {
        expect(t.forcedColdStarts!.coldStarts).toBeGreaterThanOrEqual(COLD)
      }
    }
    for (const size of SIZES) {
      // Each marked round of one side, as the journal shows it: the invocations of one value.
      const rounds = (name: string): InvocationRecord[][] => {
        const byValue = new Map<string, InvocationRecord[]>()
        for (const i of emulator.journal.invocations) {
          const value = i.variables[MARKER]
          if (i.functionName !== name || i.memorySize !== size || value === undefined) continue
          byValue.set(value, [...(byValue.get(value) ?? []), i])
        }
        return [...byValue.values()].sort((a, b) => a[0].startedAt - b[0].startedAt)
      }
      const pr = rounds('orders-pr')
      const main = rounds('orders-main')
      expect(main).toHaveLength(pr.length)
      pr.forEach((round, k) => {
        expect(main[k]).toHaveLength(round.length)
        // The other side's round ran while this one was running: they were sent together.
        const end = Math.max(...round.map((i) => i.at))
        const start = Math.min(...round.map((i) => i.startedAt))
        for (const i of main[k]) {
          expect(i.startedAt).toBeLessThanOrEqual(end)
          expect(i.at).toBeGreaterThanOrEqual(start)
        }
      })
    }
    expect(emulator.journal.driftedFunctions()).toEqual([])
  })
})
