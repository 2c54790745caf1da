/**
 * The GitHub stand-in's artifacts, through the real clients: Octokit for the REST list and
 * download, `@actions/artifact` for upload (results service + blob storage) and download.
 *
 * One stand-in for the whole file: `@actions/artifact`'s download (`findBy`) builds its Octokit
 * from GITHUB_API_URL as @actions/github read it when first loaded, so both are loaded once,
 * after GITHUB_API_URL names this stand-in — never api.github.com. Tests keep apart by
 * artifact names and runs, and read the journal from a mark.
 */
import { createHash, randomUUID } from 'node:crypto'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { strFromU8, unzipSync } from 'fflate'
import type { DefaultArtifactClient as ArtifactClient } from '@actions/artifact'
import type { getOctokit as GetOctokit } from '@actions/github'
import {
  startGitHub,
  type Artifact,
  type ArtifactRun,
  type GitHubStandIn,
  type ResultsRuntime
} from '../github/index.js'
import { REPO_ROOT, runAction } from '../runner.js'

const at = { owner: 'acme', repo: 'lambdas' }
const RESULTS_FILE = 'lambda-benchmark-results.json'
/** Every proxy variable a client could honour: unset while the clients run, so all stays local. */
const PROXIES = ['HTTP_PROXY', 'HTTPS_PROXY', 'ALL_PROXY', 'http_proxy', 'https_proxy', 'all_proxy']

let gh: GitHubStandIn
let getOctokit: typeof GetOctokit
let DefaultArtifactClient: typeof ArtifactClient
let work: string

/** Runs `fn` with `vars` set (undefined: unset), then puts process.env back as it was. */
async function withEnv<T>(
  vars: Record<string, string | undefined>,
  fn: () => Promise<T>
): Promise<T> {
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]))
  const apply = (values: Record<string, string | undefined>): void => {
    for (const [k, v] of Object.entries(values)) {
      if (v === undefined) delete process.env[k]
      else process.env[k] = v
    }
  }
  apply(vars)
  try {
    return await fn()
  } finally {
    apply(saved)
  }
}

/**
 * Runs `fn` as a step of a job with the artifact service: ACTIONS_* from `runtime` (none if
 * undefined), github.com as the server (else @actions/artifact refuses, as on GHES), no proxy.
 * What @actions/core writes to stdout (info, debug, add-mask) is captured, not printed.
 * Refuses to run unless a token-only Octokit (as downloadArtifact makes) reaches the stand-in.
 */
async function inJob<T>(
  runtime: ResultsRuntime | undefined,
  fn: () => Promise<T>
): Promise<{ value: T; log: string }> {
  if (getOctokit('probe').request.endpoint.DEFAULTS.baseUrl !== gh.url) {
    throw new Error('@actions/github was loaded before GITHUB_API_URL named the stand-in')
  }
  let log = ''
  const write = process.stdout.write
  const vars = {
    ACTIONS_RESULTS_URL: runtime?.url,
    ACTIONS_RUNTIME_TOKEN: runtime?.token,
    GITHUB_SERVER_URL: 'https://github.com',
    ...Object.fromEntries(PROXIES.map((k) => [k, undefined]))
  }
  process.stdout.write = ((chunk: string | Uint8Array) => {
    log += String(chunk)
    return true
  }) as typeof process.stdout.write
  try {
    const value = await withEnv(vars, fn)
    return { value, log }
  } finally {
    process.stdout.write = write
  }
}

/** A results file in a fresh directory: its path, directory and content. */
async function resultsFile(content: object): Promise<{ file: string; dir: string; text: string }> {
  const dir = await mkdtemp(join(work, 'upload-'))
  const text = JSON.stringify(content)
  await writeFile(join(dir, RESULTS_FILE), text)
  return { file: join(dir, RESULTS_FILE), dir, text }
}

/** The journal since `mark`: method, path without the query (but `comp`), status. */
function since(mark: number): string[] {
  return gh.journal.slice(mark).map((j) => {
    const [path, query] = j.path.split('?')
    const comp = new URLSearchParams(query).get('comp')
    return `${j.method} ${path}${comp ? `?comp=${comp}` : ''} ${j.status}`
  })
}

const TWIRP = '/twirp/github.actions.results.api.v1.ArtifactService'
const DAY_MS = 86_400_000
/** Whole seconds, so that every `daysAgo(n)` of a test lines up. */
const NOW = Math.floor(Date.now() / 1000) * 1000
/** GitHub's timestamp `n` days before the file started (negative: after). */
const daysAgo = (n: number): string =>
  new Date(NOW - n * DAY_MS).toISOString().replace('.000Z', 'Z')

beforeAll(async () => {
  gh = await startGitHub(at)
  work = await mkdtemp(join(tmpdir(), 'gh-artifacts-'))
  await withEnv({ GITHUB_API_URL: gh.url }, async () => {
    ;({ getOctokit } = await import('@actions/github'))
    ;({ DefaultArtifactClient } = await import('@actions/artifact'))
  })
  // The guard for everything below: a token-only Octokit (as downloadArtifact makes) is local.
  expect(getOctokit('probe').request.endpoint.DEFAULTS.baseUrl).toBe(gh.url)
})
afterAll(async () => {
  await gh.stop()
  await rm(work, { recursive: true, force: true })
})

describe('artifacts over REST, through the real Octokit', () => {
  it('lists by name, newest first across pages, each with its run’s branch and sha', async () => {
    const run = gh.artifacts.registerRun({
      runId: 5001,
      headBranch: 'release',
      headSha: 'c'.repeat(40)
    })
    const days = [3, 1, 5, 2, 4] // seeded out of order: the list sorts by created_at
    for (const day of days) {
      gh.artifacts.seed({
        name: 'results-a',
        files: { [RESULTS_FILE]: `{"day":${day}}` },
        createdAt: daysAgo(10 - day),
        ...(day === 4 ? { runId: run.runId } : { headBranch: `branch-${day}` })
      })
    }
    gh.artifacts.seed({
      name: 'results-b',
      files: { 'x.txt': 'x' },
      createdAt: daysAgo(1)
    })
    const octokit = getOctokit(gh.tokens.actions, { baseUrl: gh.url })
    const mark = gh.journal.length
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
    expect(gh.journal.slice(mark).map((j) => [j.path, j.status])).toEqual([
      [base, 200],
      [`${base}&page=2`, 200],
      [`${base}&page=3`, 200]
    ])

    const first = all[0]
    const url = `${gh.url}/repos/acme/lambdas/actions/artifacts/${first.id}`
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
      `sha256:${createHash('sha256').update(gh.artifacts.zip(first.id)).digest('hex')}`
    )
    expect(gh.artifacts.files(first.id)).toEqual({ [RESULTS_FILE]: '{"day":5}' })

    const middle = await octokit.rest.actions.listArtifactsForRepo({
      ...at,
      name: 'results-a',
      per_page: 2,
      page: 2
    })
    expect(middle.data.total_count).toBe(5)
    expect(middle.headers.link).toBe(
      [
        `<${gh.url}${base}&page=1>; rel="prev"`,
        `<${gh.url}${base}&page=3>; rel="next"`,
        `<${gh.url}${base}&page=3>; rel="last"`,
        `<${gh.url}${base}&page=1>; rel="first"`
      ].join(', ')
    )
    const everything = await octokit.rest.actions.listArtifactsForRepo({ ...at, per_page: 100 })
    expect(everything.data.total_count).toBe(gh.artifacts.list().length)
    expect(everything.data.artifacts[0].name).toBe('results-b')
    const ofRun = await octokit.rest.actions.listWorkflowRunArtifacts({ ...at, run_id: 5001 })
    expect(ofRun.data.artifacts.map((a) => a.created_at)).toEqual([daysAgo(6)])
    const one = await octokit.rest.actions.getArtifact({ ...at, artifact_id: first.id })
    expect(one.data).toEqual(first)
  })

  it('answers 401 without a token, 404 for an unknown artifact', async () => {
    const bare = await fetch(`${gh.url}/repos/acme/lambdas/actions/artifacts`)
    expect(bare.status).toBe(401)
    expect(await bare.json()).toMatchObject({ message: 'Requires authentication' })
    const octokit = getOctokit(gh.tokens.actions, { baseUrl: gh.url })
    await expect(octokit.rest.actions.getArtifact({ ...at, artifact_id: 1 })).rejects.toMatchObject(
      { status: 404 }
    )
    await expect(
      octokit.rest.actions.downloadArtifact({ ...at, artifact_id: 1, archive_format: 'zip' })
    ).rejects.toMatchObject({ status: 404 })
  })

  it('answers an expired artifact’s zip with 410, before any blob is fetched', async () => {
    const old = gh.artifacts.seed({
      name: 'old',
      files: { 'a.txt': 'a' },
      createdAt: daysAgo(100)
    })
    expect(old.expired).toBe(true)
    const fresh = gh.artifacts.seed({ name: 'fresh', files: { 'a.txt': 'a' } })
    expect(fresh.expired).toBe(false)
    const octokit = getOctokit(gh.tokens.actions, { baseUrl: gh.url })
    const download = (id: number) =>
      octokit.rest.actions.downloadArtifact({
        ...at,
        artifact_id: id,
        archive_format: 'zip',
        request: { redirect: 'manual' }
      })
    expect((await download(fresh.id)).status).toBe(302)
    gh.artifacts.expire(fresh.id)
    const mark = gh.journal.length
    for (const id of [old.id, fresh.id]) {
      await expect(download(id)).rejects.toMatchObject({
        status: 410,
        response: { data: { message: 'Artifact has expired' } }
      })
    }
    const listed = await octokit.rest.actions.listArtifactsForRepo({ ...at, name: 'fresh' })
    expect(listed.data.artifacts[0].expired).toBe(true)
    // @actions/artifact's download stops at the 410 (its blob retries never start).
    const client = new DefaultArtifactClient()
    const findBy = {
      token: gh.tokens.actions,
      repositoryOwner: 'acme',
      repositoryName: 'lambdas',
      workflowRunId: 1
    }
    const path = join(work, 'expired')
    await expect(
      inJob(undefined, () => client.downloadArtifact(old.id, { path, findBy }))
    ).rejects.toMatchObject({
      status: 410,
      message: expect.stringContaining('Artifact has expired')
    })
    expect(since(mark).filter((line) => line.includes('/blobs/'))).toEqual([])
  })
})

describe('blob URLs', () => {
  it('the 302’s Location works without the token; a bad, stale or read-only signature gets 403', async () => {
    const seeded: Artifact = gh.artifacts.seed({ name: 'blob', files: { 'a.txt': 'hello' } })
    const redirect = await fetch(
      `${gh.url}/repos/acme/lambdas/actions/artifacts/${seeded.id}/zip`,
      {
        headers: { authorization: `token ${gh.tokens.actions}` },
        redirect: 'manual'
      }
    )
    expect(redirect.status).toBe(302)
    const location = redirect.headers.get('location') ?? ''
    expect(location.startsWith(`${gh.url}/blobs/`)).toBe(true)
    const blob = await fetch(location)
    expect(blob.status).toBe(200)
    expect(blob.headers.get('content-type')).toBe('application/zip')
    const bytes = new Uint8Array(await blob.arrayBuffer())
    expect(`sha256:${createHash('sha256').update(bytes).digest('hex')}`).toBe(seeded.digest)
    expect(strFromU8(unzipSync(bytes)['a.txt'])).toBe('hello')

    const refused = async (
      url: string,
      init?: RequestInit
    ): Promise<{ code: string | null; text: string }> => {
      const res = await fetch(url, init)
      expect(res.status).toBe(403)
      return { code: res.headers.get('x-ms-error-code'), text: await res.text() }
    }
    const tamper = (key: string, value: string | null): string => {
      const url = new URL(location)
      if (value === null) url.searchParams.delete(key)
      else url.searchParams.set(key, value)
      return url.toString()
    }
    const sig = new URL(location).searchParams.get('sig') ?? ''
    const badSig = await refused(tamper('sig', (sig[0] === 'A' ? 'B' : 'A') + sig.slice(1)))
    expect(badSig.code).toBe('AuthenticationFailed')
    expect(badSig.text).toContain('Signature did not match')
    const later = await refused(tamper('se', '2999-01-01T00:00:00Z')) // the signature covers se
    expect(later.text).toContain('Signature did not match')
    expect((await refused(tamper('sig', null))).text).toContain('Signature fields not well formed')
    const stale = await refused(gh.artifacts.blobUrl(seeded.id, { expiresInSeconds: -1 }))
    expect(stale.code).toBe('AuthenticationFailed')
    expect(stale.text).toContain('Signed expiry time')
    const write = await refused(location, {
      method: 'PUT',
      body: 'x',
      headers: { 'x-ms-blob-type': 'BlockBlob' }
    })
    expect(write.code).toBe('AuthorizationPermissionMismatch')
    expect(gh.artifacts.files(seeded.id)).toEqual({ 'a.txt': 'hello' })
    expect((await fetch(gh.artifacts.blobUrl(seeded.id))).status).toBe(200)
  })
})

describe('upload through the results service, with the real @actions/artifact', () => {
  it('uploads; the REST list shows it on the run’s branch; downloadArtifact gets it back', async () => {
    const run = gh.artifacts.registerRun({
      runId: 7001,
      headBranch: 'feature/speed',
      headSha: 'b'.repeat(40)
    })
    const { file, dir, text } = await resultsFile({ schemaVersion: 1, functions: [] })
    const client = new DefaultArtifactClient()
    const mark = gh.journal.length
    const { value: uploaded, log } = await inJob(gh.artifacts.runtime(run.backendId), () =>
      client.uploadArtifact('lambda-benchmark-results', [file], dir)
    )
    expect(uploaded).toEqual({
      id: expect.any(Number),
      size: expect.any(Number),
      digest: expect.stringMatching(/^[0-9a-f]{64}$/)
    })
    const id = uploaded.id ?? NaN
    expect(log).toContain(
      `Artifact lambda-benchmark-results successfully finalized. Artifact ID ${id}`
    )
    expect(since(mark)).toEqual([
      `POST ${TWIRP}/CreateArtifact 200`,
      `PUT /blobs/actions-results/${id}.zip?comp=block 201`,
      `PUT /blobs/actions-results/${id}.zip?comp=blocklist 201`,
      `POST ${TWIRP}/FinalizeArtifact 200`
    ])

    const octokit = getOctokit(gh.tokens.actions, { baseUrl: gh.url })
    const { data } = await octokit.rest.actions.listArtifactsForRepo({
      ...at,
      name: 'lambda-benchmark-results'
    })
    expect(data.artifacts).toEqual([
      expect.objectContaining({
        id,
        size_in_bytes: uploaded.size,
        digest: `sha256:${uploaded.digest}`,
        expired: false,
        workflow_run: expect.objectContaining({
          id: 7001,
          head_branch: 'feature/speed',
          head_sha: 'b'.repeat(40)
        })
      })
    ])
    expect(gh.artifacts.files(id)).toEqual({ [RESULTS_FILE]: text })

    const path = join(work, 'download')
    const findBy = {
      token: gh.tokens.actions,
      repositoryOwner: 'acme',
      repositoryName: 'lambdas',
      workflowRunId: 7001
    }
    const downloadMark = gh.journal.length
    const { value: downloaded } = await inJob(gh.artifacts.runtime(run.backendId), () =>
      client.downloadArtifact(id, {
        path,
        expectedHash: data.artifacts[0].digest ?? undefined,
        findBy
      })
    )
    expect(downloaded).toEqual({ downloadPath: path, digestMismatch: false })
    expect(await readFile(join(path, RESULTS_FILE), 'utf8')).toBe(text)
    expect(since(downloadMark)).toEqual([
      `GET /repos/acme/lambdas/actions/artifacts/${id}/zip 302`,
      `GET /blobs/actions-results/${id}.zip 200`
    ])
  })

  it('refuses a second artifact of one name in a run, from any job, with the service’s 409 (not retried)', async () => {
    const run = gh.artifacts.registerRun({ runId: 7002, headBranch: 'main' })
    const other = gh.artifacts.registerRun({ runId: 7003, headBranch: 'main' })
    const { file, dir } = await resultsFile({ n: 1 })
    const upload = (runtime: ResultsRuntime) =>
      inJob(runtime, () => new DefaultArtifactClient().uploadArtifact('dup', [file], dir))
    await upload(gh.artifacts.runtime(run.backendId))
    for (const job of [run.jobBackendId, randomUUID()]) {
      const mark = gh.journal.length
      await expect(upload(gh.artifacts.runtime(run.backendId, job))).rejects.toThrow(
        new Error(
          'Failed to CreateArtifact: Received non-retryable error: Failed request: (409) Conflict: an artifact with this name already exists on the workflow run'
        )
      )
      expect(since(mark)).toEqual([`POST ${TWIRP}/CreateArtifact 409`])
    }
    await upload(gh.artifacts.runtime(other.backendId)) // names are unique per run only
    expect(
      gh.artifacts
        .list()
        .filter((a) => a.name === 'dup')
        .map((a) => a.workflow_run.id)
        .sort()
    ).toEqual([7002, 7003])
  })

  it('refuses a missing, forged or foreign runtime token, and a run it does not know', async () => {
    const run = gh.artifacts.registerRun({ runId: 7004, headBranch: 'main' })
    const create = async (token: string | undefined, ids: ArtifactRun = run) => {
      const res = await fetch(`${gh.url}${TWIRP}/CreateArtifact`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(token ? { authorization: `Bearer ${token}` } : {})
        },
        body: JSON.stringify({
          workflow_run_backend_id: ids.backendId,
          workflow_job_run_backend_id: ids.jobBackendId,
          name: 'x',
          version: 7
        })
      })
      return [res.status, ((await res.json()) as { code: string }).code]
    }
    const { token } = gh.artifacts.runtime(run.backendId)
    expect(await create(undefined)).toEqual([401, 'unauthenticated'])
    const [header, payload] = token.split('.')
    expect(await create(`${header}.${payload}.forged`)).toEqual([401, 'unauthenticated'])
    const stranger = { ...run, backendId: randomUUID() }
    expect(await create(token, stranger)).toEqual([403, 'permission_denied'])
    expect(
      await create(gh.artifacts.runtime(stranger.backendId, run.jobBackendId).token, stranger)
    ).toEqual([404, 'not_found'])
    expect(await create(token)).toEqual([200, undefined])
  })
})

describe('runAction’s artifacts option', () => {
  it('gives the job ACTIONS_RESULTS_URL and ACTIONS_RUNTIME_TOKEN only when asked', async () => {
    // Under build/ (git-ignored), so that the probe resolves @actions/artifact from the repo.
    await mkdir(join(REPO_ROOT, 'build'), { recursive: true })
    const dir = await mkdtemp(join(REPO_ROOT, 'build', 'artifacts-probe-'))
    const probe = { main: join(dir, 'main.mjs'), post: join(dir, 'post.mjs') }
    await writeFile(
      probe.main,
      `import { writeFileSync } from 'node:fs'
      if (!process.env.ACTIONS_RESULTS_URL && !process.env.ACTIONS_RUNTIME_TOKEN) {
        console.log('no artifact service')
      } else {
        const { DefaultArtifactClient } = await import('@actions/artifact')
        writeFileSync('r.json', '{"probe":true}')
        const { id } = await new DefaultArtifactClient().uploadArtifact('probe-results', ['r.json'], '.')
        console.log('uploaded ' + id)
      }`
    )
    await writeFile(probe.post, '')
    try {
      const bare = await runAction({ inputs: {}, entry: probe, post: false })
      expect(bare.stdout).toContain('no artifact service')
      // The runner's own run: GITHUB_RUN_ID and GITHUB_SHA as runAction sets them.
      const run = gh.artifacts.registerRun({
        runId: 1658821493,
        headBranch: 'main',
        headSha: 'a'.repeat(40)
      })
      const served = await runAction({
        inputs: {},
        entry: probe,
        post: false,
        artifacts: gh.artifacts.runtime(run.backendId)
      })
      expect(served.exitCode).toBe(0)
      const id = Number(/uploaded (\d+)/.exec(served.stdout)?.[1])
      const listed = gh.artifacts.list().find((a) => a.id === id)
      expect(listed).toMatchObject({
        name: 'probe-results',
        workflow_run: { id: 1658821493, head_sha: 'a'.repeat(40) }
      })
      expect(gh.artifacts.files(id)).toEqual({ 'r.json': '{"probe":true}' })
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})
