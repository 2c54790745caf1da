/**
 * The GitHub stand-in's artifacts REST routes, through the real Octokit (and `@actions/artifact`
 * where it downloads): the list by name, paged newest first; 401, 404 and an expired
 * artifact's 410; a token whose job lacks `actions: read` (GitHub's 403); faults on the list,
 * page by page. Upload and blob URLs: github-artifacts-upload.test.ts.
 */
import { createHash } from 'node:crypto'
import { join } from 'node:path'
import { RESULTS_FILE, at, daysAgo, useArtifactsStandIn } from './artifacts-harness.js'

const h = useArtifactsStandIn()

describe('artifacts over REST, through the real Octokit', () => {
  it('lists by name, newest first across pages, each with its run’s branch and sha', async () => {
    const run = h.gh.artifacts.registerRun({
      runId: 5001,
      headBranch: 'release',
      headSha: 'c'.repeat(40)
    })
    const days = [3, 1, 5, 2, 4] // seeded out of order: the list sorts by created_at
    for (const day of days) {
      h.gh.artifacts.seed({
        name: 'results-a',
        files: { [RESULTS_FILE]: `{"day":${day}}` },
        createdAt: daysAgo(10 - day),
        ...(day === 4 ? { runId: run.runId } : { headBranch: `branch-${day}` })
      })
    }
    h.gh.artifacts.seed({
      name: 'results-b',
      files: { 'x.txt': 'x' },
      createdAt: daysAgo(1)
    })
    const octokit = h.getOctokit(h.gh.tokens.actions, { baseUrl: h.gh.url })
    const mark = h.gh.journal.length
    const all = await octokit.paginate(octokit.rest.actions.listArtifactsForRepo, {
      ...at,
      name: 'results-a',
      per_page: 2
    })
    expect(all.map((a) => [a.created_at, a.workflow_run?.head_branch])).toEqual([
      [daysAgo(5), 'branch-5'],
      [daysAgo(6), 'release'],
      [daysAgo(7), 'branch-3'],
      [daysAgo(8), 'branch-2'],
      [daysAgo(9), 'branch-1']
    ])
    expect(all[1].workflow_run).toEqual({
      id: 5001,
      repository_id: expect.any(Number),
      head_repository_id: expect.any(Number),
      head_branch: 'release',
      head_sha: 'c'.repeat(40)
    })
    const base = '/repos/acme/lambdas/actions/artifacts?name=results-a&per_page=2'
    expect(h.gh.journal.slice(mark).map((j) => [j.path, j.status])).toEqual([
      [base, 200],
      [`${base}&page=2`, 200],
      [`${base}&page=3`, 200]
    ])

    const first = all[0]
    const url = `${h.gh.url}/repos/acme/lambdas/actions/artifacts/${first.id}`
    expect(first).toEqual({
      id: expect.any(Number),
      node_id: expect.any(String),
      name: 'results-a',
      size_in_bytes: expect.any(Number),
      url,
      archive_download_url: `${url}/zip`,
      expired: false,
      digest: expect.stringMatching(/^sha256:[0-9a-f]{64}$/),
      created_at: daysAgo(5),
      updated_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
      expires_at: daysAgo(5 - 90), // GitHub's default retention: 90 days
      workflow_run: expect.objectContaining({ head_branch: 'branch-5' })
    })
    expect(first.digest).toBe(
      `sha256:${createHash('sha256').update(h.gh.artifacts.zip(first.id)).digest('hex')}`
    )
    expect(h.gh.artifacts.files(first.id)).toEqual({ [RESULTS_FILE]: '{"day":5}' })

    const middle = await octokit.rest.actions.listArtifactsForRepo({
      ...at,
      name: 'results-a',
      per_page: 2,
      page: 2
    })
    expect(middle.data.total_count).toBe(5)
    expect(middle.headers.link).toBe(
      [
        `<${h.gh.url}${base}&page=1>; rel="prev"`,
        `<${h.gh.url}${base}&page=3>; rel="next"`,
        `<${h.gh.url}${base}&page=3>; rel="last"`,
        `<${h.gh.url}${base}&page=1>; rel="first"`
      ].join(', ')
    )
    const everything = await octokit.rest.actions.listArtifactsForRepo({ ...at, per_page: 100 })
    expect(everything.data.total_count).toBe(h.gh.artifacts.list().length)
    expect(everything.data.artifacts[0].name).toBe('results-b')
    const ofRun = await octokit.rest.actions.listWorkflowRunArtifacts({ ...at, run_id: 5001 })
    expect(ofRun.data.artifacts.map((a) => a.created_at)).toEqual([daysAgo(6)])
    const one = await octokit.rest.actions.getArtifact({ ...at, artifact_id: first.id })
    expect(one.data).toEqual(first)
  })

  it('answers 401 without a token, 404 for an unknown artifact', async () => {
    const bare = await fetch(`${h.gh.url}/repos/acme/lambdas/actions/artifacts`)
    expect(bare.status).toBe(401)
    expect(await bare.json()).toMatchObject({ message: 'Requires authentication' })
    const octokit = h.getOctokit(h.gh.tokens.actions, { baseUrl: h.gh.url })
    await expect(octokit.rest.actions.getArtifact({ ...at, artifact_id: 1 })).rejects.toMatchObject(
      { status: 404 }
    )
    await expect(
      octokit.rest.actions.downloadArtifact({ ...at, artifact_id: 1, archive_format: 'zip' })
    ).rejects.toMatchObject({ status: 404 })
  })

  it('answers an expired artifact’s zip with 410, before any blob is fetched', async () => {
    const old = h.gh.artifacts.seed({
      name: 'old',
      files: { 'a.txt': 'a' },
      createdAt: daysAgo(100)
    })
    expect(old.expired).toBe(true)
    const fresh = h.gh.artifacts.seed({ name: 'fresh', files: { 'a.txt': 'a' } })
    expect(fresh.expired).toBe(false)
    const octokit = h.getOctokit(h.gh.tokens.actions, { baseUrl: h.gh.url })
    const download = (id: number) =>
      octokit.rest.actions.downloadArtifact({
        ...at,
        artifact_id: id,
        archive_format: 'zip',
        request: { redirect: 'manual' }
      })
    expect((await download(fresh.id)).status).toBe(302)
    h.gh.artifacts.expire(fresh.id)
    const mark = h.gh.journal.length
    for (const id of [old.id, fresh.id]) {
      await expect(download(id)).rejects.toMatchObject({
        status: 410,
        response: { data: { message: 'Artifact has expired' } }
      })
    }
    const listed = await octokit.rest.actions.listArtifactsForRepo({ ...at, name: 'fresh' })
    expect(listed.data.artifacts[0].expired).toBe(true)
    // @actions/artifact's download stops at the 410 (its blob retries never start).
    const client = new h.DefaultArtifactClient()
    const findBy = {
      token: h.gh.tokens.actions,
      repositoryOwner: 'acme',
      repositoryName: 'lambdas',
      workflowRunId: 1
    }
    const path = join(h.work, 'expired')
    await expect(
      h.inJob(undefined, () => client.downloadArtifact(old.id, { path, findBy }))
    ).rejects.toMatchObject({
      status: 410,
      message: expect.stringContaining('Artifact has expired')
    })
    expect(h.since(mark).filter((line) => line.includes('/blobs/'))).toEqual([])
  })
})

describe('what api.github.com answers beside the artifacts themselves', () => {
  const FORBIDDEN = {
    message: 'Resource not accessible by integration',
    status: '403'
  }
  const DOCS = 'https://docs.github.com/rest/actions/artifacts'

  it('refuses a token without actions: read on every artifacts route with GitHub’s 403; its comments still work', async () => {
    const seeded = h.gh.artifacts.seed({ name: 'guarded', files: { [RESULTS_FILE]: '{}' } })
    const octokit = h.getOctokit(h.gh.tokens.noActions, { baseUrl: h.gh.url })
    const mark = h.gh.journal.length
    const list = octokit.rest.actions.listArtifactsForRepo({ ...at, name: 'guarded' })
    await expect(list).rejects.toMatchObject({
      status: 403,
      response: {
        headers: expect.objectContaining({ 'x-accepted-github-permissions': 'actions=read' })
      }
    })
    const body = await list.catch((e: { response: { data: unknown } }) => e.response.data)
    // Key for key and in GitHub's order, as src/ may quote it.
    expect(JSON.stringify(body)).toBe(
      JSON.stringify({
        message: FORBIDDEN.message,
        documentation_url: `${DOCS}#list-artifacts-for-a-repository`,
        status: '403'
      })
    )
    await expect(
      octokit.rest.actions.downloadArtifact({
        ...at,
        artifact_id: seeded.id,
        archive_format: 'zip',
        request: { redirect: 'manual' }
      })
    ).rejects.toMatchObject({
      status: 403,
      response: { data: { ...FORBIDDEN, documentation_url: `${DOCS}#download-an-artifact` } }
    })
    await expect(
      octokit.rest.actions.listWorkflowRunArtifacts({ ...at, run_id: seeded.workflow_run.id })
    ).rejects.toMatchObject({ status: 403 })
    // @actions/artifact's download with that token stops at the 403: no blob is fetched.
    const findBy = {
      token: h.gh.tokens.noActions,
      repositoryOwner: at.owner,
      repositoryName: at.repo,
      workflowRunId: seeded.workflow_run.id
    }
    const path = join(h.work, 'forbidden')
    await expect(
      h.inJob(undefined, () =>
        new h.DefaultArtifactClient().downloadArtifact(seeded.id, { path, findBy })
      )
    ).rejects.toMatchObject({
      status: 403,
      message: expect.stringContaining('Resource not accessible by integration')
    })
    expect(h.since(mark).filter((line) => !line.includes(' 403'))).toEqual([])

    const created = await octokit.rest.issues.createComment({ ...at, issue_number: 3, body: 'hi' })
    expect(created.data.user?.login).toBe('github-actions[bot]')
    const comments = await octokit.rest.issues.listComments({ ...at, issue_number: 3 })
    expect(comments.data.map((c) => c.body)).toEqual(['hi'])
    // The Actions token of a job that has the permission lists the same artifact.
    const allowed = h.getOctokit(h.gh.tokens.actions, { baseUrl: h.gh.url })
    const listed = await allowed.rest.actions.listArtifactsForRepo({ ...at, name: 'guarded' })
    expect(listed.data.artifacts.map((a) => a.id)).toEqual([seeded.id])
  })

  it('fails one name’s list page by page: `after` lets page 1 through, `count` fails page 2 and its retries', async () => {
    for (let day = 1; day <= 5; day++) {
      h.gh.artifacts.seed({ name: 'flaky-list', files: { 'a.txt': 'a' }, createdAt: daysAgo(day) })
    }
    const octokit = h.getOctokit(h.gh.tokens.actions, { baseUrl: h.gh.url })
    const query = { ...at, name: 'flaky-list', per_page: 2 }
    expect(() => h.gh.inject('listArtifacts', { kind: 'serverError', after: -1 })).toThrow(
      'fault after must be a whole number, got -1'
    )
    const fault = { kind: 'serverError', status: 502, count: 2, after: 1 } as const
    h.gh.inject('listArtifacts', { ...fault, query: { name: 'flaky-list' } })
    const mark = h.gh.journal.length
    const pages: number[] = []
    const read = async (): Promise<void> => {
      for await (const page of octokit.paginate.iterator(
        octokit.rest.actions.listArtifactsForRepo,
        query
      )) {
        pages.push(page.data.length)
      }
    }
    // This Octokit has no retry plugin: the 502 ends the listing after page 1.
    await expect(read()).rejects.toMatchObject({
      status: 502,
      response: { data: { message: 'Server Error' } }
    })
    expect(pages).toEqual([2])
    // Neither another route nor another name's list meets the fault: it waits for this list.
    const run = h.gh.artifacts.list().find((a) => a.name === 'flaky-list')?.workflow_run.id ?? 0
    await octokit.rest.actions.listWorkflowRunArtifacts({ ...at, run_id: run })
    await octokit.rest.actions.listArtifactsForRepo({ ...at, name: 'other' })
    // The same page asked again meets the fault's second answer, then the list answers.
    await expect(
      octokit.rest.actions.listArtifactsForRepo({ ...query, page: 2 })
    ).rejects.toMatchObject({ status: 502 })
    await read()
    expect(pages).toEqual([2, 2, 2, 1])
    const base = '/repos/acme/lambdas/actions/artifacts?name=flaky-list&per_page=2'
    expect(h.gh.journal.slice(mark).map((j) => [j.path, j.status, j.fault])).toEqual([
      [base, 200, undefined],
      [`${base}&page=2`, 502, 'serverError'],
      [`/repos/acme/lambdas/actions/runs/${run}/artifacts`, 200, undefined],
      ['/repos/acme/lambdas/actions/artifacts?name=other', 200, undefined],
      [`${base}&page=2`, 502, 'serverError'],
      [base, 200, undefined],
      [`${base}&page=2`, 200, undefined],
      [`${base}&page=3`, 200, undefined]
    ])
  })
})
