/**
 * The runner's results service (`ACTIONS_RESULTS_URL`) as `@actions/artifact` speaks it: Twirp
 * over JSON, `POST /twirp/github.actions.results.api.v1.ArtifactService/<Method>`, authorised
 * by the job's runtime token (`ACTIONS_RUNTIME_TOKEN`, a JWT whose `scp` claim holds
 * `Actions.Results:<runBackendId>:<jobBackendId>`). Upload is CreateArtifact (a signed upload
 * URL), the blob upload, then FinalizeArtifact (the artifact id); ListArtifacts and
 * GetSignedArtifactURL serve downloads within the run.
 *
 * Answers are Twirp's: proto field names (`signed_upload_url`, int64 as strings), and errors
 * as `{ code, msg }` with Twirp's HTTP status per code. A name is unique within a run: the
 * second CreateArtifact gets the real service's 409 "an artifact with this name already exists
 * on the workflow run", which @actions/artifact does not retry.
 */
import { createHmac, timingSafeEqual } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import type { ArtifactStore } from './artifacts-store.js'
import { readBody, type RawAnswer } from './http.js'
import type { ArtifactRun, ResultsRuntime } from './types.js'

const SERVICE = '/twirp/github.actions.results.api.v1.ArtifactService/'
/** How long a signed upload URL stays valid. */
const UPLOAD_URL_SECONDS = 3600
/** How long GetSignedArtifactURL's download URL stays valid. */
const DOWNLOAD_URL_SECONDS = 60

/** Twirp's error codes used here, with the HTTP status Twirp gives each. */
const STATUS = {
  malformed: 400,
  invalid_argument: 400,
  unauthenticated: 401,
  permission_denied: 403,
  not_found: 404,
  bad_route: 404,
  already_exists: 409,
  failed_precondition: 412
} as const

type TwirpCode = keyof typeof STATUS

/** Thrown inside a method; answered as Twirp's error. */
class TwirpError extends Error {
  constructor(
    readonly code: TwirpCode,
    message: string
  ) {
    super(message)
  }
}

function json(status: number, body: object): RawAnswer {
  return { status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }
}

const base64url = (value: object): string =>
  Buffer.from(JSON.stringify(value)).toString('base64url')

/**
 * A runtime token for the job: an HS256 JWT signed with the stand-in's secret (so it can tell
 * its own tokens from forged ones), with the claims jwt-decode and @actions/artifact read.
 */
function runtimeToken(secret: Buffer, runBackendId: string, jobBackendId: string): string {
  const now = Math.floor(Date.now() / 1000)
  const header = base64url({ typ: 'JWT', alg: 'HS256' })
  const payload = base64url({
    scp: `Actions.ExampleScope Actions.Results:${runBackendId}:${jobBackendId}`,
    iss: 'vstoken.actions.githubusercontent.com',
    aud: 'vso:stand-in',
    nbf: now - 60,
    iat: now - 60,
    exp: now + 6 * 3600
  })
  const signature = createHmac('sha256', secret).update(`${header}.${payload}`).digest('base64url')
  return `${header}.${payload}.${signature}`
}

/** The run and job ids a valid, unexpired token of ours grants; throws Twirp's 401 otherwise. */
function grant(secret: Buffer, authorization: string | undefined): { run: string; job: string } {
  const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1]
  const [header, payload, signature] = token?.split('.') ?? []
  if (!header || !payload || !signature) {
    throw new TwirpError('unauthenticated', 'missing or malformed runtime token')
  }
  const expected = createHmac('sha256', secret).update(`${header}.${payload}`).digest()
  const given = Buffer.from(signature, 'base64url')
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
    throw new TwirpError('unauthenticated', 'invalid runtime token signature')
  }
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as {
    scp?: string
    exp?: number
  }
  if (!claims.exp || claims.exp * 1000 <= Date.now()) {
    throw new TwirpError('unauthenticated', 'runtime token expired')
  }
  const scope = (claims.scp ?? '').split(' ').find((s) => s.startsWith('Actions.Results:'))
  const [, run, job] = scope?.split(':') ?? []
  if (!run || !job) throw new TwirpError('permission_denied', 'token has no Actions.Results scope')
  return { run, job }
}

/** The Twirp results service over an ArtifactStore. */
export class ResultsService {
  constructor(
    private readonly store: ArtifactStore,
    private readonly secret: Buffer,
    /** `ACTIONS_RESULTS_URL`: the stand-in's own address. */
    readonly url: string
  ) {}

  /** `ACTIONS_RESULTS_URL` and `ACTIONS_RUNTIME_TOKEN` for a job of the run. */
  runtime(runBackendId: string, jobBackendId: string): ResultsRuntime {
    return { url: this.url, token: runtimeToken(this.secret, runBackendId, jobBackendId) }
  }

  /** Answers a request under `/twirp/`. */
  async handle(req: IncomingMessage, path: string): Promise<RawAnswer> {
    const raw = await readBody(req)
    try {
      const method = path.startsWith(SERVICE) ? path.slice(SERVICE.length) : ''
      const contentType = (req.headers['content-type'] ?? '').split(';')[0].trim()
      if (req.method !== 'POST' || contentType !== 'application/json') {
        throw new TwirpError(
          'bad_route',
          `unsupported request ${req.method} ${path} (${contentType})`
        )
      }
      const ids = grant(this.secret, req.headers.authorization)
      let body: Record<string, unknown>
      try {
        body = JSON.parse(raw) as Record<string, unknown>
      } catch {
        throw new TwirpError('malformed', 'the request body is not valid JSON')
      }
      return json(200, this.call(method, body, ids))
    } catch (e) {
      if (!(e instanceof TwirpError)) throw e
      return json(STATUS[e.code], { code: e.code, msg: e.message })
    }
  }

  /** The run the request names, which the token must grant and the stand-in must know. */
  private runOf(body: Record<string, unknown>, ids: { run: string; job: string }): ArtifactRun {
    const run = body.workflow_run_backend_id
    const job = body.workflow_job_run_backend_id
    if (run !== ids.run || job !== ids.job) {
      throw new TwirpError('permission_denied', 'the token does not grant this workflow job run')
    }
    const known = this.store.run(ids.run)
    if (!known) throw new TwirpError('not_found', 'workflow run not found')
    return known
  }

  private call(
    method: string,
    body: Record<string, unknown>,
    ids: { run: string; job: string }
  ): object {
    const run = this.runOf(body, ids)
    const name = typeof body.name === 'string' ? body.name : ''
    switch (method) {
      case 'CreateArtifact': {
        if (!name) throw new TwirpError('invalid_argument', 'name is required')
        const expires = typeof body.expires_at === 'string' ? new Date(body.expires_at) : undefined
        const upload = this.store.create(run, name, expires)
        if (!upload) {
          throw new TwirpError(
            'already_exists',
            'an artifact with this name already exists on the workflow run'
          )
        }
        const signed_upload_url = this.store.blobs.sign(upload.blob, 'cw', UPLOAD_URL_SECONDS)
        return { ok: true, signed_upload_url }
      }
      case 'FinalizeArtifact': {
        const hash = typeof body.hash === 'string' ? body.hash : undefined
        const done = this.store.finalize(run, name, hash)
        if (done === 'no-upload') throw new TwirpError('not_found', 'artifact not found')
        if (done === 'no-blob') {
          throw new TwirpError('failed_precondition', 'artifact content was not uploaded')
        }
        return { ok: true, artifact_id: String(done.id) }
      }
      case 'ListArtifacts': {
        const nameFilter = typeof body.name_filter === 'string' ? body.name_filter : undefined
        const idFilter = body.id_filter === undefined ? undefined : Number(body.id_filter)
        const artifacts = this.store
          .list({ runId: run.runId, name: nameFilter })
          .filter((a) => idFilter === undefined || a.id === idFilter)
          .map((a) => ({
            workflow_run_backend_id: run.backendId,
            workflow_job_run_backend_id: run.jobBackendId,
            database_id: String(a.id),
            name: a.name,
            size: String(a.size_in_bytes),
            created_at: a.created_at,
            digest: a.digest
          }))
        return { artifacts }
      }
      case 'GetSignedArtifactURL': {
        const found = this.store.list({ runId: run.runId, name })[0]
        if (!found) throw new TwirpError('not_found', 'artifact not found')
        return { signed_url: this.store.blobs.sign(`${found.id}.zip`, 'r', DOWNLOAD_URL_SECONDS) }
      }
      default:
        throw new TwirpError('bad_route', `no handler for path ${SERVICE}${method}`)
    }
  }
}
