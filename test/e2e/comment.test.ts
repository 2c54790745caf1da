/**
 * The built action (dist/) posting its report, against the emulator and the GitHub stand-in:
 * one sticky comment per `comment-tag`, found among many others and never a human's; a token
 * that may not write only warns; no pull request, no comment call; a wide run still fits in one
 * comment, as valid markdown whose numbers are the results file's; GitHub's 502s and rate limits
 * survived with one comment, and an outage reported in one sentence. Needs `npm run bundle` first.
 */
import { marked } from 'marked'
import type { Emulator, FunctionSpec } from '../emulator/index.js'
import { startEmulator } from '../emulator/index.js'
import type { Comment, GitHubStandIn, JournalEntry } from '../github/index.js'
import { startGitHub } from '../github/index.js'
import { resultsOf, runAction, type EventName, type RunResult } from '../runner.js'
import { codeBlocks, tables, textOf } from '../render/html.js'
import { parseXyChart, strictXyChartProblems } from '../render/mermaid.js'
import { formatMs, formatUsd } from '../../src/report/format.js'
import type { Results } from '../../src/model/results.js'

const MARKER = '<!-- lambda-memory-benchmark -->'
const OTHER_TAG = 'cold-path-benchmark'
const OTHER_MARKER = `<!-- ${OTHER_TAG} -->`
const LIMIT = 65_536

const SIZES = [128, 512, 1024]
const FUNCTIONS: FunctionSpec[] = [
  {
    name: 'orders',
    memorySize: 512,
    timeout: 30,
    updateDelayMs: 50,
    model: { cpuMs: 200, ioMs: 40, noisePct: 5 }
  },
  {
    name: 'thumbnails',
    memorySize: 1024,
    timeout: 30,
    updateDelayMs: 50,
    model: { cpuMs: 600, threads: 2, noisePct: 5 }
  }
]

const WIDE_SIZES = [128, 256, 384, 512, 640, 768, 1024, 1536, 2048, 3008, 4096, 10240]
/**
 * Already at the last size, so no restore: the action paces UpdateFunctionConfiguration at
 * 8 a second, and these 240 updates are most of this file's run time.
 */
const WIDE: FunctionSpec[] = Array.from({ length: 20 }, (_, i) => ({
  name: `service-${String(i + 1).padStart(2, '0')}-handler`,
  memorySize: 10240,
  timeout: 30,
  updateDelayMs: 50,
  model: { cpuMs: 100 + 25 * i, ioMs: 10 * (i % 4), threads: 1 + (i % 3), noisePct: 5 }
}))

/** The sticky-comment PR: 35 comments by others before our first run. */
const PR = 7
const FORK_PR = 9
const DISPATCH_PR = 12
const WIDE_PR = 5
/** Where GitHub misbehaves: 502s, a create stored then answered 502, rate limits, an outage. */
const FLAKY_PR = 21

interface Step {
  run: RunResult
  results: Results
  /** What the stand-in answered during this run. */
  calls: JournalEntry[]
}

let emulators: Emulator[] = []
let stands: GitHubStandIn[] = []
let sticky: GitHubStandIn
let humanBefore: Comment
const steps: Record<string, Step> = {}
let forkGitHub: GitHubStandIn
let dispatchGitHub: GitHubStandIn
let quietGitHub: GitHubStandIn
let wideGitHub: GitHubStandIn
let flakyGitHub: GitHubStandIn
/** The run during an outage: it fails, so it is kept out of `steps` (which all succeed). */
let outage: Step

/** One run of the action on `emu`, commenting through `gh` with the Actions token. */
async function step(
  emu: Emulator,
  gh: GitHubStandIn,
  options: {
    functions?: FunctionSpec[]
    sizes?: number[]
    invocations?: number
    inputs?: Record<string, string>
    event: { name: EventName; prNumber?: number }
  }
): Promise<Step> {
  const from = gh.journal.length
  const run = await runAction({
    inputs: {
      functions: (options.functions ?? FUNCTIONS).map((f) => f.name).join('\n'),
      'memory-sizes': (options.sizes ?? SIZES).join(','),
      invocations: String(options.invocations ?? 20),
      concurrency: '4',
      ...options.inputs
    },
    env: { AWS_ENDPOINT_URL: emu.url, GITHUB_API_URL: gh.url, GITHUB_TOKEN: gh.tokens.actions },
    event: options.event,
    timeoutMs: 60_000
  })
  return { run, results: await resultsOf(run), calls: gh.journal.slice(from) }
}

async function emulator(functions: FunctionSpec[], seed: number): Promise<Emulator> {
  const emu = await startEmulator({ timeScale: 0, seed, functions })
  emulators.push(emu)
  return emu
}

async function gitHub(): Promise<GitHubStandIn> {
  const gh = await startGitHub()
  stands.push(gh)
  return gh
}

beforeAll(async () => {
  ;[sticky, forkGitHub, dispatchGitHub, quietGitHub, wideGitHub, flakyGitHub] = await Promise.all(
    Array.from({ length: 6 }, () => gitHub())
  )
  // Others talk first: people, another bot, and a human who pasted our marker into a comment.
  for (let i = 1; i <= 35; i++) {
    const user =
      i % 5 === 0
        ? { login: 'dependabot[bot]', type: 'Bot' as const }
        : { login: i % 2 === 0 ? 'octocat' : 'hubot', type: 'User' as const }
    if (i === 20) {
      humanBefore = sticky.addComment(
        PR,
        `${MARKER}\nThis is what the benchmark said last week — keep it here.`,
        { login: 'octocat', type: 'User' }
      )
    } else {
      sticky.addComment(PR, `Review comment ${i}: looks good, one nit.`, user)
    }
  }
  const [stickyEmu, forkEmu, quietEmu, wideEmu, flakyEmu] = await Promise.all([
    emulator(FUNCTIONS, 1),
    emulator(FUNCTIONS, 2),
    emulator(FUNCTIONS, 3),
    emulator(WIDE, 4),
    emulator(FUNCTIONS.slice(0, 1), 5)
  ])
  const pr = { name: 'pull_request' as const, prNumber: PR }
  await Promise.all([
    (async () => {
      steps.first = await step(stickyEmu, sticky, { event: pr })
      steps.second = await step(stickyEmu, sticky, { event: pr })
      steps.otherTag = await step(stickyEmu, sticky, {
        event: pr,
        inputs: { 'comment-tag': OTHER_TAG }
      })
      steps.otherTagAgain = await step(stickyEmu, sticky, {
        event: pr,
        inputs: { 'comment-tag': OTHER_TAG }
      })
    })(),
    (async () => {
      forkGitHub.failNext('create', 403, 'Resource not accessible by integration')
      steps.fork = await step(forkEmu, forkGitHub, {
        event: { name: 'pull_request', prNumber: FORK_PR }
      })
      steps.dispatchPr = await step(forkEmu, dispatchGitHub, {
        event: { name: 'workflow_dispatch' },
        inputs: { 'pr-number': String(DISPATCH_PR) }
      })
    })(),
    (async () => {
      steps.dispatch = await step(quietEmu, quietGitHub, { event: { name: 'workflow_dispatch' } })
    })(),
    (async () => {
      // Small runs: what is under test is the publishing. The outage waits 1 + 4 + 9 s of back-off.
      const flaky = {
        functions: FUNCTIONS.slice(0, 1),
        sizes: [128, 512],
        invocations: 4,
        event: { name: 'pull_request' as const, prNumber: FLAKY_PR }
      }
      flakyGitHub.inject('list', { kind: 'serverError' })
      flakyGitHub.inject('create', { kind: 'serverError', stored: true })
      steps.flakyFirst = await step(flakyEmu, flakyGitHub, flaky)
      flakyGitHub.inject('list', { kind: 'secondaryRateLimit', retryAfterSeconds: 1 })
      flakyGitHub.inject('update', { kind: 'serverError', body: 'html' })
      steps.flakySecond = await step(flakyEmu, flakyGitHub, flaky)
      flakyGitHub.inject('list', { kind: 'serverError', count: Infinity })
      outage = await step(flakyEmu, flakyGitHub, flaky)
    })(),
    (async () => {
      steps.wide = await step(wideEmu, wideGitHub, {
        functions: WIDE,
        sizes: WIDE_SIZES,
        invocations: 12,
        event: { name: 'pull_request', prNumber: WIDE_PR }
      })
    })()
  ])
}, 150_000)

afterAll(async () => {
  await Promise.all([...emulators, ...stands].map((s) => s.stop()))
  emulators = []
  stands = []
})

const isOurs = (c: Comment, marker = MARKER): boolean =>
  c.body.startsWith(marker) && c.user.type === 'Bot'

function html(md: string): string {
  return marked.parse(md, { gfm: true, async: false })
}

test('every run succeeds and its report is the job summary', () => {
  for (const [name, s] of Object.entries(steps)) {
    expect([name, s.run.exitCode]).toEqual([name, 0])
    expect(s.run.stdout).not.toMatch(/::error::/)
    expect(s.run.summary).toContain(s.run.outputs.report)
    expect(s.run.outputs.report).toMatch(/^## /)
  }
})

test('the first run creates one comment, after the 35 already there', () => {
  const { calls, run } = steps.first
  expect(calls.filter((c) => c.method === 'POST')).toEqual([
    { method: 'POST', path: `/repos/octo-org/octo-repo/issues/${PR}/comments`, status: 201 }
  ])
  expect(calls.filter((c) => c.method === 'PATCH')).toEqual([])
  const created = sticky.comments(PR).filter((c) => isOurs(c))
  expect(created).toHaveLength(1)
  expect(run.outputs['comment-url']).toMatch(new RegExp(`/pull/${PR}#issuecomment-\\d+$`))
})

test('the second run updates it: exactly one comment carries the marker as ours', () => {
  const { calls, run } = steps.second
  const comments = sticky.comments(PR)
  const ours = comments.filter((c) => isOurs(c))
  expect(ours).toHaveLength(1)
  expect(calls.filter((c) => c.method === 'POST')).toEqual([])
  expect(calls.filter((c) => c.method === 'PATCH')).toEqual([
    {
      method: 'PATCH',
      path: `/repos/octo-org/octo-repo/issues/comments/${ours[0].id}`,
      status: 200
    }
  ])
  expect(run.outputs['comment-url']).toBe(steps.first.run.outputs['comment-url'])
  expect(ours[0].html_url).toBe(run.outputs['comment-url'])
  expect(ours[0].body).toBe(`${MARKER}\n${run.outputs.report}`)
  // 35 others, the human's copy of the marker, ours and the other tag's: nothing else appeared.
  expect(comments).toHaveLength(35 + 2)
  expect(comments.filter((c) => c.body.includes(MARKER))).toHaveLength(2)
})

test("a human's comment that carries the marker is never touched", () => {
  const now = sticky.comments(PR).find((c) => c.id === humanBefore.id)
  expect(now).toEqual(humanBefore)
  for (const s of [steps.first, steps.second]) {
    expect(s.calls.some((c) => c.path.endsWith(`/comments/${humanBefore.id}`))).toBe(false)
  }
})

test('two steps with different comment-tags keep two comments, each updated in place', () => {
  const mine = sticky.comments(PR).filter((c) => c.user.type === 'Bot' && c.body.startsWith('<!--'))
  expect(mine.map((c) => c.body.split('\n')[0]).sort()).toEqual([OTHER_MARKER, MARKER].sort())
  const other = mine.find((c) => isOurs(c, OTHER_MARKER))!
  expect(steps.otherTag.calls.filter((c) => c.method === 'POST')).toHaveLength(1)
  expect(steps.otherTagAgain.calls.filter((c) => c.method === 'POST')).toHaveLength(0)
  expect(steps.otherTagAgain.calls.filter((c) => c.method === 'PATCH')).toEqual([
    { method: 'PATCH', path: `/repos/octo-org/octo-repo/issues/comments/${other.id}`, status: 200 }
  ])
  expect(other.body).toBe(`${OTHER_MARKER}\n${steps.otherTagAgain.run.outputs.report}`)
  // The default tag's comment still holds the second run's report.
  const first = mine.find((c) => isOurs(c))!
  expect(first.body).toBe(`${MARKER}\n${steps.second.run.outputs.report}`)
})

test("the comment's numbers are the results file's", () => {
  const body = sticky.comments(PR).find((c) => isOurs(c))!.body
  const { results } = steps.second
  const rendered = html(body)
  const all = tables(rendered).map((t) => t.map((row) => row.map(textOf)))
  const names = results.functions.map((f) => f.displayName)
  const [duration, cost] = all.filter(
    (t) => t[0][0] === 'Memory' && t[0].slice(1).join() === names.join()
  )
  expect(duration).toHaveLength(1 + SIZES.length)
  expect(cost).toHaveLength(1 + SIZES.length)
  results.functions.forEach((f, col) => {
    expect(f.tiers.map((t) => t.memorySize)).toEqual(SIZES)
    f.tiers.forEach((t, row) => {
      expect(duration[row + 1][0]).toBe(`${t.memorySize}\u00a0MB`)
      const cell = duration[row + 1][col + 1]
      expect(cell.startsWith(formatMs(t.billedDuration!.mean))).toBe(true)
      expect(cell).toContain(`p90 ${formatMs(t.billedDuration!.p90)}`)
      expect(cost[row + 1][col + 1].startsWith(formatUsd(t.costPerInvocation! * 1e6))).toBe(true)
    })
  })
  // 2 functions × 3 sizes × 20 invocations, as the summary line says.
  expect(textOf(body)).toMatch(/2 functions × 3 memory sizes × 20 invocations/)
})

test('a 403 on comment creation warns, exits 0 and still writes the summary', () => {
  const { run, calls, results } = steps.fork
  expect(run.exitCode).toBe(0)
  expect(run.stdout).toMatch(
    /::warning::Could not write the benchmark comment on octo-org\/octo-repo#9: GitHub answered 403 "Resource not accessible by integration[^"]*".*workflow_run/
  )
  expect(calls).toContainEqual({
    method: 'POST',
    path: `/repos/octo-org/octo-repo/issues/${FORK_PR}/comments`,
    status: 403
  })
  expect(forkGitHub.comments(FORK_PR)).toEqual([])
  expect(run.outputs['comment-url']).toBe('')
  expect(run.summary).toContain(run.outputs.report)
  expect(run.summary).toContain('orders')
  expect(results.functions.every((f) => f.status === 'ok')).toBe(true)
})

test('workflow_dispatch without pr-number: summary only, no call to GitHub at all', () => {
  const { run } = steps.dispatch
  expect(run.exitCode).toBe(0)
  expect(quietGitHub.journal).toEqual([])
  expect(run.stdout).toMatch(/::notice::workflow_dispatch event and no pr-number: no comment/)
  expect(run.outputs['comment-url']).toBe('')
  expect(run.summary).toContain(run.outputs.report)
  expect(run.summary).toMatch(/thumbnails/)
})

test('workflow_dispatch with pr-number comments on that pull request', () => {
  const { run } = steps.dispatchPr
  const comments = dispatchGitHub.comments(DISPATCH_PR)
  expect(comments).toHaveLength(1)
  expect(isOurs(comments[0])).toBe(true)
  expect(comments[0].body).toBe(`${MARKER}\n${run.outputs.report}`)
  expect(run.outputs['comment-url']).toBe(comments[0].html_url)
  expect(comments[0].html_url).toMatch(new RegExp(`/pull/${DISPATCH_PR}#issuecomment-`))
})

test('20 functions × 12 memory sizes: one comment under 65,536 characters, valid markdown', async () => {
  const { run, results } = steps.wide
  expect(results.functions).toHaveLength(20)
  expect(results.functions.every((f) => f.tiers.length === 12)).toBe(true)
  const comments = wideGitHub.comments(WIDE_PR)
  expect(comments).toHaveLength(1)
  const body = comments[0].body
  expect([...body].length).toBeLessThan(LIMIT)
  expect(body).toBe(`${MARKER}\n${run.outputs.report}`)

  const rendered = html(body)
  // Nothing left half-open: every fold closed, every code fence closed.
  expect(body.match(/<details>/g)?.length ?? 0).toBe(body.match(/<\/details>/g)?.length ?? 0)
  expect((body.match(/^```/gm)?.length ?? 0) % 2).toBe(0)
  const charts = codeBlocks(rendered, 'mermaid')
  expect(charts.length).toBeGreaterThan(0)
  for (const chart of charts) {
    expect(strictXyChartProblems(chart)).toEqual([])
    const parsed = await parseXyChart(chart)
    expect(parsed.lines.length).toBeGreaterThan(0)
    for (const line of parsed.lines) expect(line).toHaveLength(parsed.xLabels.length)
  }
  // Every table is rectangular: no cell spilled into another.
  const all = tables(rendered).map((t) => t.map((row) => row.map(textOf)))
  for (const table of all) {
    for (const row of table) expect(row).toHaveLength(table[0].length)
  }
  // The duration tables: 8 + 8 + 4 function columns, a row per size, the results' means.
  const duration = all.filter((t) => t[0][0] === 'Memory').slice(0, 3)
  expect(duration.map((t) => t[0].length - 1)).toEqual([8, 8, 4])
  const columns = duration.flatMap((t) => t[0].slice(1))
  expect(columns).toEqual(results.functions.map((f) => f.displayName))
  duration.forEach((table, group) => {
    expect(table).toHaveLength(1 + WIDE_SIZES.length)
    table.slice(1).forEach((row, r) => {
      expect(row[0]).toBe(`${WIDE_SIZES[r]}\u00a0MB`)
      row.slice(1).forEach((cell, c) => {
        const tier = results.functions[group * 8 + c].tiers[r]
        expect(cell.startsWith(formatMs(tier.billedDuration!.mean))).toBe(true)
      })
    })
  })
  // The footer (the last section) made it: the comment was shortened, not cut.
  expect(body).toContain('https://github.com/octo-org/octo-repo/actions/runs/1658821493')
})

const statuses = (calls: JournalEntry[]): string[] =>
  calls.filter((c) => c.path !== '/user').map((c) => `${c.method} ${c.status}`)

test('a 502 on listing and a create GitHub stored before answering 502: one comment', () => {
  const { run, calls } = steps.flakyFirst
  expect(statuses(calls)).toEqual(['GET 502', 'GET 200', 'POST 502', 'GET 200'])
  const comments = flakyGitHub.comments(FLAKY_PR)
  expect(comments).toHaveLength(1)
  // The comment this run created (the next run has updated it since).
  expect(isOurs(comments[0])).toBe(true)
  expect(run.outputs['comment-url']).toBe(comments[0].html_url)
  expect(run.stdout).toMatch(
    /GET \S+: GitHub answered 502 Server Error; trying again \(attempt 1 of 4\)/
  )
  expect(run.stdout).toContain(`GitHub had stored the comment after all: ${comments[0].html_url}`)
})

test('a secondary rate limit, then a 502 page on update: waited out, the comment updated', () => {
  const { run, calls } = steps.flakySecond
  expect(statuses(calls)).toEqual(['GET 403', 'GET 200', 'PATCH 502', 'PATCH 200'])
  const comments = flakyGitHub.comments(FLAKY_PR)
  expect(comments).toHaveLength(1)
  expect(comments[0].body).toBe(`${MARKER}\n${run.outputs.report}`)
  expect(run.outputs['comment-url']).toBe(steps.flakyFirst.run.outputs['comment-url'])
  expect(run.stdout).toMatch(
    /::warning::GitHub's secondary rate limit refused GET \S+; waiting 1 s as it asks, then retry 1 of 2/
  )
  expect(run.stdout).toMatch(
    /PATCH \S+: GitHub answered 502 Bad Gateway \(an HTML error page\); trying again/
  )
})

test('GitHub down throughout: the step fails in one sentence after 4 attempts, the comment kept', () => {
  const { run, calls, results } = outage
  expect(run.exitCode).toBe(1)
  expect(statuses(calls)).toEqual(Array.from({ length: 4 }, () => 'GET 502'))
  const errors = run.stdout.split('\n').filter((line) => line.startsWith('::error::'))
  expect(errors).toEqual([
    `::error::Could not find the benchmark comment on octo-org/octo-repo#${FLAKY_PR}: GitHub answered ` +
      '502 Server Error on all 4 attempts; GitHub may be having trouble (https://www.githubstatus.com): ' +
      'the report is in the job summary, re-run the job to post the comment.'
  ])
  // No stack trace but in ::debug:: (shown only when step debugging is on).
  const visible = run.stdout.split('\n').filter((line) => !line.startsWith('::debug::'))
  expect(visible.join('\n')).not.toMatch(/^\s+at /m)
  expect(run.stderr).not.toMatch(/^\s+at /m)
  expect(flakyGitHub.comments(FLAKY_PR).map((c) => c.body)).toEqual([
    `${MARKER}\n${steps.flakySecond.run.outputs.report}`
  ])
  expect(results.functions.every((f) => f.status === 'ok')).toBe(true)
  expect(run.summary).toContain(run.outputs.report)
})
