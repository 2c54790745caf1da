/**
 * How `baseline: auto` searches the base branch's results artifacts, through the built action
 * (dist/) and the GitHub stand-in: which branch is the base, paging, artifacts that name their
 * results file otherwise, cancelled runs, a token without `actions: read`, a listing that fails
 * after the baseline was found, and the bound on artifacts skipped.
 *
 * Each case is a `merge-results` run over one results file (no benchmark, no AWS: the endpoint
 * is a closed port) with its own `results-artifact`, so the cases run at once and keep apart in
 * the stand-in's journal by artifact name and id. Which seeded artifact was the baseline is read
 * from the written results' `comparison.baselineStartedAt`: each seeded file has its own
 * startedAt. Needs `npm run bundle` first.
 */
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startEmulator, type Emulator } from '../emulator/index.js'
import { fn, results } from '../fixtures/results/builder.js'
import { startGitHub, type GitHubStandIn } from '../github/index.js'
import { runAction, type EventName, type RunResult } from '../runner.js'
import type { Results } from '../../src/model/results.js'

const FILE = 'lambda-benchmark-results.json'
/** Port 9 on loopback: nothing listens, so any AWS call would fail the step. */
const NOWHERE = 'http://127.0.0.1:9'
/** This run's id (GITHUB_RUN_ID): its own artifacts are never its baseline. */
const RUN_ID = 9_000_001
const PR = 31

/** The results file every case merges: one function, as a shard's job wrote it. */
const SHARD: Results = results([
  fn({
    name: 'orders-api',
    originalMemorySize: 512,
    tiers: [
      { memorySize: 256, mean: 180 },
      { memorySize: 1024, mean: 60 }
    ]
  })
])

/** A results file that tells which run it was by its startedAt. */
const resultsAt = (startedAt: string, extra: Partial<Results> = {}): string =>
  JSON.stringify({ ...SHARD, startedAt, ...extra })

let gitHub: GitHubStandIn
let emulator: Emulator

/** Seeds a results artifact of `name` on `branch`; its id and run. */
function seed(
  name: string,
  branch: string,
  createdAt: string,
  files: Record<string, string>,
  runId?: number
): { id: number; run: number } {
  const a = gitHub.artifacts.seed({
    name,
    files,
    headBranch: branch,
    createdAt,
    ...(runId === undefined ? {} : { runId })
  })
  return { id: a.id, run: a.workflow_run.id }
}

/** `n` minutes after `start` (an ISO timestamp), as GitHub writes it. */
const minutesAfter = (start: string, n: number): string =>
  new Date(Date.parse(start) + n * 60_000).toISOString().replace('.000Z', 'Z')

interface Search {
  run: RunResult
  results: Results | undefined
}

/** One `baseline: auto` run merging SHARD, artifact `name`, history 0 unless told. */
async function search(
  name: string,
  options: {
    inputs?: Record<string, string>
    token?: string
    event?: { name: EventName; payload?: object; prNumber?: number }
    runId?: number
    endpoint?: string
  } = {}
): Promise<Search> {
  const workspace = await mkdtemp(join(tmpdir(), 'search-'))
  await mkdir(join(workspace, 'shard'))
  await writeFile(join(workspace, 'shard', 'results.json'), JSON.stringify(SHARD))
  const run = await runAction({
    inputs: {
      functions: '',
      'merge-results': 'shard/results.json',
      baseline: 'auto',
      'results-artifact': name,
      history: '0',
      'comment-mode': 'off',
      ...options.inputs
    },
    env: {
      AWS_ENDPOINT_URL: options.endpoint ?? NOWHERE,
      GITHUB_API_URL: gitHub.url,
      GITHUB_TOKEN: options.token ?? gitHub.tokens.actions,
      GITHUB_RUN_ID: String(options.runId ?? RUN_ID)
    },
    event: options.event ?? { name: 'pull_request', prNumber: PR },
    cwd: workspace
  })
  const text = await readFile(join(workspace, FILE), 'utf8').catch(() => undefined)
  return { run, results: text === undefined ? undefined : (JSON.parse(text) as Results) }
}

/** The pages of `name`'s listing requested, in order, with their answers' status. */
function pages(name: string): [number, number][] {
  return gitHub.journal
    .filter((e) => e.path.startsWith('/repos/octo-org/octo-repo/actions/artifacts?'))
    .map((e) => ({ e, query: new URLSearchParams(e.path.split('?')[1]) }))
    .filter(({ query }) => query.get('name') === name)
    .map(({ e, query }) => [Number(query.get('page') ?? 1), e.status])
}

/** Which of `ids` had their zip requested, in the order asked. */
function downloaded(ids: number[]): number[] {
  return gitHub.journal
    .map((e) => Number(/\/actions\/artifacts\/(\d+)\/zip$/.exec(e.path)?.[1]))
    .filter((id) => ids.includes(id))
}

const baselineOf = (s: Search): string | undefined => s.results?.comparison?.baselineStartedAt
const warnings = (s: Search): string[] =>
  s.run.stdout.split('\n').filter((line) => line.startsWith('::warning::'))

const seeded: Record<string, { id: number; run: number }[]> = {}
const runs: Record<string, Search> = {}
let benchmark: { run: RunResult; awsCalls: number }

beforeAll(async () => {
  ;[gitHub, emulator] = await Promise.all([
    startGitHub(),
    startEmulator({
      timeScale: 0,
      seed: 31,
      functions: [{ name: 'checkout', memorySize: 512, timeout: 30, model: { cpuMs: 100 } }]
    })
  ])
  const day = (d: number): string => `2026-10-${String(d).padStart(2, '0')}T10:00:00Z`

  // 1. push: the repository's default branch; this run's own upload (newest) never counts.
  const file = (startedAt: string): Record<string, string> => ({ [FILE]: resultsAt(startedAt) })
  // The same three under another name, for another run of main: there the upload is usable.
  for (const name of ['push', 'push-other']) {
    seeded[name] = [
      seed(name, 'main', day(1), file('2026-10-01T09:00:00.000Z')),
      seed(name, 'feature', day(2), file('2026-10-02T09:00:00.000Z')),
      seed(name, 'main', day(3), file('2026-10-03T09:00:00.000Z'), RUN_ID)
    ]
  }
  seeded.trunk = [
    seed('trunk', 'trunk', day(1), file('2026-10-01T09:30:00.000Z')),
    seed('trunk', 'main', day(2), file('2026-10-02T09:30:00.000Z'))
  ]

  // 2. paging: 120 newer on another branch, then main's; 100 older of main's make a page 3.
  seeded.paging = [seed('paging', 'main', day(9), file('2026-10-09T09:00:00.000Z'))]
  for (let i = 0; i < 120; i++) {
    seeded.paging.push(
      seed('paging', 'feature', minutesAfter(day(10), i), file('2026-10-10T09:00:00.000Z'))
    )
  }
  for (let i = 0; i < 100; i++) {
    seeded.paging.push(
      seed('paging', 'main', minutesAfter(day(1), i), file('2026-10-01T09:00:00.000Z'))
    )
  }

  // 3. another name, the only JSON file: used; two other JSON files and not ours: skipped.
  seeded.names = [
    seed('names', 'main', day(4), {
      'bench.json': resultsAt('2026-10-04T09:00:00.000Z'),
      'notes.txt': 'not a results file'
    }),
    seed('names', 'main', day(5), {
      'a.json': resultsAt('2026-10-05T09:00:00.000Z'),
      'b.json': resultsAt('2026-10-05T09:30:00.000Z')
    })
  ]

  // 4. a cancelled run's partial results (newest) are no baseline.
  seeded.cancelled = [
    seed('cancelled', 'main', day(6), file('2026-10-06T09:00:00.000Z')),
    seed('cancelled', 'main', day(7), {
      [FILE]: resultsAt('2026-10-07T09:00:00.000Z', { cancelled: true })
    })
  ]

  // 5. a token whose job lacks actions: read (a usable artifact is there).
  seeded.forbidden = [seed('forbidden', 'main', day(8), file('2026-10-08T09:00:00.000Z'))]

  // 6. the baseline on page 1 (then 99 of another branch's), the trend's runs on page 2.
  seeded.trend = [seed('trend', 'main', day(20), file('2026-10-20T09:00:00.000Z'))]
  for (let i = 0; i < 99; i++) {
    seeded.trend.push(
      seed('trend', 'feature', minutesAfter(day(19), i), file('2026-10-19T09:00:00.000Z'))
    )
  }
  for (let d = 11; d <= 15; d++) {
    seeded.trend.push(seed('trend', 'main', day(d), file(`2026-10-${d}T09:00:00.000Z`)))
  }
  gitHub.inject('listArtifacts', {
    kind: 'serverError',
    status: 502,
    // Page 1 answers; page 2 fails however often Octokit retries it (three times: 1 s, 4 s,
    // 9 s). The one slow case of this file, about 14 s: the others run meanwhile.
    after: 1,
    count: Infinity,
    query: { name: 'trend' }
  })

  // 7. 15 broken artifacts newer than a good one: the search gives up first.
  seeded.bound = [seed('bound', 'main', day(1), file('2026-10-01T09:45:00.000Z'))]
  for (let i = 0; i < 15; i++) {
    seeded.bound.push(seed('bound', 'main', minutesAfter(day(2), i), { [FILE]: 'not JSON at all' }))
  }

  const push = { name: 'push' as const }
  const cases: Record<string, () => Promise<Search>> = {
    push: () => search('push', { event: push }),
    pushOtherRun: () => search('push-other', { event: push, runId: RUN_ID + 1 }),
    trunk: () =>
      search('trunk', { event: { ...push, payload: { repository: { default_branch: 'trunk' } } } }),
    paging: () => search('paging'),
    names: () => search('names'),
    cancelled: () => search('cancelled'),
    forbidden: () =>
      search('forbidden', {
        token: gitHub.tokens.noActions,
        inputs: { 'comment-mode': 'update' },
        event: { name: 'pull_request', prNumber: PR + 1 }
      }),
    trend: () => search('trend', { inputs: { history: '5' } }),
    bound: () => search('bound')
  }
  const bench = async (): Promise<void> => {
    const before = emulator.journal.calls.length
    const run = await runAction({
      inputs: {
        functions: 'checkout',
        'memory-sizes': '256,1024',
        invocations: '10',
        baseline: 'auto',
        'baseline-required': 'true',
        'results-artifact': 'forbidden'
      },
      env: {
        AWS_ENDPOINT_URL: emulator.url,
        GITHUB_API_URL: gitHub.url,
        GITHUB_TOKEN: gitHub.tokens.noActions,
        GITHUB_RUN_ID: String(RUN_ID)
      },
      event: { name: 'pull_request', prNumber: PR }
    })
    benchmark = { run, awsCalls: emulator.journal.calls.length - before }
  }
  await Promise.all([
    bench(),
    ...Object.entries(cases).map(async ([key, start]) => {
      runs[key] = await start()
    })
  ])
}, 120_000)

afterAll(async () => {
  await Promise.all([gitHub?.stop(), emulator?.stop()])
})

describe('which branch is the base', () => {
  it("on push, the repository's default branch; this run's own upload is never the baseline", () => {
    const [main, feature, own] = seeded.push
    expect(runs.push.run.exitCode).toBe(0)
    expect(baselineOf(runs.push)).toBe('2026-10-01T09:00:00.000Z')
    expect(downloaded([main.id, feature.id, own.id])).toEqual([main.id])
    // Another run of main takes that upload: it is usable, and was passed over as this run's.
    expect(baselineOf(runs.pushOtherRun)).toBe('2026-10-03T09:00:00.000Z')
  })

  it('is the default branch the payload names, not the branch pushed', () => {
    expect(baselineOf(runs.trunk)).toBe('2026-10-01T09:30:00.000Z')
    expect(runs.trunk.run.stdout).toContain(
      `Baseline: the results artifact "trunk" of branch trunk (the repository's default branch)`
    )
    expect(downloaded(seeded.trunk.map((a) => a.id))).toEqual([seeded.trunk[0].id])
  })
})

describe('paging', () => {
  it("finds main's artifact on page 2, behind 120 newer of another branch, and stops there", () => {
    expect(runs.paging.run.exitCode).toBe(0)
    expect(baselineOf(runs.paging)).toBe('2026-10-09T09:00:00.000Z')
    // A page 3 exists (221 artifacts, 100 a page): never asked for.
    expect(gitHub.artifacts.list().filter((a) => a.name === 'paging')).toHaveLength(221)
    expect(pages('paging')).toEqual([
      [1, 200],
      [2, 200]
    ])
    expect(downloaded(seeded.paging.map((a) => a.id))).toEqual([seeded.paging[0].id])
  })
})

describe('what an artifact holds', () => {
  it('uses the only JSON file under another name; skips two other JSON files, naming the artifact', () => {
    const [renamed, twoFiles] = seeded.names
    expect(runs.names.run.exitCode).toBe(0)
    expect(baselineOf(runs.names)).toBe('2026-10-04T09:00:00.000Z')
    expect(warnings(runs.names)).toContain(
      `::warning::Artifact "names" (id ${twoFiles.id}, run ${twoFiles.run}) holds no usable results file (it holds no ${FILE} (and several other JSON files)); skipped`
    )
    expect(downloaded([renamed.id, twoFiles.id])).toEqual([twoFiles.id, renamed.id])
  })

  it("skips a cancelled run's partial results for the run before it", () => {
    const [whole, cancelled] = seeded.cancelled
    expect(runs.cancelled.run.exitCode).toBe(0)
    expect(baselineOf(runs.cancelled)).toBe('2026-10-06T09:00:00.000Z')
    expect(runs.cancelled.run.stdout).toContain(
      `Artifact "cancelled" (id ${cancelled.id}, run ${cancelled.run}) holds a cancelled run's partial results; skipped`
    )
    expect(downloaded([whole.id, cancelled.id])).toEqual([cancelled.id, whole.id])
  })
})

describe('a token without actions: read', () => {
  const said = [
    'could not list the results artifact "forbidden" of branch main',
    'GitHub answered 403 Resource not accessible by integration',
    'the job needs `permissions: actions: read`'
  ]

  it('warns with the listing, GitHub’s answer and the permission, and reports without a comparison', () => {
    const run = runs.forbidden
    expect(run.run.exitCode).toBe(0)
    const warning = warnings(run).find((w) => w.includes('baseline: auto')) ?? ''
    for (const part of said) expect(warning).toContain(part)
    expect(warning).toMatch(/; reporting without a comparison$/)
    expect(run.results?.comparison).toBeUndefined()
    expect(downloaded(seeded.forbidden.map((a) => a.id))).toEqual([])
    // Comments need no actions: read: the report is still posted.
    expect(gitHub.comments(PR + 1)).toHaveLength(1)
  })

  it('with baseline-required, fails with that message before any AWS call', () => {
    expect(benchmark.run.exitCode).toBe(1)
    const error = benchmark.run.stdout.split('\n').find((l) => l.startsWith('::error::')) ?? ''
    for (const part of said) expect(error).toContain(part)
    expect(error).toMatch(/ and baseline-required is true$/)
    expect(benchmark.awsCalls).toBe(0)
  })
})

describe('a listing that fails after the baseline was found', () => {
  it('still compares with the baseline, and warns that the trend is shorter than asked', () => {
    const run = runs.trend
    expect(run.run.exitCode).toBe(0)
    expect(baselineOf(run)).toBe('2026-10-20T09:00:00.000Z')
    expect(warnings(run)).toContain(
      '::warning::The trend is shorter than asked: could not list the results artifact "trend" of branch main (the pull request\'s base branch): GitHub answered 502 Server Error'
    )
    const listed = pages('trend')
    expect(listed[0]).toEqual([1, 200])
    // Page 2, retried by Octokit, failed every time; nothing was asked beyond it.
    expect(listed.length).toBeGreaterThan(2)
    expect(listed.slice(1)).toEqual(listed.slice(1).map(() => [2, 502]))
    expect(downloaded(seeded.trend.map((a) => a.id))).toEqual([seeded.trend[0].id])
  })
})

describe('the bound on skipping', () => {
  it('gives up after 11 broken artifacts (1 wanted + 10), never reaching the good one', () => {
    const [good, ...broken] = seeded.bound
    const run = runs.bound
    expect(run.run.exitCode).toBe(0)
    expect(run.results?.comparison).toBeUndefined()
    expect(warnings(run)).toContain(
      `::warning::baseline: auto gave up on the results artifact "bound" of branch main (the pull request's base branch): the newest 11 held no usable results file, and older ones were not examined; a run on main with upload-results: true uploads a good one; reporting without a comparison`
    )
    // Newest first: the 11 newest broken ones, one warning each; the good one never fetched.
    const newest = broken.slice(4).reverse()
    expect(downloaded(seeded.bound.map((a) => a.id))).toEqual(newest.map((a) => a.id))
    expect(warnings(run).filter((w) => w.includes('holds no usable results file'))).toHaveLength(11)
    expect(downloaded([good.id])).toEqual([])
  })
})
