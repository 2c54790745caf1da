import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Plan } from '../../src/model/plan.js'
import { publish, type PublishContext } from '../../src/publish/index.js'
import { createGitHubClient } from '../../src/github/octokit.js'
import type { FunctionResult, Results, TierResult } from '../../src/model/results.js'
import { startGitHub, type GitHubStandIn } from '../github/index.js'
import { parseCommandFile } from '../runner.js'

const summary = (mean: number) => ({
  mean,
  p50: mean,
  p90: mean * 1.1,
  p95: mean * 1.2,
  p99: mean * 1.3,
  min: mean * 0.9,
  max: mean * 1.4,
  stddev: mean * 0.05
})

function tier(memorySize: number, mean: number): TierResult {
  return {
    memorySize,
    invocations: 3,
    errors: 0,
    errorTypes: {},
    unmeasured: 0,
    coldStarts: 1,
    billedDuration: summary(mean),
    duration: summary(mean - 0.5),
    initDuration: summary(180),
    maxMemoryUsed: 70,
    costPerInvocation: 0.0000002 + (mean / 1000) * (memorySize / 1024) * 0.0000166667,
    coldBilledDuration: null,
    coldStartCostPerInvocation: null,
    throttles: 0,
    reportsFromLogs: 0,
    samples: [mean, mean]
  }
}

function fn(name: string, balanced: number | null): FunctionResult {
  return {
    functionArn: `arn:aws:lambda:us-east-1:123456789012:function:${name}`,
    functionName: name,
    displayName: name,
    region: 'us-east-1',
    architecture: 'x86_64',
    originalMemorySize: 1024,
    status: balanced === null ? 'failed' : 'ok',
    error: balanced === null ? 'AccessDeniedException: not authorized' : null,
    tiers: balanced === null ? [] : [tier(128, 800), tier(1024, 110)],
    recommendation: { cost: balanced, speed: balanced, balanced }
  }
}

const results: Results = {
  schemaVersion: 1,
  startedAt: '2025-09-01T10:00:00.000Z',
  finishedAt: '2025-09-01T10:01:00.000Z',
  settings: {
    memorySizes: [128, 1024],
    invocations: 3,
    concurrency: 1,
    isolation: 'latest',
    monthlyInvocations: null,
    coldStarts: 0,
    targetPrecision: null,
    minInvocations: null
  },
  functions: [fn('serial', 1024), fn('denied', null)]
}

const REPORT = '## Lambda memory benchmark\n\n| Memory | serial |\n|---|---|\n| 128 MB | 800 ms |\n'

function plan(resultsFile: string, comment: Partial<Plan['comment']> = {}): Plan {
  return {
    functions: [],
    memorySizes: [128, 1024],
    invocations: 3,
    concurrency: 1,
    payload: '{}',
    comment: { mode: 'update', tag: 'lambda-memory-benchmark', token: 'ghs_actions', ...comment },
    regressionThreshold: 10,
    failOnRegression: false,
    resultsFile,
    isolation: 'latest',
    coldStarts: 0,
    artifact: { name: 'lambda-benchmark-results', upload: false, history: 0 }
  }
}

function context(eventName: string, payload: object = {}): PublishContext {
  return { eventName, payload, repo: { owner: 'octo-org', repo: 'octo-repo' } }
}
const prEvent = context('pull_request', { pull_request: { number: 12 } })

/** Captures what @actions/core prints (workflow commands) while `fn` runs. */
async function captureStdout<T>(fn: () => Promise<T>): Promise<{ value: T; stdout: string }> {
  const write = process.stdout.write.bind(process.stdout)
  let stdout = ''
  process.stdout.write = ((chunk: string | Uint8Array) => {
    stdout += String(chunk)
    return true
  }) as typeof process.stdout.write
  try {
    return { value: await fn(), stdout }
  } finally {
    process.stdout.write = write
  }
}

describe('publish: results file, job summary, outputs and comment', () => {
  let gh: GitHubStandIn
  let dir: string
  const saved = { output: process.env.GITHUB_OUTPUT, summary: process.env.GITHUB_STEP_SUMMARY }
  // @actions/core remembers the summary file of its first write: one pair of files for the suite.
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'publish-'))
    process.env.GITHUB_OUTPUT = join(dir, 'output')
    process.env.GITHUB_STEP_SUMMARY = join(dir, 'summary.md')
  })
  afterAll(() => {
    process.env.GITHUB_OUTPUT = saved.output
    process.env.GITHUB_STEP_SUMMARY = saved.summary
    if (saved.output === undefined) delete process.env.GITHUB_OUTPUT
    if (saved.summary === undefined) delete process.env.GITHUB_STEP_SUMMARY
  })
  beforeEach(async () => {
    gh = await startGitHub()
    await writeFile(join(dir, 'output'), '')
    await writeFile(join(dir, 'summary.md'), '')
  })
  afterEach(async () => {
    await gh.stop()
  })
  const clientFactory = (token: string) =>
    createGitHubClient(token, { baseUrl: gh.url, retryBaseMs: 10 })
  const outputs = async () => parseCommandFile(await readFile(join(dir, 'output'), 'utf8'))

  it('on a pull request: writes everything, creates then updates one comment', async () => {
    const resultsFile = join(dir, 'out', 'results.json')
    const options = { plan: plan(resultsFile), results, report: REPORT, context: prEvent }
    const { value: first, stdout } = await captureStdout(() =>
      publish({ ...options, regressions: 2, clientFactory })
    )
    expect(first.commentUrl).toMatch(/\/pull\/12#issuecomment-\d+$/)
    expect(stdout).toContain(`Created the comment: ${first.commentUrl}`)
    expect(stdout).not.toContain('ghs_actions')

    expect(await readFile(join(dir, 'summary.md'), 'utf8')).toContain('| 128 MB | 800 ms |')

    const out = await outputs()
    const resultsOutput = JSON.parse(out.results) as Results
    expect(resultsOutput.functions[0].tiers[0].samples).toEqual([])
    expect(resultsOutput.functions[0].tiers[1].billedDuration?.mean).toBe(110)
    expect(out['results-file']).toBe(resultsFile)
    expect(out.report).toBe(REPORT)
    expect(JSON.parse(out['recommended-memory'])).toEqual({ serial: 1024 })
    expect(out.regressions).toBe('2')
    expect(out['comment-url']).toBe(first.commentUrl)
    expect(Object.values(out).join('\n')).not.toContain('ghs_actions')

    const second = await captureStdout(() => publish({ ...options, regressions: 0, clientFactory }))
    expect(second.value.commentUrl).toBe(first.commentUrl)
    expect(gh.comments(12)).toHaveLength(1)
    expect(gh.comments(12)[0].body).toBe(`<!-- lambda-memory-benchmark -->\n${REPORT}`)
  })

  it('a 502 on listing and a stored-then-502 create: told in the log, one comment, no throw', async () => {
    gh.inject('list', { kind: 'serverError' })
    gh.inject('create', { kind: 'serverError', stored: true })
    const { value, stdout } = await captureStdout(() =>
      publish({
        plan: plan(join(dir, 'r.json')),
        results,
        report: REPORT,
        context: prEvent,
        regressions: 0,
        clientFactory
      })
    )
    expect(gh.comments(12)).toHaveLength(1)
    expect(value.commentUrl).toBe(gh.comments(12)[0].html_url)
    expect(stdout).toMatch(
      /^GET .*: GitHub answered 502 Server Error; trying again \(attempt 1 of 4\)$/m
    )
    expect(stdout).toContain('GitHub had stored the comment after all')
    expect(stdout).not.toMatch(/::(warning|error)::/)
  })

  it('on push without pr-number: summary and outputs, a notice, no GitHub call', async () => {
    const { value, stdout } = await captureStdout(() =>
      publish({
        plan: plan(join(dir, 'r.json')),
        results,
        report: REPORT,
        context: context('push', { ref: 'refs/heads/main' }),
        regressions: 0,
        clientFactory
      })
    )
    expect(value).toEqual({})
    expect(stdout).toContain('::notice::push event and no pr-number: no comment')
    expect(gh.journal).toEqual([])
    expect(await readFile(join(dir, 'summary.md'), 'utf8')).toContain('Lambda memory benchmark')
    expect((await outputs())['comment-url']).toBe('')
  })

  it('on workflow_dispatch with pr-number: comments on that pull request', async () => {
    const { value } = await captureStdout(() =>
      publish({
        plan: plan(join(dir, 'r.json'), { prNumber: 31 }),
        results,
        report: REPORT,
        context: context('workflow_dispatch', { inputs: {} }),
        regressions: 0,
        clientFactory
      })
    )
    expect(value.commentUrl).toMatch(/\/pull\/31#issuecomment-/)
    expect(gh.comments(31)).toHaveLength(1)
  })

  it('on a fork’s pull request (403 on create): warns, does not throw, summary written', async () => {
    gh.failNext('create', 403, 'Resource not accessible by integration')
    const { value, stdout } = await captureStdout(() =>
      publish({
        plan: plan(join(dir, 'r.json')),
        results,
        report: REPORT,
        context: prEvent,
        regressions: 0,
        clientFactory
      })
    )
    expect(value).toEqual({})
    expect(stdout).toMatch(/::warning::Could not write the benchmark comment.*workflow_run/)
    expect(await readFile(join(dir, 'summary.md'), 'utf8')).toContain('| 128 MB |')
    expect((await outputs()).report).toBe(REPORT)
  })

  it('with comment-mode off or no token: no GitHub call', async () => {
    const run = (comment: Partial<Plan['comment']>) =>
      captureStdout(() =>
        publish({
          plan: plan(join(dir, 'r.json'), comment),
          results,
          report: REPORT,
          context: prEvent,
          regressions: 0,
          clientFactory
        })
      )
    expect((await run({ mode: 'off' })).stdout).toContain('comment-mode is off')
    expect((await run({ token: '' })).stdout).toContain('::warning::github-token is empty')
    expect(gh.journal).toEqual([])
  })

  it('throws a clear error for a comment GitHub refuses, after summary and outputs', async () => {
    const huge = 'x'.repeat(70_000)
    await expect(
      captureStdout(() =>
        publish({
          plan: plan(join(dir, 'r.json')),
          results,
          report: huge,
          context: prEvent,
          regressions: 0,
          clientFactory
        })
      )
    ).rejects.toThrow(/70,033 characters; GitHub accepts at most 65,536/)
    expect((await readFile(join(dir, 'summary.md'), 'utf8')).length).toBeGreaterThan(70_000)
    expect((await outputs()).report).toBe(huge)
  })
})
