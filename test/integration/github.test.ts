import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { getOctokit } from '@actions/github'
import { startGitHub, type GitHubStandIn } from '../github/index.js'

const run = promisify(execFile)

describe('GitHub REST stand-in, through the real Octokit', () => {
  let gh: GitHubStandIn
  beforeEach(async () => {
    gh = await startGitHub({ owner: 'acme', repo: 'lambdas' })
  })
  afterEach(async () => {
    await gh.stop()
  })
  const at = { owner: 'acme', repo: 'lambdas' }

  it('creates a comment with GitHub’s shape, as the Actions token’s bot', async () => {
    const octokit = getOctokit(gh.tokens.actions, { baseUrl: gh.url })
    const { status, data, headers } = await octokit.rest.issues.createComment({
      ...at,
      issue_number: 7,
      body: 'hello'
    })
    expect(status).toBe(201)
    expect(headers.location).toBe(data.url)
    expect(data.html_url).toBe(`https://github.com/acme/lambdas/pull/7#issuecomment-${data.id}`)
    expect(data.user).toMatchObject({ login: 'github-actions[bot]', id: 41898282, type: 'Bot' })
    expect(data.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/)
    expect(typeof data.node_id).toBe('string')
    expect(gh.comments(7).map((c) => c.body)).toEqual(['hello'])
    expect(gh.journal).toEqual([
      { method: 'POST', path: '/repos/acme/lambdas/issues/7/comments', status: 201 }
    ])
  })

  it('answers GET /user with 403 for the Actions token and the user for a PAT', async () => {
    const bot = getOctokit(gh.tokens.actions, { baseUrl: gh.url })
    await expect(bot.rest.users.getAuthenticated()).rejects.toMatchObject({
      status: 403,
      message: expect.stringContaining('Resource not accessible by integration')
    })
    const pat = getOctokit(gh.tokens.personal, { baseUrl: gh.url })
    const { data } = await pat.rest.users.getAuthenticated()
    expect(data).toMatchObject({ login: 'octocat', type: 'User' })
    const { data: created } = await pat.rest.issues.createComment({
      ...at,
      issue_number: 1,
      body: 'x'
    })
    expect(created.user).toMatchObject({ login: 'octocat', type: 'User' })
  })

  it('paginates 35 comments through Octokit’s paginate, 30 a page by default', async () => {
    for (let i = 0; i < 35; i++) gh.addComment(3, `c${i}`, { login: 'alice', type: 'User' })
    const octokit = getOctokit(gh.tokens.actions, { baseUrl: gh.url })
    const all = await octokit.paginate(octokit.rest.issues.listComments, {
      ...at,
      issue_number: 3
    })
    expect(all.map((c) => c.body)).toEqual(Array.from({ length: 35 }, (_, i) => `c${i}`))
    expect(gh.journal.map((j) => j.path)).toEqual([
      '/repos/acme/lambdas/issues/3/comments',
      '/repos/acme/lambdas/issues/3/comments?page=2'
    ])
  })

  it('sends a Link header with prev, next, last and first where they apply', async () => {
    for (let i = 0; i < 35; i++) gh.addComment(3, `c${i}`, { login: 'alice', type: 'User' })
    const octokit = getOctokit(gh.tokens.actions, { baseUrl: gh.url })
    const page = (n: number) =>
      octokit.rest.issues.listComments({ ...at, issue_number: 3, per_page: 10, page: n })
    const base = `${gh.url}/repos/acme/lambdas/issues/3/comments?per_page=10&page=`
    const first = await page(1)
    expect(first.data).toHaveLength(10)
    expect(first.headers.link).toBe(`<${base}2>; rel="next", <${base}4>; rel="last"`)
    const middle = await page(2)
    expect(middle.headers.link).toBe(
      `<${base}1>; rel="prev", <${base}3>; rel="next", <${base}4>; rel="last", <${base}1>; rel="first"`
    )
    const last = await page(4)
    expect(last.data.map((c) => c.body)).toEqual(['c30', 'c31', 'c32', 'c33', 'c34'])
    expect(last.headers.link).toBe(`<${base}3>; rel="prev", <${base}1>; rel="first"`)
    const capped = await octokit.rest.issues.listComments({ ...at, issue_number: 3, per_page: 500 })
    expect(capped.data).toHaveLength(35)
    expect(capped.headers.link).toBeUndefined()
  })

  it('gets, updates and deletes a comment by id', async () => {
    const octokit = getOctokit(gh.tokens.actions, { baseUrl: gh.url })
    const { data } = await octokit.rest.issues.createComment({ ...at, issue_number: 2, body: 'a' })
    const updated = await octokit.rest.issues.updateComment({
      ...at,
      comment_id: data.id,
      body: 'b'
    })
    expect(updated.data).toMatchObject({ id: data.id, body: 'b', created_at: data.created_at })
    const got = await octokit.rest.issues.getComment({ ...at, comment_id: data.id })
    expect(got.data.body).toBe('b')
    const deleted = await octokit.rest.issues.deleteComment({ ...at, comment_id: data.id })
    expect(deleted.status).toBe(204)
    expect(gh.comments(2)).toEqual([])
    await expect(
      octokit.rest.issues.getComment({ ...at, comment_id: data.id })
    ).rejects.toMatchObject({ status: 404 })
  })

  it('refuses a body over 65,536 characters with GitHub’s validation error', async () => {
    const octokit = getOctokit(gh.tokens.actions, { baseUrl: gh.url })
    await octokit.rest.issues.createComment({ ...at, issue_number: 1, body: 'x'.repeat(65536) })
    const tooLong = octokit.rest.issues.createComment({
      ...at,
      issue_number: 1,
      body: 'x'.repeat(65537)
    })
    await expect(tooLong).rejects.toMatchObject({
      status: 422,
      response: {
        data: {
          message: 'Validation Failed',
          errors: [
            expect.objectContaining({
              resource: 'IssueComment',
              field: 'body',
              message: 'body is too long (maximum is 65536 characters)'
            })
          ]
        }
      }
    })
    expect(gh.comments(1)).toHaveLength(1)
  })

  it('answers 401 without Authorization and for an unknown token', async () => {
    const bare = await fetch(`${gh.url}/repos/acme/lambdas/issues/1/comments`)
    expect(bare.status).toBe(401)
    expect(await bare.json()).toMatchObject({ message: 'Requires authentication' })
    const wrong = getOctokit('ghp_wrong', { baseUrl: gh.url })
    await expect(wrong.rest.issues.listComments({ ...at, issue_number: 1 })).rejects.toMatchObject({
      status: 401,
      message: expect.stringContaining('Bad credentials')
    })
  })

  it('fails the next call of a route once, on demand', async () => {
    const octokit = getOctokit(gh.tokens.actions, { baseUrl: gh.url })
    gh.failNext('create', 403, 'Resource not accessible by integration')
    await expect(
      octokit.rest.issues.createComment({ ...at, issue_number: 1, body: 'a' })
    ).rejects.toMatchObject({
      status: 403,
      response: { data: { message: 'Resource not accessible by integration' } }
    })
    await octokit.rest.issues.createComment({ ...at, issue_number: 1, body: 'a' })
    expect(gh.journal.map((j) => j.status)).toEqual([403, 201])
  })

  describe('injected faults, as api.github.com answers them', () => {
    const list = (issue = 1) =>
      fetch(`${gh.url}/repos/acme/lambdas/issues/${issue}/comments`, {
        headers: { authorization: `token ${gh.tokens.actions}` }
      })
    const create = (body: string) =>
      getOctokit(gh.tokens.actions, { baseUrl: gh.url }).rest.issues.createComment({
        ...at,
        issue_number: 1,
        body
      })

    it('502: the front end’s 32-byte JSON without API headers, then the next answers', async () => {
      gh.inject('list', { kind: 'serverError', count: 2 })
      for (let i = 0; i < 2; i++) {
        const res = await list()
        expect(res.status).toBe(502)
        expect(res.headers.get('content-type')).toBe('application/json')
        expect(res.headers.get('x-github-request-id')).toMatch(/^STAND-IN:\d+$/)
        expect(res.headers.get('x-ratelimit-limit')).toBeNull()
        expect(await res.text()).toBe('{\n  "message": "Server Error"\n}\n')
      }
      expect((await list()).status).toBe(200)
      expect(gh.journal.map((j) => [j.status, j.fault])).toEqual([
        [502, 'serverError'],
        [502, 'serverError'],
        [200, undefined]
      ])
    })

    it('502 with the HTML page, which Octokit takes whole as its message', async () => {
      gh.inject('create', { kind: 'serverError', body: 'html' })
      await expect(create('a')).rejects.toMatchObject({
        status: 502,
        message: expect.stringMatching(/^<!DOCTYPE html>[\s\S]*Unicorn! &middot; GitHub/)
      })
      expect(gh.comments(1)).toEqual([])
    })

    it('stored, then 502 or a dropped connection: the comment exists all the same', async () => {
      gh.inject('create', { kind: 'serverError', status: 503, stored: true })
      gh.inject('create', { kind: 'dropConnection', stored: true })
      gh.inject('create', { kind: 'dropConnection' })
      await expect(create('a')).rejects.toMatchObject({ status: 503 })
      await expect(create('b')).rejects.toMatchObject({ status: 500, response: undefined })
      await expect(create('c')).rejects.toMatchObject({ status: 500 })
      expect(gh.comments(1).map((c) => c.body)).toEqual(['a', 'b'])
      expect(gh.journal.map((j) => [j.status, j.fault, j.stored])).toEqual([
        [503, 'serverError', true],
        [0, 'dropConnection', true],
        [0, 'dropConnection', undefined]
      ])
    })

    it('secondary rate limit: 403 or 429 with retry-after and GitHub’s message, not carried out', async () => {
      gh.inject('create', { kind: 'secondaryRateLimit' })
      gh.inject('list', { kind: 'secondaryRateLimit', status: 429, retryAfterSeconds: 1 })
      await expect(create('a')).rejects.toMatchObject({
        status: 403,
        response: {
          headers: expect.objectContaining({ 'retry-after': '1', 'x-ratelimit-remaining': '4999' }),
          data: {
            message: expect.stringMatching(
              /^You have exceeded a secondary rate limit and have been temporarily blocked from content creation\. .*request ID STAND-IN:1\.$/
            ),
            documentation_url: expect.stringContaining('#about-secondary-rate-limits')
          }
        }
      })
      const res = await list()
      expect(res.status).toBe(429)
      expect(((await res.json()) as { message: string }).message).toMatch(
        /^You have exceeded a secondary rate limit\. Please wait a few minutes/
      )
      expect(gh.comments(1)).toEqual([])
    })

    it('primary rate limit: x-ratelimit-remaining 0 until x-ratelimit-reset', async () => {
      gh.inject('getAuthenticated', { kind: 'rateLimit', resetInSeconds: 600 })
      const pat = getOctokit(gh.tokens.personal, { baseUrl: gh.url })
      const failed = await pat.rest.users.getAuthenticated().catch((e: unknown) => e)
      const { status, response } = failed as {
        status: number
        response: { headers: Record<string, string>; data: { message: string } }
      }
      expect(status).toBe(403)
      expect(response.data.message).toBe('API rate limit exceeded for user ID 583231.')
      expect(response.headers['x-ratelimit-remaining']).toBe('0')
      const reset = Number(response.headers['x-ratelimit-reset']) - Date.now() / 1000
      expect(reset).toBeGreaterThan(500)
      expect(reset).toBeLessThan(700)
      expect((await pat.rest.users.getAuthenticated()).data.login).toBe('octocat')
    })

    it('takes the faults of one operation in the order injected, on that operation only', async () => {
      gh.inject('update', { kind: 'serverError', status: 500 })
      gh.inject('update', { kind: 'secondaryRateLimit' })
      const octokit = getOctokit(gh.tokens.actions, { baseUrl: gh.url })
      const { data } = await create('a')
      const update = () =>
        octokit.rest.issues.updateComment({ ...at, comment_id: data.id, body: 'b' })
      await expect(update()).rejects.toMatchObject({ status: 500 })
      await expect(update()).rejects.toMatchObject({ status: 403 })
      expect((await update()).data.body).toBe('b')
    })
  })

  it('is reached by getOctokit through GITHUB_API_URL, as in a workflow', async () => {
    const script = `
      import { getOctokit } from '@actions/github'
      const octokit = getOctokit(process.env.TOKEN)
      const { data } = await octokit.rest.issues.createComment({ owner: 'acme', repo: 'lambdas', issue_number: 9, body: 'via env' })
      console.log(data.html_url)`
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], {
      env: { PATH: process.env.PATH ?? '', GITHUB_API_URL: gh.url, TOKEN: gh.tokens.actions }
    })
    expect(stdout.trim()).toMatch(/^https:\/\/github.com\/acme\/lambdas\/pull\/9#issuecomment-\d+$/)
    expect(gh.comments(9).map((c) => c.body)).toEqual(['via env'])
  })
})
