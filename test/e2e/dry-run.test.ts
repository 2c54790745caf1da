/**
 * `dry-run: true` through the built action (dist/), with the emulator's journal as the witness:
 * a dry run reads each function (GetFunction) and nothing else — no update, publish, delete,
 * invoke, no CloudWatch Logs — and its plan's counts are the calls a real run of the same inputs
 * then makes, in both isolation modes, with and without the current size in the list, and for a
 * live pair. A function the run would refuse fails the step, named; with a baseline the cost is
 * the invocations at the baseline's cost per invocation. Needs `npm run bundle` first.
 */
import { existsSync } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Forecast } from '../../src/dry-run/forecast.js'
import type { Results } from '../../src/model/results.js'
import { costPerInvocation } from '../../src/stats/cost.js'
import type { CallRecord, Emulator, FunctionSpec } from '../emulator/index.js'
import { startEmulator } from '../emulator/index.js'
import { resultsOf, runAction, type RunResult } from '../runner.js'

const INVOCATIONS = 12
const CONCURRENCY = 4
const spec = (
  name: string,
  memorySize: number,
  extra: Partial<FunctionSpec> = {}
): FunctionSpec => ({
  name,
  memorySize,
  updateDelayMs: 30,
  model: { cpuMs: 100, noisePct: 5 },
  ...extra
})
/** `listed` is at a size of the list, `unlisted` is not; the pair's sides at two others. */
const FUNCTIONS = [
  spec('listed', 512),
  spec('unlisted', 256),
  spec('pair-pr', 1024),
  spec('pair-main', 128)
]
const NAMES = FUNCTIONS.map((f) => f.name)
const INPUTS = {
  functions: 'listed, unlisted, pair-pr',
  'baseline-functions': 'pair-pr=pair-main',
  invocations: String(INVOCATIONS),
  concurrency: String(CONCURRENCY),
  'comment-mode': 'off',
  'upload-results': 'false'
}

const emulators: Emulator[] = []
const workspaces: string[] = []
afterAll(async () => {
  await Promise.all(emulators.map((e) => e.stop()))
  await Promise.all(workspaces.map((w) => rm(w, { recursive: true, force: true })))
})

async function emulator(functions: FunctionSpec[], timeScale = 0): Promise<Emulator> {
  const e = await startEmulator({ timeScale, seed: 5, functions })
  emulators.push(e)
  return e
}

async function workspace(): Promise<string> {
  const w = await mkdtemp(join(tmpdir(), 'dry-run-'))
  workspaces.push(w)
  return w
}

const planOf = (run: RunResult): Forecast => JSON.parse(run.outputs.plan) as Forecast

/** The calls a function's benchmark made, as the journal shows them (succeeded ones). */
function journaled(e: Emulator, calls: readonly CallRecord[], name: string) {
  const ok = (operation: string, status: number) =>
    calls.filter((c) => c.functionName === name && c.operation === operation && c.status === status)
      .length
  return {
    updates: ok('UpdateFunctionConfiguration', 200),
    publishes: ok('PublishVersion', 201),
    deletes: ok('DeleteFunction', 204),
    invocations: e.journal.invocations.filter((i) => i.functionName === name).length
  }
}

/** Only reads: every call a GetFunction of Lambda, and no invocation at all. */
function expectOnlyReads(e: Emulator, calls: readonly CallRecord[]): void {
  expect(calls.length).toBeGreaterThan(0)
  expect(new Set(calls.map((c) => `${c.service}:${c.operation}`))).toEqual(
    new Set(['lambda:GetFunction'])
  )
  expect(e.journal.invocations).toEqual([])
  expect(e.journal.driftedFunctions()).toEqual([])
}

interface Case {
  isolation: 'latest' | 'versions'
  sizes: string
  emulator: Emulator
  dry: RunResult
  /** The calls the dry run made. */
  dryCalls: CallRecord[]
  /** Invocations journaled by the end of the dry run. */
  dryInvocations: number
  /** Functions whose configuration, versions or aliases had changed by the end of the dry run. */
  dryDrifted: string[]
  real: RunResult
  realCalls: CallRecord[]
}

/** isolation, memory-sizes, cold-starts (6 in rounds of 4: a size's second round needs a change). */
const CASES: [Case['isolation'], string, string][] = [
  ['latest', '128,512,1024', '0'],
  ['versions', '128,512,1024', '0'],
  ['latest', '512', '0'],
  ['versions', '512', '0'],
  ['latest', '128,512,1024', '6'],
  ['versions', '128,512,1024', '6'],
  ['latest', '512', '6']
]
const cases = new Map<string, Case>()
const key = (isolation: string, sizes: string, cold: string): string =>
  `${isolation} ${sizes} ${cold}`

beforeAll(async () => {
  await Promise.all(
    CASES.map(async ([isolation, sizes, cold]) => {
      // Forced cold starts need invocations that last: at scale 0 a round's invocations could
      // reuse one another's environments, and the real run would make up for them.
      const e = await emulator(FUNCTIONS, cold === '0' ? 0 : 0.2)
      const inputs = { ...INPUTS, isolation, 'memory-sizes': sizes, 'cold-starts': cold }
      const dry = await runAction({
        inputs: { ...inputs, 'dry-run': 'true' },
        env: { AWS_ENDPOINT_URL: e.url },
        cwd: await workspace()
      })
      const dryCalls = [...e.journal.calls]
      const dryInvocations = e.journal.invocations.length
      const dryDrifted = e.journal.driftedFunctions()
      const real = await runAction({
        inputs,
        env: { AWS_ENDPOINT_URL: e.url },
        cwd: await workspace()
      })
      const realCalls = e.journal.calls.slice(dryCalls.length)
      cases.set(key(isolation, sizes, cold), {
        isolation,
        sizes,
        emulator: e,
        dry,
        dryCalls,
        dryInvocations,
        dryDrifted,
        real,
        realCalls
      })
    })
  )
}, 120_000)

describe.each(CASES)(
  'isolation: %s, memory-sizes: %s, cold-starts: %s',
  (isolation, sizes, cold) => {
    const get = (): Case => cases.get(key(isolation, sizes, cold))!

    it('the dry run reads and nothing else, exits 0 and writes the plan', async () => {
      const { dry, dryCalls } = get()
      if (process.env.E2E_DEBUG) console.log(dry.stdout, dry.summary)
      expect(dry.exitCode).toBe(0)
      expect(dry.stdout).not.toMatch(/::(warning|error)::/)
      expect(dry.stdout).toContain('dry run: nothing was changed or invoked')
      // One read per function, nothing else; the post step (no state) reads nothing either.
      expect(dryCalls.map((c) => c.functionName).sort()).toEqual([...NAMES].sort())
      expect(dry.post?.exitCode).toBe(0)
      expect(dry.state).toEqual({})
      // Before the real run, the journal held only the dry run's reads.
      expect(dryCalls.every((c) => c.service === 'lambda' && c.operation === 'GetFunction')).toBe(
        true
      )
      expect(get().dryInvocations).toBe(0)
      expect(get().dryDrifted).toEqual([])
      // No results file, no results outputs; the report and the summary hold the plan.
      expect(existsSync(join(dry.workspace, 'lambda-benchmark-results.json'))).toBe(false)
      expect(dry.outputs.results).toBeUndefined()
      expect(dry.outputs['recommended-memory']).toBeUndefined()
      expect(dry.summary).toContain('## Lambda memory benchmark: dry run')
      expect(dry.summary.trimEnd()).toBe(dry.outputs.report.trimEnd())
      for (const name of NAMES) expect(dry.summary).toMatch(new RegExp(`\\| ${name}[ |]`))
      const plan = planOf(dry)
      expect(plan).toMatchObject({ dryRun: true, isolation, invocations: INVOCATIONS, refused: 0 })
      expect(plan.functions.map((f) => f.functionName)).toEqual(NAMES)
      expect(plan.functions[3].liveBaselineOf).toBe('pair-pr')
    })

    it('predicts the calls the real run makes, function by function, as the journal shows them', async () => {
      const { dry, real, realCalls, emulator: e } = get()
      expect(real.exitCode).toBe(0)
      const plan = planOf(dry)
      // The plan assumes every forced cold start finds no warm environment; one that did is
      // made up for by a further round, which the results count.
      const results = await resultsOf(real)
      const made = (name: string): number =>
        results.functions
          .find((f) => f.functionName === name)!
          .tiers.reduce((n, t) => n + (t.forcedColdStarts?.invocations ?? 0), 0)
      if (process.env.E2E_DEBUG) {
        const rows = plan.functions.map((f) => ({
          function: f.functionName,
          planned: f.calls,
          journal: journaled(e, realCalls, f.functionName)
        }))
        console.log(`${isolation} ${sizes}\n${JSON.stringify(rows, null, 1)}`)
      }
      for (const f of plan.functions) {
        const journal = journaled(e, realCalls, f.functionName)
        const madeUp = made(f.functionName) - Number(cold) * plan.memorySizes.length
        expect(madeUp).toBeGreaterThanOrEqual(0)
        if (madeUp === 0) {
          expect({ function: f.functionName, ...f.calls }).toEqual({
            function: f.functionName,
            ...journal
          })
        } else {
          // Rounds made up for: more invocations by exactly those, and perhaps more changes.
          expect(journal.invocations).toBe(f.calls.invocations + madeUp)
          expect(journal.updates).toBeGreaterThanOrEqual(f.calls.updates)
          expect(journal.publishes).toBeGreaterThanOrEqual(f.calls.publishes)
        }
      }
      const sum = plan.functions.reduce((s, f) => s + f.calls.updates, 0)
      expect(plan.total.calls.updates).toBe(sum)
      expect(e.journal.driftedFunctions()).toEqual([])
    })
  }
)

test('the real run’s counts in the case that tells the rules apart: latest, three sizes', () => {
  const plan = planOf(cases.get(key('latest', '128,512,1024', '0'))!.dry)
  const updates = Object.fromEntries(plan.functions.map((f) => [f.functionName, f.calls.updates]))
  // listed (512): 128, 1024, back to 512. unlisted (256): three sizes and the restore.
  // pair-main (128) follows pair-pr (1024)'s order 128, 512, 1024: already at 128, then back.
  expect(updates).toEqual({ listed: 3, unlisted: 4, 'pair-pr': 3, 'pair-main': 3 })
})

describe('functions the run would refuse', () => {
  let e: Emulator
  let run: RunResult
  beforeAll(async () => {
    e = await emulator([
      spec('fine', 512),
      spec('broken', 512, {
        state: 'Failed',
        faults: { stateReason: 'The role cannot be assumed.' }
      }),
      spec('managed', 2048, { capacityProvider: {}, logFormat: 'JSON' })
    ])
    run = await runAction({
      inputs: {
        ...INPUTS,
        functions: 'fine, broken, managed',
        'memory-sizes': '128,512,1024',
        'baseline-functions': '',
        'dry-run': 'true'
      },
      env: { AWS_ENDPOINT_URL: e.url },
      cwd: await workspace()
    })
  }, 60_000)

  it('are named with why, and the step exits 1 after reporting the plan', () => {
    if (process.env.E2E_DEBUG) console.log(run.stdout, run.summary)
    expect(run.exitCode).toBe(1)
    const errors = run.stdout.split('\n').filter((l) => l.startsWith('::error::'))
    expect(errors).toHaveLength(1)
    const error = errors[0].replace(/%0A/g, '\n')
    expect(error).toContain('Dry run: 2 of 3 function(s) would not be benchmarked:')
    expect(error).toContain(
      '\nbroken: broken is Failed: The role cannot be assumed. (InternalError); it must be Active to be benchmarked'
    )
    expect(error).toContain(
      '\nmanaged: managed runs on Lambda Managed Instances (its configuration has a capacity provider), which this benchmark cannot measure'
    )
    expect(error).not.toContain('fine:')
    expect(run.summary).toContain('### Would not be benchmarked')
    expect(run.summary).toContain('**broken**: broken is Failed')
    expect(run.summary).toContain('**managed**: managed runs on Lambda Managed Instances')
    const plan = planOf(run)
    expect(plan.refused).toBe(2)
    for (const f of plan.functions.slice(1)) {
      expect(f.calls).toEqual({ updates: 0, publishes: 0, deletes: 0, invocations: 0 })
    }
    expect(plan.functions[0].problems).toEqual([])
    expect(plan.functions[0].calls.invocations).toBe(3 * INVOCATIONS)
  })

  it('still makes nothing but reads', () => {
    expectOnlyReads(e, e.journal.calls)
  })
})

describe('with a baseline', () => {
  let e: Emulator
  let run: RunResult
  let baseline: Results
  beforeAll(async () => {
    const source = cases.get(key('latest', '128,512,1024', '0'))!
    baseline = await resultsOf(source.real)
    e = await emulator(FUNCTIONS)
    const cwd = await workspace()
    await writeFile(join(cwd, 'main.json'), JSON.stringify(baseline))
    run = await runAction({
      inputs: {
        ...INPUTS,
        'baseline-functions': '',
        functions: 'listed, unlisted',
        'memory-sizes': '128,512,1024,2048',
        invocations: '50',
        baseline: 'main.json',
        'dry-run': 'true'
      },
      env: { AWS_ENDPOINT_URL: e.url },
      cwd
    })
  }, 60_000)

  it('the cost is the invocations at the baseline’s cost per invocation; a size it lacks, per second', () => {
    expect(run.exitCode).toBe(0)
    const plan = planOf(run)
    for (const name of ['listed', 'unlisted']) {
      const f = plan.functions.find((x) => x.functionName === name)!
      const measured = baseline.functions.find((x) => x.functionName === name)!
      expect(f.baseline).toEqual({ functionName: name, memorySizes: [128, 512, 1024] })
      const perSize = f.sizes.filter((s) => s.memorySize !== 2048)
      for (const s of perSize) {
        const t = measured.tiers.find((x) => x.memorySize === s.memorySize)!
        expect(s.costPerInvocationUsd).toBe(t.costPerInvocation)
        expect(s.meanDurationMs).toBe(t.duration!.mean)
      }
      // 2048 MB was not measured: its requests, and so much per second of its duration.
      const request = costPerInvocation(0, 2048, 'x86_64', 'us-east-1')!
      const oneSecond = costPerInvocation(1000, 2048, 'x86_64', 'us-east-1')! - request
      const known = measured.tiers.reduce((sum, t) => sum + 50 * t.costPerInvocation!, 0)
      expect(f.cost.usd).toBeCloseTo(known + 50 * request, 12)
      expect(f.cost.perSecondUsd).toBeCloseTo(50 * oneSecond, 12)
      expect(f.wall.rounds).toBe(Math.ceil(50 / CONCURRENCY))
    }
    expect(run.summary).toContain('from the baseline at 3 of 4 sizes')
  })

  it('at exactly the baseline’s sizes the cost is the invocations × its cost per invocation', async () => {
    const cwd = await workspace()
    await writeFile(join(cwd, 'main.json'), JSON.stringify(baseline))
    const exact = await runAction({
      inputs: {
        ...INPUTS,
        'baseline-functions': '',
        functions: 'listed',
        'memory-sizes': '128,512,1024',
        invocations: '50',
        baseline: 'main.json',
        'dry-run': 'true'
      },
      env: { AWS_ENDPOINT_URL: e.url },
      cwd
    })
    expect(exact.exitCode).toBe(0)
    const f = planOf(exact).functions[0]
    const measured = baseline.functions.find((x) => x.functionName === 'listed')!
    expect(f.cost.usd).toBeCloseTo(
      measured.tiers.reduce((sum, t) => sum + 50 * t.costPerInvocation!, 0),
      15
    )
    expect(f.cost.perSecondUsd).toBe(0)
    expect(f.wall.rounds).toBe(0)
    expect(f.wall.seconds).toBeGreaterThan(f.calls.updates * planOf(exact).updateWaitSeconds)
  }, 60_000)

  it('reads only', () => {
    expectOnlyReads(e, e.journal.calls)
  })
})
