/**
 * The built action (dist/) with GitHub's artifacts, against the emulator and the GitHub
 * stand-in: `baseline: auto` takes the base branch's newest usable results artifact (never a
 * feature branch's, an expired one, a broken one or this run's own); a run uploads its results
 * and a later run finds them; `merge-results` reports two shards as one comment with zero AWS
 * calls; `history` draws the trend over the base branch's runs. Needs `npm run bundle` first.
 */
import { cp, mkdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Emulator, FunctionSpec } from '../emulator/index.js'
import { startEmulator } from '../emulator/index.js'
import type { GitHubStandIn } from '../github/index.js'
import { startGitHub } from '../github/index.js'
import { runAction, type EventName, type RunResult } from '../runner.js'
import type { Results } from '../../src/model/results.js'

const SIZES = [256, 1024]
const PR = 7
const NAME = 'lambda-benchmark-results'
const FILE = 'lambda-benchmark-results.json'

const FUNCTIONS: FunctionSpec[] = [
  { name: 'checkout', memorySize: 512, timeout: 30, model: { noisePct: 5, cpuMs: 150, ioMs: 60 } },
  { name: 'search', memorySize: 256, timeout: 30, model: { noisePct: 5, cpuMs: 250, ioMs: 120 } }
]

let emulator: Emulator
let gitHub: GitHubStandIn
/** A real run's results, the template of every seeded artifact. */
let template: Results

interface Run {
  run: RunResult
  results: Results | undefined
  awsCalls: number
}

/** `startedAt` marks which seeded results a run compared with (comparison.baselineStartedAt). */
function marked(startedAt: string, scale = 1): Results {
  return {
    ...template,
    startedAt,
    functions: template.functions.map((f) => ({
      ...f,
      tiers: f.tiers.map((t) => ({
        ...t,
        billedDuration: t.billedDuration && {
          ...t.billedDuration,
          mean: t.billedDuration.mean * scale
        },
        samples: t.samples.map((s) => Math.round(s * scale))
      }))
    }))
  }
}

function seed(
  branch: string,
  createdAt: string,
  files: Record<string, string>,
  extra: { expired?: boolean; headSha?: string } = {}
): number {
  return gitHub.artifacts.seed({ name: NAME, files, headBranch: branch, createdAt, ...extra }).id
}

async function step(
  inputs: Record<string, string>,
  options: {
    event?: { name: EventName; prNumber?: number }
    runId: number
    branch: string
    upload?: boolean
    cwd?: string
    endpoint?: string
  }
): Promise<Run> {
  const before = emulator.journal.calls.length
  const artifacts = options.upload
    ? gitHub.artifacts.runtime(
        gitHub.artifacts.registerRun({ runId: options.runId, headBranch: options.branch }).backendId
      )
    : undefined
  const run = await runAction({
    inputs: {
      functions: FUNCTIONS.map((f) => f.name).join('\n'),
      'memory-sizes': SIZES.join(','),
      invocations: '20',
      ...inputs
    },
    env: {
      AWS_ENDPOINT_URL: options.endpoint ?? emulator.url,
      GITHUB_API_URL: gitHub.url,
      GITHUB_TOKEN: gitHub.tokens.actions,
      GITHUB_RUN_ID: String(options.runId)
    },
    event: options.event ?? { name: 'pull_request', prNumber: PR },
    ...(artifacts ? { artifacts } : {}),
    ...(options.cwd ? { cwd: options.cwd } : {}),
    timeoutMs: 60_000
  })
  return {
    run,
    results: await readFile(join(run.workspace, run.outputs['results-file'] ?? FILE), 'utf8')
      .then((text) => JSON.parse(text) as Results)
      .catch(() => undefined),
    awsCalls: emulator.journal.calls.length - before
  }
}

const commentBody = (): string => gitHub.comments(PR).at(-1)?.body ?? ''

beforeAll(async () => {
  ;[emulator, gitHub] = await Promise.all([
    startEmulator({ timeScale: 0, seed: 13, functions: FUNCTIONS }),
    startGitHub()
  ])
  const first = await step(
    { 'comment-mode': 'off' },
    { event: { name: 'push' }, runId: 100, branch: 'main' }
  )
  template = first.results as Results
}, 120_000)

afterAll(async () => {
  await Promise.all([emulator?.stop(), gitHub?.stop()])
})

describe('baseline: auto', () => {
  let found: Run
  let broken: number

  beforeAll(async () => {
    // Oldest to newest: main's usable one, main's broken one, main's expired one, a feature branch's.
    seed('main', '2026-11-20T10:00:00Z', {
      [FILE]: JSON.stringify(marked('2026-11-20T09:00:00.000Z'))
    })
    broken = seed('main', '2026-11-21T10:00:00Z', { [FILE]: '{"schemaVersion": 1' })
    seed(
      'main',
      '2026-11-22T10:00:00Z',
      { [FILE]: JSON.stringify(marked('2026-11-22T09:00:00.000Z')) },
      { expired: true }
    )
    seed('feature', '2026-11-23T10:00:00Z', {
      [FILE]: JSON.stringify(marked('2026-11-23T09:00:00.000Z'))
    })
    found = await step({ baseline: 'auto', history: '0' }, { runId: 200, branch: 'feature' })
  }, 120_000)

  it("compares with main's newest usable artifact, skipping the broken one by name", () => {
    expect(found.run.exitCode).toBe(0)
    expect(found.results?.comparison?.baselineStartedAt).toBe('2026-11-20T09:00:00.000Z')
    expect(found.run.stdout).toMatch(
      new RegExp(
        `::warning::Artifact "${NAME}" \\(id ${broken}, run \\d+\\) holds no usable results file \\(`
      )
    )
    expect(commentBody()).toMatch(/No significant change|regression|improvement/)
  })

  it('never downloads the expired or the feature branch artifact', () => {
    const zips = gitHub.journal.filter((e) => /\/actions\/artifacts\/\d+\/zip$/.test(e.path))
    const downloaded = zips.map((e) => Number(/artifacts\/(\d+)\/zip/.exec(e.path)?.[1]))
    const byId = new Map(gitHub.artifacts.list().map((a) => [a.id, a]))
    for (const id of downloaded) {
      expect(byId.get(id)?.workflow_run.head_branch).toBe('main')
      expect(byId.get(id)?.expired).toBe(false)
    }
    expect(downloaded).toContain(broken)
  })

  it('fails before any AWS call when required and none is found', async () => {
    const none = await step(
      { baseline: 'auto', 'baseline-required': 'true', 'results-artifact': 'nothing-here' },
      { runId: 201, branch: 'feature' }
    )
    expect(none.run.exitCode).toBe(1)
    expect(none.awsCalls).toBe(0)
    expect(none.run.stdout).toContain(
      '::error::baseline: auto found no results artifact "nothing-here" of branch main'
    )
    // The failure first, the advice last.
    expect(none.run.stdout).toMatch(
      /\) and baseline-required is true; a run on main with upload-results: true uploads one$/m
    )
  })
})

describe('upload-results', () => {
  it('uploads the results file, which a later pull request finds as its baseline', async () => {
    const main = await step(
      { 'comment-mode': 'off', 'results-artifact': 'bench-uploaded' },
      { event: { name: 'push' }, runId: 300, branch: 'main', upload: true }
    )
    expect(main.run.exitCode).toBe(0)
    const uploaded = gitHub.artifacts.list().find((a) => a.name === 'bench-uploaded')
    expect(uploaded?.workflow_run).toMatchObject({ id: 300, head_branch: 'main' })
    expect(JSON.parse(gitHub.artifacts.files(uploaded!.id)[FILE])).toEqual(main.results)

    const pr = await step(
      { baseline: 'auto', 'results-artifact': 'bench-uploaded', 'baseline-required': 'true' },
      { runId: 301, branch: 'feature', upload: true }
    )
    expect(pr.run.exitCode).toBe(0)
    expect(pr.results?.comparison?.baselineStartedAt).toBe(main.results?.startedAt)
    // The pull request's own upload is on its branch: never a baseline for main's pull requests.
    const own = gitHub.artifacts.list().filter((a) => a.name === 'bench-uploaded')
    expect(own.map((a) => a.workflow_run.head_branch).sort()).toEqual(['feature', 'main'])
  }, 120_000)

  it('says there is no artifact service, and succeeds, where there is none', async () => {
    const run = await step(
      { 'comment-mode': 'off' },
      { event: { name: 'push' }, runId: 302, branch: 'main' }
    )
    expect(run.run.exitCode).toBe(0)
    expect(run.run.stdout).toContain(
      '::notice::No artifact service here (ACTIONS_RUNTIME_TOKEN or ACTIONS_RESULTS_URL is not set'
    )
  }, 60_000)
})

describe('merge-results', () => {
  let merged: Run
  let shards: Results[]

  beforeAll(async () => {
    const jobs = await Promise.all(
      FUNCTIONS.map((f) =>
        step(
          { functions: f.name, 'comment-mode': 'off', 'results-file': `results-${f.name}.json` },
          { event: { name: 'push' }, runId: 400, branch: 'feature' }
        )
      )
    )
    shards = jobs.map((j) => j.results as Results)
    const workspace = join(jobs[0].run.workspace, 'merge')
    await mkdir(join(workspace, 'shards'), { recursive: true })
    for (const [i, job] of jobs.entries()) {
      const name = `results-${FUNCTIONS[i].name}.json`
      await cp(join(job.run.workspace, name), join(workspace, 'shards', name))
    }
    merged = await step(
      { functions: '', 'merge-results': 'shards/*.json' },
      // No AWS endpoint at all: a call would fail the step.
      { runId: 401, branch: 'feature', cwd: workspace, endpoint: 'http://127.0.0.1:9' }
    )
  }, 120_000)

  it('writes one comment covering both shards, with zero AWS calls', () => {
    expect(merged.run.exitCode).toBe(0)
    expect(merged.awsCalls).toBe(0)
    expect(merged.results?.functions.map((f) => f.functionName)).toEqual(['checkout', 'search'])
    expect(merged.results?.merged?.files.map((f) => f.path)).toEqual([
      'shards/results-checkout.json',
      'shards/results-search.json'
    ])
    const body = commentBody()
    expect(body).toContain('checkout')
    expect(body).toContain('search')
    expect(merged.results?.functions[0].tiers).toEqual(shards[0].functions[0].tiers)
  })

  it('names a pattern that matches nothing and a function in two files', async () => {
    const bad = await step(
      { functions: '', 'merge-results': 'shards/*.json\nshards/*.json.gz\nmissing/*.json' },
      {
        runId: 402,
        branch: 'feature',
        cwd: join(merged.run.workspace),
        endpoint: 'http://127.0.0.1:9'
      }
    )
    expect(bad.run.exitCode).toBe(1)
    expect(bad.run.stdout).toContain('merge-results: "shards/*.json.gz" matches no file')
    expect(bad.run.stdout).toContain('merge-results: "missing/*.json" matches no file')
    await cp(
      join(merged.run.workspace, 'shards', 'results-checkout.json'),
      join(merged.run.workspace, 'shards', 'results-checkout-again.json')
    )
    const twice = await step(
      { functions: '', 'merge-results': 'shards/*.json' },
      { runId: 403, branch: 'feature', cwd: merged.run.workspace, endpoint: 'http://127.0.0.1:9' }
    )
    expect(twice.run.exitCode).toBe(1)
    expect(twice.run.stdout).toMatch(
      /merge-results: checkout .* is in both shards\/results-checkout-again\.json and shards\/results-checkout\.json/
    )
  }, 120_000)
})

describe('history', () => {
  it('draws the trend over the newest base-branch runs, this run last', async () => {
    const name = 'bench-history'
    const days = ['2026-11-01', '2026-11-02', '2026-11-03', '2026-11-04', '2026-11-05']
    days.forEach((day, i) =>
      gitHub.artifacts.seed({
        name,
        headBranch: 'main',
        createdAt: `${day}T10:00:00Z`,
        headSha: String(i + 1).repeat(40),
        files: { [FILE]: JSON.stringify(marked(`${day}T09:00:00.000Z`, 1 + i * 0.05)) }
      })
    )
    const run = await step(
      { baseline: 'auto', 'results-artifact': name, history: '3' },
      { runId: 500, branch: 'feature' }
    )
    expect(run.run.exitCode).toBe(0)
    expect(run.results?.comparison?.baselineStartedAt).toBe('2026-11-05T09:00:00.000Z')
    const body = commentBody()
    const trend = body.slice(body.indexOf('### Trend on the base branch'))
    expect(trend.length).toBeLessThan(body.length)
    // The newest three, oldest first, then this run; the two oldest are not in the window.
    const order = ['2026-11-03', '2026-11-04', '2026-11-05', '**this run**'].map((s) =>
      trend.indexOf(s)
    )
    expect(order.every((at) => at >= 0)).toBe(true)
    expect([...order].sort((a, b) => a - b)).toEqual(order)
    expect(trend).not.toContain('2026-11-02')
    expect(trend).toContain('```mermaid')
  }, 120_000)
})
