import { commentMarker, publishComment } from '../../src/publish/comment.js'
import { createGitHubClient } from '../../src/github/octokit.js'
import { startGitHub, type GitHubStandIn } from '../github/index.js'

const human = { login: 'alice', type: 'User' as const }
const actionsBot = { login: 'github-actions[bot]', type: 'Bot' as const }
const quiet = { info: () => {}, warning: () => {} }

describe('publishComment against the GitHub stand-in, with the real composed Octokit', () => {
  let gh: GitHubStandIn
  beforeEach(async () => {
    gh = await startGitHub()
  })
  afterEach(async () => {
    await gh.stop()
  })

  const client = (token: string) => createGitHubClient(token, { baseUrl: gh.url, log: quiet })
  const post = (
    body: string,
    options: {
      token?: string
      mode?: 'update' | 'create' | 'off'
      tag?: string
      issue?: number
    } = {}
  ) =>
    publishComment({
      client: client(options.token ?? gh.tokens.actions),
      owner: gh.owner,
      repo: gh.repo,
      issueNumber: options.issue ?? 5,
      body,
      mode: options.mode ?? 'update',
      tag: options.tag ?? 'lambda-memory-benchmark'
    })
  const marked = (issue = 5, tag = 'lambda-memory-benchmark') =>
    gh.comments(issue).filter((c) => c.body.includes(commentMarker(tag)))

  it('creates the comment on the first run and updates it on the second', async () => {
    const first = await post('run 1')
    expect(first.action).toBe('created')
    expect(first.url).toMatch(
      /^https:\/\/github.com\/octo-org\/octo-repo\/pull\/5#issuecomment-\d+$/
    )
    const second = await post('run 2')
    expect(second).toEqual({ action: 'updated', url: first.url })
    const comments = marked()
    expect(comments).toHaveLength(1)
    expect(comments[0].body).toBe('<!-- lambda-memory-benchmark -->\nrun 2')
    expect(comments[0].user.login).toBe('github-actions[bot]')
  })

  it('keeps exactly one marked comment with 35 other comments before it', async () => {
    for (let i = 0; i < 35; i++) gh.addComment(5, `review remark ${i}`, human)
    await post('run 1')
    for (let i = 0; i < 5; i++) gh.addComment(5, `later remark ${i}`, human)
    await post('run 2')
    await post('run 3')
    expect(marked()).toHaveLength(1)
    expect(marked()[0].body).toContain('run 3')
    expect(gh.comments(5)).toHaveLength(41)
  })

  it('walks every page: finds its comment on page 3 of 100-comment pages', async () => {
    await post('run 1')
    for (let i = 0; i < 240; i++) gh.addComment(5, `remark ${i}`, human)
    gh.journal.length = 0
    const second = await post('run 2')
    expect(second.action).toBe('updated')
    expect(marked()).toHaveLength(1)
    const lists = gh.journal.filter((j) => j.method === 'GET' && j.path.includes('/comments'))
    expect(lists).toHaveLength(3)
    expect(gh.journal.filter((j) => j.method === 'POST')).toHaveLength(0)
  })

  it('never edits a human’s comment that carries the marker', async () => {
    const copied = gh.addComment(
      5,
      '<!-- lambda-memory-benchmark -->\nI pasted the old report',
      human
    )
    await post('run 1')
    await post('run 2')
    const comments = gh.comments(5)
    expect(comments[0]).toEqual(copied)
    expect(comments).toHaveLength(2)
    expect(comments[1]).toMatchObject({
      user: { type: 'Bot' },
      body: expect.stringContaining('run 2')
    })
  })

  it('never edits another bot’s comment that only quotes the marker', async () => {
    // A review bot quoting our comment carries the marker, but not as its first line.
    const quoting = gh.addComment(
      5,
      'Summary of this PR:\n> <!-- lambda-memory-benchmark -->\n> ## Lambda memory benchmark',
      { login: 'review-helper[bot]', type: 'Bot' }
    )
    const result = await post('run 1')
    expect(result.action).toBe('created')
    expect(gh.comments(5)[0]).toEqual(quoting)
  })

  it('keeps two comments for two tags', async () => {
    await post('node', { tag: 'bench-node' })
    await post('python', { tag: 'bench-python' })
    await post('node 2', { tag: 'bench-node' })
    await post('python 2', { tag: 'bench-python' })
    expect(gh.comments(5).map((c) => c.body)).toEqual([
      '<!-- bench-node -->\nnode 2',
      '<!-- bench-python -->\npython 2'
    ])
  })

  it('updates the newest of several of its own comments and leaves the others', async () => {
    const old1 = gh.addComment(5, '<!-- lambda-memory-benchmark -->\nold 1', actionsBot)
    const old2 = gh.addComment(5, '<!-- lambda-memory-benchmark -->\nold 2', actionsBot)
    const result = await post('new')
    expect(result.action).toBe('updated')
    expect(result.url).toBe(old2.html_url)
    expect(gh.comments(5).map((c) => c.body)).toEqual([
      old1.body,
      '<!-- lambda-memory-benchmark -->\nnew'
    ])
  })

  it('with a personal token, matches its own login only (not the bot, not others)', async () => {
    const botOne = gh.addComment(5, '<!-- lambda-memory-benchmark -->\nbot', actionsBot)
    const first = await post('pat 1', { token: gh.tokens.personal })
    expect(first.action).toBe('created')
    const second = await post('pat 2', { token: gh.tokens.personal })
    expect(second).toEqual({ action: 'updated', url: first.url })
    const comments = gh.comments(5)
    expect(comments[0]).toEqual(botOne)
    expect(comments[1]).toMatchObject({
      user: { login: 'octocat' },
      body: expect.stringContaining('pat 2')
    })
    expect(gh.journal.filter((j) => j.path === '/user').map((j) => j.status)).toEqual([200, 200])
  })

  it('creates a new comment every run in create mode, and nothing in off mode', async () => {
    await post('a', { mode: 'create' })
    await post('b', { mode: 'create' })
    expect(marked().map((c) => c.body.split('\n')[1])).toEqual(['a', 'b'])
    gh.journal.length = 0
    expect(await post('c', { mode: 'off' })).toEqual({ action: 'skipped' })
    expect(gh.journal).toEqual([])
  })

  it('turns 403 "Resource not accessible by integration" on create into a warning', async () => {
    gh.failNext('create', 403, 'Resource not accessible by integration')
    const result = await post('fork run')
    expect(result.action).toBe('skipped')
    expect(result.url).toBeUndefined()
    expect(result.warning).toContain('Resource not accessible by integration')
    expect(result.warning).toContain('workflow_run')
    expect(result.warning).toContain('fork')
    expect(gh.comments(5)).toEqual([])
  })

  it('turns the same 403 on update into a warning and leaves the comment', async () => {
    await post('run 1')
    gh.failNext('update', 403, 'Resource not accessible by integration')
    const result = await post('run 2')
    expect(result.action).toBe('skipped')
    expect(result.warning).toContain('workflow_run')
    expect(marked()[0].body).toContain('run 1')
  })

  it('turns a fine-grained token’s 403 without pull-request write access into a warning', async () => {
    gh.failNext('create', 403, 'Resource not accessible by personal access token')
    const result = await post('pat run', { token: gh.tokens.personal })
    expect(result.action).toBe('skipped')
    expect(result.warning).toContain('Resource not accessible by personal access token')
    expect(result.warning).toContain('pull-requests: write')
  })

  it('throws a clear error for other failures, without the token', async () => {
    gh.failNext('list', 404, 'Not Found')
    await expect(post('x')).rejects.toThrow(
      'Could not find the benchmark comment on octo-org/octo-repo#5: GitHub answered 404 Not Found; ' +
        'check that the pull request is in this repository and that the token may read it; the report is in the job summary.'
    )
    const wrong = publishComment({
      client: client('ghp_not_a_real_token'),
      owner: gh.owner,
      repo: gh.repo,
      issueNumber: 5,
      body: 'x',
      mode: 'create',
      tag: 't'
    })
    await expect(wrong).rejects.toThrow(
      /^Could not create .*401 Bad credentials; check the github-token/
    )
    await expect(wrong).rejects.not.toThrow(/ghp_not_a_real_token/)
  })

  it('refuses a body over 65,536 characters with a clear error, before any call', async () => {
    gh.journal.length = 0
    await expect(post('x'.repeat(65_536))).rejects.toThrow(
      /comment is 65,569 characters; GitHub accepts at most 65,536/
    )
    expect(gh.journal).toEqual([])
    const fits = await post(
      'x'.repeat(65_536 - commentMarker('lambda-memory-benchmark').length - 1)
    )
    expect(fits.action).toBe('created')
  })

  it('explains GitHub’s own 422 when it refuses a body', async () => {
    gh.failNext('create', 422, 'Validation Failed')
    await expect(post('report')).rejects.toThrow(
      'Could not create the benchmark comment on octo-org/octo-repo#5: GitHub answered 422 Validation Failed'
    )
  })

  it('keeps a hostile tag from closing the marker early', () => {
    expect(commentMarker('a-->b')).toBe('<!-- a-b -->')
    expect(commentMarker('x<y>')).toBe('<!-- xy -->')
  })
})
