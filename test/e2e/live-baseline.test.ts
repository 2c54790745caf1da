/**
 * Live baselines through the built action (dist/), every duration drifting up (≈ 25 % a run):
 * pairs benchmarked in lockstep — an identical pair stays quiet, a 20 % slower current is
 * flagged at every size and fails the step after the comment — while the stored-baseline way,
 * under the same drift, flags the identical function. The journal shows the interleaving and
 * the drift; all restored; `isolation: versions` alike. Needs `npm run bundle` first.
 */
import { join } from 'node:path'
import { marked } from 'marked'
import type {
  ActiveTimeDrift,
  Emulator,
  FunctionSpec,
  InvocationRecord
} from '../emulator/index.js'
import { startEmulator } from '../emulator/index.js'
import { startGitHub, type GitHubStandIn } from '../github/index.js'
import { tables, textOf } from '../render/html.js'
import { resultsOf, runAction, type RunResult } from '../runner.js'
import type { Comparison, Results } from '../../src/model/results.js'

const SIZES = [256, 512, 1024]
const INVOCATIONS = 40
const CONCURRENCY = 5
const CPU_MS = 400
/** Wall ms slept per reported ms: a run sleeps ≈ 2 s, whatever the machine. */
const TIME_SCALE = 0.05
const UPDATE_DELAY_MS = 100
const PR = 4

/** Reported ms of one undrifted invocation at a size (one thread: at most 1 vCPU helps). */
const durationAt = (size: number): number => CPU_MS / Math.min(size / 1769, 1)
const ROUNDS = INVOCATIONS / CONCURRENCY
/** Wall ms one round of every size sleeps at this scale (undrifted). */
const ROUND_MS = TIME_SCALE * SIZES.reduce((sum, s) => sum + durationAt(s), 0)
/** ≈ 25 % over a run's emulated length (its sleeps and updates); a slower machine drifts further. */
const RATE = 25 / ((ROUNDS * ROUND_MS + SIZES.length * UPDATE_DELAY_MS) / 1000)
/**
 * The least drift between a run's first measured invocation and its last start, whatever the
 * machine: the sleeps that chain them (all rounds but one at each size, noise taken 10 % low).
 */
const LEAST_DRIFT = (RATE / 100) * ((0.9 * (ROUNDS - 1) * ROUND_MS) / 1000)

const spec = (name: string, slowdown = 1): FunctionSpec => ({
  name,
  memorySize: 1024,
  timeout: 30,
  updateDelayMs: UPDATE_DELAY_MS,
  model: { cpuMs: CPU_MS, noisePct: 5, slowdown }
})
const SAME = [spec('same-pr'), spec('same-main')]
const SLOW = [spec('slow-pr', 1.2), spec('slow-main')]

interface Step {
  run: RunResult
  results: Results
  emulator: Emulator
  /** The drift, started at the step's first journaled invocation. */
  drift: ActiveTimeDrift
}

const emulators: Emulator[] = []
let gitHub: GitHubStandIn
let [same, slow, versions]: Step[] = []
let stored: { first: Step; second: Step }

async function emulatorOf(functions: FunctionSpec[], seed: number): Promise<Emulator> {
  const emu = await startEmulator({ timeScale: TIME_SCALE, seed, functions })
  emulators.push(emu)
  return emu
}

/** The drift starts with the first invocation the emulator runs from now on, or goes on. */
function driftFromNextInvocation(emu: Emulator): void {
  if (emu.timeDrift()) return
  void emu.journal
    .untilInvocation(() => true)
    .then(() => emu.setTimeDrift({ percentPerSecond: RATE }))
}

async function step(emulator: Emulator, inputs: Record<string, string>, pr = false): Promise<Step> {
  driftFromNextInvocation(emulator)
  const run = await runAction({
    inputs: {
      'memory-sizes': SIZES.join(','),
      invocations: String(INVOCATIONS),
      concurrency: String(CONCURRENCY),
      'comment-mode': pr ? 'update' : 'off',
      ...inputs
    },
    env: {
      AWS_ENDPOINT_URL: emulator.url,
      ...(pr ? { GITHUB_API_URL: gitHub.url, GITHUB_TOKEN: gitHub.tokens.actions } : {})
    },
    event: pr ? { name: 'pull_request', prNumber: PR } : { name: 'push' },
    timeoutMs: 90_000
  })
  if (process.env.E2E_DEBUG) console.log(run.stdout, run.stderr)
  const drift = emulator.timeDrift()
  if (!drift) throw new Error(`no invocation ran:\n${run.stdout.slice(-3000)}`)
  return { run, results: await resultsOf(run), emulator, drift }
}

beforeAll(async () => {
  const [, emuSame, emuSlow, emuStored, emuVersions] = await Promise.all([
    startGitHub().then((gh) => (gitHub = gh)),
    emulatorOf(SAME, 1),
    emulatorOf(SLOW, 2),
    emulatorOf(SAME, 3),
    emulatorOf([...SAME, ...SLOW], 4)
  ])
  ;[same, slow, stored, versions] = await Promise.all([
    step(emuSame, { functions: 'same-pr', 'baseline-functions': 'same-pr=same-main' }),
    step(
      emuSlow,
      {
        functions: 'slow-pr',
        'baseline-functions': 'slow-pr=slow-main',
        'fail-on-regression': 'true'
      },
      true
    ),
    (async () => {
      // The baseline alone, then the current against that file: the drift goes on between.
      const first = await step(emuStored, { functions: 'same-main' })
      const second = await step(emuStored, {
        functions: 'same-pr',
        baseline: join(first.run.workspace, 'lambda-benchmark-results.json'),
        'baseline-map': 'same-pr=same-main'
      })
      return { first, second }
    })(),
    step(emuVersions, {
      functions: 'same-pr\nslow-pr',
      'baseline-functions': 'same-pr=same-main, slow-pr=slow-main',
      isolation: 'versions'
    })
  ])
}, 240_000)

afterAll(() => Promise.all([...emulators.map((e) => e.stop()), gitHub?.stop()]))

function comparisonOf(s: Step): Comparison {
  const c = s.results.comparison
  if (!c) throw new Error(`no comparison in the results file:\n${s.run.stdout.slice(-3000)}`)
  return c
}

/** Each invocation's drift multiplier, from the journal's times and the drift's start. */
const factor = (inv: InvocationRecord, drift: ActiveTimeDrift): number =>
  1 + (drift.percentPerSecond / 100) * (Math.max(0, inv.startedAt - drift.since) / 1000)

/** One side's invocations at a size, in the order they started. */
const sideAt = (emu: Emulator, name: string, size: number): InvocationRecord[] =>
  emu.journal.invocations
    .filter((i) => i.functionName === name && i.memorySize === size)
    .sort((a, b) => a.startedAt - b.startedAt)

/** The mean drift multiplier a side's warm invocations (its samples) met at a size. */
function driftMet(s: Step, name: string, size: number): number {
  const ran = sideAt(s.emulator, name, size).filter((i) => !i.cold && i.status === 'success')
  return ran.reduce((sum, i) => sum + factor(i, s.drift), 0) / ran.length
}

/**
 * Lockstep, as the journal saw it: at each size, the k-th invocation of either side started no
 * later than the (k + concurrency)-th of the other — one side never ran a round ahead. Run one
 * side's tier after the other's, or each at its own pace, and this fails.
 */
function lockstepViolations(emu: Emulator, current: string, baseline: string): string[] {
  const out: string[] = []
  for (const size of SIZES) {
    const a = sideAt(emu, current, size)
    const b = sideAt(emu, baseline, size)
    if (a.length !== INVOCATIONS || b.length !== INVOCATIONS) {
      out.push(`${size} MB: ${a.length} and ${b.length} invocations`)
      continue
    }
    for (let k = 0; k + CONCURRENCY < INVOCATIONS; k++) {
      if (a[k].startedAt > b[k + CONCURRENCY].startedAt) out.push(`${size} MB: ${current} #${k}`)
      if (b[k].startedAt > a[k + CONCURRENCY].startedAt) out.push(`${size} MB: ${baseline} #${k}`)
    }
  }
  return out
}

/** The drift between a step's first measured invocation and its last start, per the journal. */
function driftOver(s: Step, names: string[]): number {
  const ran = s.emulator.journal.invocations.filter((i) => names.includes(i.functionName))
  const factors = ran.map((i) => factor(i, s.drift))
  return Math.max(...factors) - Math.min(...factors)
}

/** The rendered comment's comparison rows: [label, function, memory, …] as text. */
function comparisonRows(body: string): string[][] {
  return tables(marked.parse(body, { gfm: true, async: false }))
    .map((t) => t.map((row) => row.map(textOf)))
    .filter((t) => t[0][1] === 'Function' && t[0][2] === 'Memory')
    .flatMap((t) => t.slice(1))
}

function expectPairs(s: Step, pairs: [string, string][]): void {
  const byName = new Map(s.results.functions.map((f) => [f.functionName, f]))
  expect([...byName.keys()].sort()).toEqual(pairs.flat().sort())
  for (const [current, baseline] of pairs) {
    const cur = byName.get(current)!
    const base = byName.get(baseline)!
    expect([cur.status, base.status]).toEqual(['ok', 'ok'])
    expect(base.tiers.map((t) => t.memorySize)).toEqual(SIZES)
    expect(cur.liveBaseline).toBe(base.functionArn)
    expect(base.liveBaselineOf).toBe(cur.functionArn)
    expect(lockstepViolations(s.emulator, current, baseline)).toEqual([])
  }
  expect(s.emulator.journal.driftedFunctions()).toEqual([])
  expect(driftOver(s, pairs.flat())).toBeGreaterThan(LEAST_DRIFT * 0.9)
}

test('an identical pair, drifting together: unchanged at every size, 0 regressions', () => {
  const c = comparisonOf(same)
  expect(same.run.exitCode).toBe(0)
  expect(c.live).toBe(true)
  expect(c.tiers.map((t) => [t.functionName, t.baselineFunctionName, t.memorySize])).toEqual(
    SIZES.map((s) => ['same-pr', 'same-main', s])
  )
  expect(c.tiers.map((t) => t.verdict)).toEqual(SIZES.map(() => 'unchanged'))
  expect([c.regressions, c.improvements]).toEqual([0, 0])
  expect(same.run.outputs.regressions).toBe('0')
  // Each pair started together, so the drift the two sides met is the same, size by size.
  for (const size of SIZES) {
    const ratio = driftMet(same, 'same-pr', size) / driftMet(same, 'same-main', size)
    expect(Math.abs(ratio - 1)).toBeLessThan(0.03)
  }
  expectPairs(same, [['same-pr', 'same-main']])
})

test('a current 20 % slower: a regression at every size; fail-on-regression exits 1 after the comment', () => {
  const c = comparisonOf(slow)
  expect(c.live).toBe(true)
  expect(c.tiers.map((t) => [t.memorySize, t.verdict])).toEqual(SIZES.map((s) => [s, 'regression']))
  for (const t of c.tiers) expect(Math.abs(t.ratio! - 1.2)).toBeLessThan(0.08)
  expect(c.regressions).toBe(SIZES.length)
  expect(slow.run.outputs.regressions).toBe(String(SIZES.length))
  expect(slow.run.exitCode).toBe(1)
  const posted = slow.run.stdout.indexOf('Created the comment: ')
  const failed = slow.run.stdout.indexOf('::error::')
  expect(posted).toBeGreaterThan(-1)
  expect(failed).toBeGreaterThan(posted)
  expect(slow.run.stdout).toContain(
    `::error::${SIZES.length} significant regression(s) against the live baselines measured in this run:`
  )
  // Main's function was measured for comparison, not to be set from this run.
  expect(Object.keys(JSON.parse(slow.run.outputs['recommended-memory']))).toEqual(['slow-pr'])
  expect(slow.run.outputs.report).toContain('slow-main (baseline)')
  const body = `<!-- lambda-memory-benchmark -->\n${slow.run.outputs.report}`
  expect(gitHub.comments(PR).map((x) => x.body)).toEqual([body])
  const flagged = comparisonRows(body).filter((r) => r[0].includes('regression'))
  expect(flagged.map((r) => r[1]).every((name) => name.startsWith('slow-pr'))).toBe(true)
  expect(flagged.map((r) => r[2])).toHaveLength(SIZES.length)
  expectPairs(slow, [['slow-pr', 'slow-main']])
})

test('the stored-baseline way, same drift: the identical function is flagged', () => {
  const { first, second } = stored
  expect([first.run.exitCode, second.run.exitCode]).toEqual([0, 0])
  const c = comparisonOf(second)
  expect(c.live).toBeUndefined()
  expect(c.regressions).toBeGreaterThan(0)
  expect(Number(second.run.outputs.regressions)).toBe(c.regressions)
  // What was flagged is the drift between the two runs, as the journal measured it.
  for (const t of c.tiers.filter((x) => x.verdict === 'regression')) {
    const drifted =
      driftMet(second, 'same-pr', t.memorySize) / driftMet(first, 'same-main', t.memorySize)
    expect(drifted).toBeGreaterThan(1)
    expect(Math.abs(t.ratio! / drifted - 1)).toBeLessThan(0.06)
  }
  // Beside it, on record: the live pair under the same drift saw no change at all.
  expect(comparisonOf(same).regressions).toBe(0)
  expect(second.emulator.journal.driftedFunctions()).toEqual([])
})

test('isolation: versions with live pairs: the same verdicts, every version deleted', () => {
  const c = comparisonOf(versions)
  expect(versions.run.exitCode).toBe(0)
  expect(c.live).toBe(true)
  const verdicts = c.tiers.map((t) => [t.functionName, t.memorySize, t.verdict])
  const expected = ['same-pr', 'slow-pr'].flatMap((name) =>
    SIZES.map((s) => [name, s, name === 'slow-pr' ? 'regression' : 'unchanged'])
  )
  expect(verdicts.sort()).toEqual(expected.sort())
  expect(versions.run.outputs.regressions).toBe(String(SIZES.length))
  // Both sides ran on versions only, one per size, each deleted (expectPairs: none left over).
  const journal = versions.emulator.journal
  for (const f of [...SAME, ...SLOW]) {
    const ran = journal.invocations.filter((i) => i.functionName === f.name)
    expect(new Set(ran.map((i) => i.version)).size).toBe(SIZES.length)
    expect(ran.every((i) => i.version !== '$LATEST')).toBe(true)
    const deleted = journal.callsOf('DeleteFunction', f.name).filter((x) => x.status === 204)
    expect([f.name, deleted.length]).toEqual([f.name, SIZES.length])
  }
  expectPairs(versions, [
    ['same-pr', 'same-main'],
    ['slow-pr', 'slow-main']
  ])
})
