/**
 * GitHub's bad moments, against the stand-in through the real composed client (createGitHubClient:
 * plugin-retry and plugin-throttling): every fault is survived with exactly one comment of ours,
 * a POST that may have been stored is looked for before it is sent again, and a fault that
 * does not pass ends in one sentence after a bounded number of attempts. Back-off units are
 * shortened to 10 ms; GitHub's `retry-after` is honoured in seconds where a test says so.
 */
import { commentMarker, publishComment } from '../../src/publish/comment.js'
import { createGitHubClient } from '../../src/github/octokit.js'
import type { GitHubClientOptions } from '../../src/github/octokit.js'
import { startGitHub, type GitHubStandIn, type JournalEntry } from '../github/index.js'

const MARKER = commentMarker('lambda-memory-benchmark')
const ISSUE = 5
const PATHS = {
  comments: `/repos/octo-org/octo-repo/issues/${ISSUE}/comments?per_page=100`,
  create: `/repos/octo-org/octo-repo/issues/${ISSUE}/comments`
}
const actionsBot = { login: 'github-actions[bot]', type: 'Bot' as const }

describe('publishComment survives GitHub’s faults without a second comment', () => {
  let gh: GitHubStandIn
  let logged: string[]
  beforeEach(async () => {
    gh = await startGitHub()
    logged = []
  })
  afterEach(async () => {
    await gh.stop()
  })

  /** Hooks a test may hang on a log line: something happening at that moment of the run. */
  let onLog: (line: string) => void = () => {}
  const log = {
    info: (m: string) => {
      logged.push(`info: ${m}`)
      onLog(m)
    },
    warning: (m: string) => {
      logged.push(`warning: ${m}`)
      onLog(m)
    }
  }
  afterEach(() => {
    onLog = () => {}
  })

  const post = (
    body: string,
    options: { mode?: 'update' | 'create'; token?: string; client?: GitHubClientOptions } = {}
  ) =>
    publishComment({
      client: createGitHubClient(options.token ?? gh.tokens.actions, {
        baseUrl: gh.url,
        retryBaseMs: 10,
        rateLimitSecondMs: 10,
        log,
        ...options.client
      }),
      owner: gh.owner,
      repo: gh.repo,
      issueNumber: ISSUE,
      body,
      mode: options.mode ?? 'update',
      tag: 'lambda-memory-benchmark',
      log
    })
  const ours = (login = 'github-actions[bot]') =>
    gh.comments(ISSUE).filter((c) => c.body.startsWith(MARKER) && c.user.login === login)
  /** The comment calls answered (GET /user, asked once for the identity, left out). */
  const calls = (): [string, string, number][] =>
    gh.journal
      .filter((j) => j.path !== '/user')
      .map((j: JournalEntry) => [j.method, j.path, j.status])
  const messageOf = (run: Promise<unknown>): Promise<string> =>
    run.then(
      () => 'resolved',
      (e: Error) => e.message
    )

  it('a 502 on listing is retried; the comment is created once', async () => {
    gh.inject('list', { kind: 'serverError' })
    const outcome = await post('run 1')
    expect(outcome).toMatchObject({ action: 'created' })
    expect(ours().map((c) => c.body)).toEqual([`${MARKER}\nrun 1`])
    expect(calls()).toEqual([
      ['GET', PATHS.comments, 502],
      ['GET', PATHS.comments, 200],
      ['POST', PATHS.create, 201]
    ])
    expect(logged).toEqual([
      `info: GET ${gh.url}${PATHS.comments}: GitHub answered 502 Server Error; trying again (attempt 1 of 4)`
    ])
  })

  it('a 502 HTML page on listing is named by its status, and the comment updated in place', async () => {
    const first = await post('run 1')
    gh.inject('list', { kind: 'serverError', body: 'html', count: 2 })
    expect(await post('run 2')).toEqual({ action: 'updated', url: first.url })
    expect(ours().map((c) => c.body)).toEqual([`${MARKER}\nrun 2`])
    expect(logged.join('\n')).toContain(
      ': GitHub answered 502 Bad Gateway (an HTML error page); trying again'
    )
    expect(logged.join('\n')).not.toContain('<html')
  })

  it('a 502 on create that GitHub did not store: looked for, not found, posted again', async () => {
    gh.inject('create', { kind: 'serverError' })
    expect(await post('run 1')).toMatchObject({ action: 'created' })
    expect(ours()).toHaveLength(1)
    expect(calls()).toEqual([
      ['GET', PATHS.comments, 200],
      ['POST', PATHS.create, 502],
      ['GET', PATHS.comments, 200],
      ['POST', PATHS.create, 201]
    ])
  })

  it('the last POST allowed, stored then 502, is looked for too: the step succeeds', async () => {
    gh.inject('create', { kind: 'serverError' })
    gh.inject('create', { kind: 'serverError', stored: true })
    const outcome = await post('run 1', { client: { retries: 1 } })
    expect(outcome).toEqual({ action: 'created', url: ours()[0].html_url })
    expect(ours()).toHaveLength(1)
    expect(calls().map(([method, , status]) => `${method} ${status}`)).toEqual([
      'GET 200',
      'POST 502',
      'GET 200',
      'POST 502',
      'GET 200'
    ])
  })

  it.each([
    ['a 502', { kind: 'serverError', stored: true } as const, 'answered 502 Server Error'],
    ['a dropped connection', { kind: 'dropConnection', stored: true } as const, 'did not answer (']
  ])('%s on create after GitHub stored it: found, never posted again', async (_, fault, said) => {
    gh.inject('create', fault)
    const outcome = await post('run 1')
    const [comment] = ours()
    expect(ours()).toHaveLength(1)
    expect(outcome).toEqual({ action: 'created', url: comment.html_url })
    expect(gh.journal.filter((j) => j.method === 'POST')).toHaveLength(1)
    expect(gh.journal.at(-1)).toMatchObject({ method: 'GET', status: 200 })
    expect(logged).toEqual([
      expect.stringContaining(`info: GitHub ${said}`),
      `info: GitHub had stored the comment after all: ${comment.html_url}`
    ])
    expect(logged[0]).toMatch(
      /to the new comment, which it may have stored all the same; looking for it \(attempt 1 of 4\)$/
    )
  })

  it('create mode: a stored-then-502 comment is this run’s (same body); earlier runs’ are kept', async () => {
    const earlier = gh.addComment(ISSUE, `${MARKER}\nlast week`, actionsBot)
    gh.inject('create', { kind: 'serverError', stored: true })
    const outcome = await post('this run', { mode: 'create' })
    expect(ours().map((c) => c.body)).toEqual([earlier.body, `${MARKER}\nthis run`])
    expect(outcome).toEqual({ action: 'created', url: ours()[1].html_url })
    expect(gh.journal.filter((j) => j.method === 'POST')).toHaveLength(1)
    expect(gh.journal.filter((j) => j.method === 'PATCH')).toHaveLength(0)
  })

  it('update mode: a comment another run posted while our POST failed is updated, not doubled', async () => {
    gh.inject('create', { kind: 'serverError' })
    onLog = (line) => {
      if (line.includes('which it may have stored all the same; looking for it')) {
        gh.addComment(ISSUE, `${MARKER}\nthe other run`, actionsBot)
      }
    }
    const outcome = await post('this run')
    expect(outcome.action).toBe('updated')
    expect(ours().map((c) => c.body)).toEqual([`${MARKER}\nthis run`])
    expect(calls().map(([method, , status]) => `${method} ${status}`)).toEqual([
      'GET 200',
      'POST 502',
      'GET 200',
      'PATCH 200'
    ])
  })

  it('a 502 on update, even after GitHub stored it, is retried (PATCH is idempotent)', async () => {
    const first = await post('run 1')
    gh.inject('update', { kind: 'serverError', stored: true })
    gh.inject('update', { kind: 'serverError', status: 504 })
    expect(await post('run 2')).toEqual({ action: 'updated', url: first.url })
    expect(ours().map((c) => c.body)).toEqual([`${MARKER}\nrun 2`])
    const patches = gh.journal.filter((j) => j.method === 'PATCH').map((j) => j.status)
    expect(patches).toEqual([502, 504, 200])
  })

  it('a secondary rate limit on listing waits GitHub’s retry-after (1 s), then goes on', async () => {
    gh.inject('list', { kind: 'secondaryRateLimit', retryAfterSeconds: 1 })
    const started = Date.now()
    await post('run 1', { client: { rateLimitSecondMs: 1000 } })
    // A margin under the 1 s asked for: that it waited, never how exactly.
    expect(Date.now() - started).toBeGreaterThanOrEqual(900)
    expect(ours()).toHaveLength(1)
    expect(calls().map(([method, , status]) => `${method} ${status}`)).toEqual([
      'GET 403',
      'GET 200',
      'POST 201'
    ])
    expect(logged).toEqual([
      `warning: GitHub's secondary rate limit refused GET ${gh.url}${PATHS.comments}; waiting 1 s as it asks, then retry 1 of 2`
    ])
  })

  it('a secondary rate limit on create (a 429 here) is waited out: GitHub never carried it out', async () => {
    gh.inject('create', { kind: 'secondaryRateLimit', status: 429 })
    expect(await post('run 1')).toMatchObject({ action: 'created' })
    expect(ours()).toHaveLength(1)
    expect(calls().map(([method, , status]) => `${method} ${status}`)).toEqual([
      'GET 200',
      'POST 429',
      'POST 201'
    ])
  })

  it('a secondary rate limit on GET /user never makes a personal token pass for a bot', async () => {
    const bot = gh.addComment(ISSUE, `${MARKER}\nthe Actions bot's`, actionsBot)
    gh.inject('getAuthenticated', { kind: 'secondaryRateLimit' })
    await post('pat run', { token: gh.tokens.personal })
    expect(ours('octocat').map((c) => c.body)).toEqual([`${MARKER}\npat run`])
    gh.inject('getAuthenticated', { kind: 'secondaryRateLimit', count: Infinity })
    await expect(
      post('pat run 2', { token: gh.tokens.personal, client: { rateLimitRetries: 1 } })
    ).rejects.toThrow(
      /^Could not find the benchmark comment on octo-org\/octo-repo#5: GitHub answered 403 You have exceeded a secondary rate limit\. .* on all 2 attempts; GitHub's secondary rate limit still refused after waiting: the report is in the job summary, re-run the job in a few minutes\.$/
    )
    expect(gh.comments(ISSUE)[0]).toEqual(bot)
    expect(ours('octocat').map((c) => c.body)).toEqual([`${MARKER}\npat run`])
  })

  it('a persistent 502 fails after retries + 1 attempts, in one sentence saying what to do', async () => {
    gh.inject('list', { kind: 'serverError', count: Infinity })
    expect(await messageOf(post('run 1', { client: { retries: 2 } }))).toBe(
      'Could not find the benchmark comment on octo-org/octo-repo#5: GitHub answered 502 Server Error on all 3 attempts; ' +
        'GitHub may be having trouble (https://www.githubstatus.com): the report is in the job summary, re-run the job to post the comment.'
    )
    expect(calls()).toEqual(Array.from({ length: 3 }, () => ['GET', PATHS.comments, 502]))
    expect(gh.comments(ISSUE)).toEqual([])
  })

  it('a persistent 502 on create: each POST followed by a look for it, bounded, no comment', async () => {
    gh.inject('create', { kind: 'serverError', count: Infinity })
    await expect(post('run 1', { client: { retries: 1 } })).rejects.toThrow(
      /^Could not create the benchmark comment on octo-org\/octo-repo#5: GitHub answered 502 Server Error on all 2 attempts; GitHub may be having trouble/
    )
    expect(calls().map(([method, , status]) => `${method} ${status}`)).toEqual([
      'GET 200',
      'POST 502',
      'GET 200',
      'POST 502',
      'GET 200'
    ])
    expect(gh.comments(ISSUE)).toEqual([])
  })

  it('a primary rate limit resetting in an hour is not waited for: it says when to re-run', async () => {
    gh.inject('list', { kind: 'rateLimit', resetInSeconds: 3600 })
    const minute = (ms: number) => new Date(ms + 3600_000).toISOString().slice(11, 16)
    const started = Date.now()
    const message = await messageOf(post('run 1'))
    // The stand-in reads the clock between these two instants (floored to its second).
    const resets = new Set([minute(started - 1000), minute(Date.now())])
    expect(message).toMatch(
      /^Could not find the benchmark comment on octo-org\/octo-repo#5: GitHub answered 403 API rate limit exceeded for installation ID \d+; the token's API rate limit is used up until \d\d:\d\d UTC: the report is in the job summary, re-run the job after that\.$/
    )
    expect(resets).toContain(/until (\d\d:\d\d) UTC/.exec(message)?.[1])
    expect(calls()).toEqual([['GET', PATHS.comments, 403]])
  })

  it('403 "Resource not accessible by integration" stays a warning and is never retried', async () => {
    gh.failNext('create', 403, 'Resource not accessible by integration')
    const outcome = await post('fork run')
    expect(outcome.action).toBe('skipped')
    expect(outcome.warning).toContain('workflow_run')
    expect(gh.journal.filter((j) => j.method === 'POST').map((j) => j.status)).toEqual([403])
    expect(gh.comments(ISSUE)).toEqual([])
  })
})
