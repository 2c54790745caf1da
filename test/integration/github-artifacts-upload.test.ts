/**
 * The GitHub stand-in's upload side, through the real `@actions/artifact`: signed blob URLs
 * (the `/zip` redirect's, and their refusals); the runner's results service (create, blob
 * upload, finalize; a name once per run; runtime tokens); and runAction's `artifacts` option.
 * The REST routes: github-artifacts-rest.test.ts.
 */
import { createHash, randomUUID } from 'node:crypto'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { strFromU8, unzipSync } from 'fflate'
import type { Artifact, ArtifactRun, ResultsRuntime } from '../github/index.js'
import { REPO_ROOT, runAction } from '../runner.js'
import { RESULTS_FILE, TWIRP, at, useArtifactsStandIn } from './artifacts-harness.js'

const h = useArtifactsStandIn()

describe('blob URLs', () => {
  it('the 302’s Location works without the token; a bad, stale or read-only signature gets 403', async () => {
    const seeded: Artifact = h.gh.artifacts.seed({ name: 'blob', files: { 'a.txt': 'hello' } })
    const redirect = await fetch(
      `${h.gh.url}/repos/acme/lambdas/actions/artifacts/${seeded.id}/zip`,
      {
        headers: { authorization: `token ${h.gh.tokens.actions}` },
        redirect: 'manual'
      }
    )
    expect(redirect.status).toBe(302)
    const location = redirect.headers.get('location') ?? ''
    expect(location.startsWith(`${h.gh.url}/blobs/`)).toBe(true)
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
    const stale = await refused(h.gh.artifacts.blobUrl(seeded.id, { expiresInSeconds: -1 }))
    expect(stale.code).toBe('AuthenticationFailed')
    expect(stale.text).toContain('Signed expiry time')
    const write = await refused(location, {
      method: 'PUT',
      body: 'x',
      headers: { 'x-ms-blob-type': 'BlockBlob' }
    })
    expect(write.code).toBe('AuthorizationPermissionMismatch')
    expect(h.gh.artifacts.files(seeded.id)).toEqual({ 'a.txt': 'hello' })
    expect((await fetch(h.gh.artifacts.blobUrl(seeded.id))).status).toBe(200)
  })
})

describe('upload through the results service, with the real @actions/artifact', () => {
  it('uploads; the REST list shows it on the run’s branch; downloadArtifact gets it back', async () => {
    const run = h.gh.artifacts.registerRun({
      runId: 7001,
      headBranch: 'feature/speed',
      headSha: 'b'.repeat(40)
    })
    const { file, dir, text } = await h.resultsFile({ schemaVersion: 1, functions: [] })
    const client = new h.DefaultArtifactClient()
    const mark = h.gh.journal.length
    const { value: uploaded, log } = await h.inJob(h.gh.artifacts.runtime(run.backendId), () =>
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
    expect(h.since(mark)).toEqual([
      `POST ${TWIRP}/CreateArtifact 200`,
      `PUT /blobs/actions-results/${id}.zip?comp=block 201`,
      `PUT /blobs/actions-results/${id}.zip?comp=blocklist 201`,
      `POST ${TWIRP}/FinalizeArtifact 200`
    ])

    const octokit = h.getOctokit(h.gh.tokens.actions, { baseUrl: h.gh.url })
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
    expect(h.gh.artifacts.files(id)).toEqual({ [RESULTS_FILE]: text })

    const path = join(h.work, 'download')
    const findBy = {
      token: h.gh.tokens.actions,
      repositoryOwner: 'acme',
      repositoryName: 'lambdas',
      workflowRunId: 7001
    }
    const downloadMark = h.gh.journal.length
    const { value: downloaded } = await h.inJob(h.gh.artifacts.runtime(run.backendId), () =>
      client.downloadArtifact(id, {
        path,
        expectedHash: data.artifacts[0].digest ?? undefined,
        findBy
      })
    )
    expect(downloaded).toEqual({ downloadPath: path, digestMismatch: false })
    expect(await readFile(join(path, RESULTS_FILE), 'utf8')).toBe(text)
    expect(h.since(downloadMark)).toEqual([
      `GET /repos/acme/lambdas/actions/artifacts/${id}/zip 302`,
      `GET /blobs/actions-results/${id}.zip 200`
    ])
  })

  it('refuses a second artifact of one name in a run, from any job, with the service’s 409 (not retried)', async () => {
    const run = h.gh.artifacts.registerRun({ runId: 7002, headBranch: 'main' })
    const other = h.gh.artifacts.registerRun({ runId: 7003, headBranch: 'main' })
    const { file, dir } = await h.resultsFile({ n: 1 })
    const upload = (runtime: ResultsRuntime) =>
      h.inJob(runtime, () => new h.DefaultArtifactClient().uploadArtifact('dup', [file], dir))
    await upload(h.gh.artifacts.runtime(run.backendId))
    for (const job of [run.jobBackendId, randomUUID()]) {
      const mark = h.gh.journal.length
      await expect(upload(h.gh.artifacts.runtime(run.backendId, job))).rejects.toThrow(
        new Error(
          'Failed to CreateArtifact: Received non-retryable error: Failed request: (409) Conflict: an artifact with this name already exists on the workflow run'
        )
      )
      expect(h.since(mark)).toEqual([`POST ${TWIRP}/CreateArtifact 409`])
    }
    await upload(h.gh.artifacts.runtime(other.backendId)) // names are unique per run only
    expect(
      h.gh.artifacts
        .list()
        .filter((a) => a.name === 'dup')
        .map((a) => a.workflow_run.id)
        .sort()
    ).toEqual([7002, 7003])
  })

  it('refuses a missing, forged or foreign runtime token, and a run it does not know', async () => {
    const run = h.gh.artifacts.registerRun({ runId: 7004, headBranch: 'main' })
    const create = async (token: string | undefined, ids: ArtifactRun = run) => {
      const res = await fetch(`${h.gh.url}${TWIRP}/CreateArtifact`, {
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
    const { token } = h.gh.artifacts.runtime(run.backendId)
    expect(await create(undefined)).toEqual([401, 'unauthenticated'])
    const [header, payload] = token.split('.')
    expect(await create(`${header}.${payload}.forged`)).toEqual([401, 'unauthenticated'])
    const stranger = { ...run, backendId: randomUUID() }
    expect(await create(token, stranger)).toEqual([403, 'permission_denied'])
    expect(
      await create(h.gh.artifacts.runtime(stranger.backendId, run.jobBackendId).token, stranger)
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
      const run = h.gh.artifacts.registerRun({
        runId: 1658821493,
        headBranch: 'main',
        headSha: 'a'.repeat(40)
      })
      const served = await runAction({
        inputs: {},
        entry: probe,
        post: false,
        artifacts: h.gh.artifacts.runtime(run.backendId)
      })
      expect(served.exitCode).toBe(0)
      const id = Number(/uploaded (\d+)/.exec(served.stdout)?.[1])
      const listed = h.gh.artifacts.list().find((a) => a.id === id)
      expect(listed).toMatchObject({
        name: 'probe-results',
        workflow_run: { id: 1658821493, head_sha: 'a'.repeat(40) }
      })
      expect(h.gh.artifacts.files(id)).toEqual({ 'r.json': '{"probe":true}' })
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})
