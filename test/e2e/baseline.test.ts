/**
 * The built action (dist/) comparing a run with an earlier one, against the emulator and the
 * GitHub stand-in: an A/A comparison stays quiet, a 20 % slowdown of one function is flagged on
 * exactly that function's sizes, `fail-on-regression` fails only after the comment is posted, a
 * missing baseline warns (or fails before any AWS call when required), and `baseline-map` pairs
 * renamed functions. Needs `npm run bundle` first.
 */
import { join } from 'node:path'
import { marked } from 'marked'
import type { Emulator, FunctionSpec } from '../emulator/index.js'
import { startEmulator } from '../emulator/index.js'
import type { GitHubStandIn } from '../github/index.js'
import { startGitHub } from '../github/index.js'
import { resultsOf, runAction, type EventName, type RunResult } from '../runner.js'
import { tables, textOf } from '../render/html.js'
import type { Comparison } from '../../src/model/results.js'
import { describeTier } from '../../src/report/verdict.js'
import { formatMs } from '../../src/report/format.js'
import type { Results } from '../../src/model/results.js'

const SIZES = [256, 1024, 2048]
const INVOCATIONS = 80
const PR = 3
const SLOWED = 'resize'

const model = { noisePct: 5 }
const FUNCTIONS: FunctionSpec[] = [
  {
    name: 'checkout',
    memorySize: 512,
    timeout: 30,
    updateDelayMs: 50,
    model: { ...model, cpuMs: 150, ioMs: 60 }
  },
  {
    name: SLOWED,
    memorySize: 1024,
    timeout: 30,
    updateDelayMs: 50,
    model: { ...model, cpuMs: 500, threads: 2 }
  },
  {
    name: 'search',
    memorySize: 256,
    timeout: 30,
    updateDelayMs: 50,
    model: { ...model, cpuMs: 250, ioMs: 120 }
  }
]
/** `checkout` as deployed by a pull request's stage: same code, another name. */
const RENAMED: FunctionSpec = { ...FUNCTIONS[0], name: 'checkout-pr-42' }

interface Step {
  run: RunResult
  results: Results
  /** AWS calls the emulator answered during this run. */
  awsCalls: number
}

let emulator: Emulator
let requiredEmulator: Emulator
let gitHub: GitHubStandIn
let baselinePath: string
let first: Step
let same: Step
let renamed: Step
let required: Step
let slowed: Step
/** The comment after the A/A run, before the slowed run updated it. */
let quietComment: string

/** The results file, or undefined when the run wrote none. */
const resultsIfAny = (r: RunResult): Promise<Results | undefined> =>
  resultsOf(r).catch(() => undefined)

async function step(
  emu: Emulator,
  inputs: Record<string, string>,
  event: { name: EventName; prNumber?: number } = { name: 'pull_request', prNumber: PR }
): Promise<Step> {
  const before = emu.journal.calls.length
  const run = await runAction({
    inputs: {
      functions: FUNCTIONS.map((f) => f.name).join('\n'),
      'memory-sizes': SIZES.join(','),
      invocations: String(INVOCATIONS),
      concurrency: '10',
      ...inputs
    },
    env: {
      AWS_ENDPOINT_URL: emu.url,
      GITHUB_API_URL: gitHub.url,
      GITHUB_TOKEN: gitHub.tokens.actions
    },
    event,
    timeoutMs: 60_000
  })
  return {
    run,
    results: (await resultsIfAny(run)) as Results,
    awsCalls: emu.journal.calls.length - before
  }
}

beforeAll(async () => {
  ;[emulator, requiredEmulator, gitHub] = await Promise.all([
    startEmulator({ timeScale: 0, seed: 5, functions: [...FUNCTIONS, RENAMED] }),
    startEmulator({ timeScale: 0, seed: 6, functions: FUNCTIONS }),
    startGitHub()
  ])
  // The first run on a branch: its baseline does not exist yet.
  first = await step(emulator, { baseline: '/nonexistent/main-results.json' }, { name: 'push' })
  baselinePath = join(first.run.workspace, 'lambda-benchmark-results.json')
  // The same code again, a stage's renamed copy, and a run that insists on a missing baseline.
  ;[same, renamed, required] = await Promise.all([
    step(emulator, { baseline: baselinePath }),
    step(
      emulator,
      {
        functions: RENAMED.name,
        baseline: baselinePath,
        'baseline-map': `${RENAMED.name}=checkout`,
        'comment-mode': 'off'
      },
      { name: 'push' }
    ),
    step(requiredEmulator, {
      baseline: join(first.run.workspace, 'no-such-results.json'),
      'baseline-required': 'true'
    })
  ])
  quietComment = gitHub.comments(PR)[0]?.body ?? ''
  // The pull request makes one function 20 % slower at every memory size.
  emulator.setModel(SLOWED, { slowdown: 1.2 })
  slowed = await step(emulator, { baseline: baselinePath, 'fail-on-regression': 'true' })
}, 120_000)

afterAll(async () => {
  await Promise.all([emulator?.stop(), requiredEmulator?.stop(), gitHub?.stop()])
})

function comparisonOf(s: Step): Comparison {
  const c = s.results.comparison
  if (!c) throw new Error('no comparison in the results file')
  return c
}

function html(md: string): string {
  return marked.parse(md, { gfm: true, async: false })
}

/** The comparison rows of the rendered comment: [label, function, memory, …] as text. */
function comparisonRows(body: string): string[][] {
  return tables(html(body))
    .map((t) => t.map((row) => row.map(textOf)))
    .filter((t) => t[0][1] === 'Function' && t[0][2] === 'Memory')
    .flatMap((t) => t.slice(1))
}

/** What `core.setFailed` does to a message on its way into the `::error::` command. */
function asCommand(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')
}

test('a missing baseline file warns, reports without a comparison and exits 0', () => {
  const { run, results } = first
  expect(run.exitCode).toBe(0)
  expect(run.stdout).toMatch(
    /::warning::baseline: "\/nonexistent\/main-results.json" does not exist; reporting without a comparison/
  )
  expect(results.comparison).toBeUndefined()
  expect(results.functions.every((f) => f.status === 'ok')).toBe(true)
  expect(run.outputs.regressions).toBe('0')
  expect(run.outputs.report).not.toMatch(/baseline/i)
  expect(run.summary).toContain(run.outputs.report)
})

test('the same functions again against that run: 0 regressions, "No significant change"', () => {
  const { run } = same
  const c = comparisonOf(same)
  expect(run.exitCode).toBe(0)
  expect(run.outputs.regressions).toBe('0')
  expect(c.regressions).toBe(0)
  expect(c.improvements).toBe(0)
  expect(c.tiers).toHaveLength(FUNCTIONS.length * SIZES.length)
  for (const t of c.tiers) {
    expect(t.verdict).toBe('unchanged')
    expect(t.baselineFunctionName).toBe(t.functionName)
    expect(t.baselineSamples).toBeGreaterThan(INVOCATIONS / 2)
    expect(Math.abs(t.ratio! - 1)).toBeLessThan(0.04)
  }
  expect(c.unmatched).toEqual({ functions: [], baselineFunctions: [], memorySizes: [] })
  // The verdict is the first line under the title, in the comment as in the summary.
  const date = first.results.startedAt.slice(0, 10)
  const verdict = `No significant change against the baseline of ${date}`
  expect(run.outputs.report.split('\n\n')[1]).toBe(verdict)
  expect(quietComment.split('\n\n')[1]).toBe(verdict)
  expect(run.summary).toContain(verdict)
  expect(comparisonRows(quietComment).filter((r) => r[0].includes('regression'))).toEqual([])
})

test('one function 20 % slower: its sizes are regressions, no other pair is', () => {
  const c = comparisonOf(slowed)
  expect(c.tiers).toHaveLength(FUNCTIONS.length * SIZES.length)
  for (const t of c.tiers) {
    if (t.functionName === SLOWED) {
      expect([t.memorySize, t.verdict]).toEqual([t.memorySize, 'regression'])
      expect(t.ratio!).toBeGreaterThan(1.15)
      expect(t.ratio!).toBeLessThan(1.25)
      expect(t.ratioCi![0]).toBeGreaterThan(1.1)
      expect(t.pValue!).toBeLessThan(0.01)
    } else {
      expect([t.functionName, t.memorySize, t.verdict]).toEqual([
        t.functionName,
        t.memorySize,
        'unchanged'
      ])
    }
  }
  expect(c.regressions).toBe(SIZES.length)
  expect(slowed.run.outputs.regressions).toBe(String(SIZES.length))
})

test('the comment carries the regressions first, each with the results file’s numbers', () => {
  const comments = gitHub.comments(PR)
  // The A/A run created it; the slowed run updated the same comment.
  expect(comments).toHaveLength(1)
  const body = comments[0].body
  expect(body).toBe(`<!-- lambda-memory-benchmark -->\n${slowed.run.outputs.report}`)
  expect(body.split('\n\n')[1]).toMatch(
    new RegExp(
      `^\\*\\*${SIZES.length} regressions\\*\\* against the baseline of \\d{4}-\\d{2}-\\d{2}$`
    )
  )
  const rows = comparisonRows(body)
  const flagged = rows.filter((r) => r[0] === '🔴 regression')
  expect(flagged.map((r) => r[1]).every((name) => name === SLOWED)).toBe(true)
  expect(flagged.map((r) => r[2]).sort()).toEqual(SIZES.map((s) => `${s}\u00a0MB`).sort())
  // Listed first: the significant changes come before the table of every other pair.
  expect(rows.slice(0, SIZES.length)).toEqual(flagged)
  for (const t of comparisonOf(slowed).tiers.filter((x) => x.verdict === 'regression')) {
    const row = flagged.find((r) => r[2] === `${t.memorySize}\u00a0MB`)!
    expect(row[3]).toBe(`${formatMs(t.baselineMean!)}\u00a0ms`)
    expect(row[4]).toBe(`${formatMs(t.currentMean!)}\u00a0ms`)
    expect(row[5]).toMatch(/^▲/)
  }
  // The other functions' pairs are in the comment too, none of them flagged.
  const others = rows.filter((r) => r[1] !== SLOWED)
  expect(others).toHaveLength((FUNCTIONS.length - 1) * SIZES.length)
  expect(others.some((r) => /regression|improvement/.test(r[0]))).toBe(false)
})

test('fail-on-regression: exit 1 after the comment is posted, each regression in the message', () => {
  const { run } = slowed
  expect(run.exitCode).toBe(1)
  const posted = run.stdout.indexOf('Updated the comment: ')
  const failed = run.stdout.indexOf('::error::')
  expect(posted).toBeGreaterThan(-1)
  expect(failed).toBeGreaterThan(posted)
  expect(run.outputs['comment-url']).toBe(gitHub.comments(PR)[0].html_url)
  const message = run.stdout.slice(failed)
  expect(message).toMatch(/^::error::3 significant regression\(s\) against the baseline:%0A/)
  const regressions = comparisonOf(slowed).tiers.filter((t) => t.verdict === 'regression')
  for (const t of regressions) {
    expect(message).toContain(asCommand(describeTier(t)))
    expect(message).toContain(
      asCommand(
        `${SLOWED} @ ${t.memorySize} MB: ${formatMs(t.baselineMean!)} → ${formatMs(t.currentMean!)} ms (+`
      )
    )
  }
  // Every function was still restored.
  expect(emulator.journal.driftedFunctions()).toEqual([])
})

test('baseline-required with a missing file: exit 1 before any AWS call', () => {
  const { run, awsCalls } = required
  expect(run.exitCode).toBe(1)
  expect(awsCalls).toBe(0)
  expect(requiredEmulator.journal.calls).toHaveLength(0)
  expect(run.stdout).toMatch(
    /::error::baseline: ".*no-such-results.json" does not exist and baseline-required is true/
  )
  expect(required.results).toBeUndefined()
})

test('baseline-map pairs a renamed function with its baseline', () => {
  const { run } = renamed
  const c = comparisonOf(renamed)
  expect(run.exitCode).toBe(0)
  expect(c.tiers.map((t) => [t.functionName, t.baselineFunctionName, t.memorySize])).toEqual(
    SIZES.map((s) => [RENAMED.name, 'checkout', s])
  )
  expect(c.tiers.every((t) => t.verdict === 'unchanged')).toBe(true)
  expect(c.unmatched.functions).toEqual([])
  expect(c.unmatched.baselineFunctions.sort()).toEqual([SLOWED, 'search'].sort())
  expect(run.outputs.regressions).toBe('0')
  expect(run.outputs.report).toContain(`${RENAMED.name} <sub>vs checkout</sub>`)
})
