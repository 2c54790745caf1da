/**
 * The stand-in's artifacts: workflow runs the results service knows, uploads in progress
 * (created, not yet finalized), and finalized artifacts in the REST shape, each with its zip in
 * blob storage. Ids and ordering are GitHub's: ids increase, lists are newest first.
 */
import { createHash, randomUUID } from 'node:crypto'
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate'
import type { BlobStorage } from './blob.js'
import { timestamp } from './http.js'
import type { Artifact, ArtifactRun, SeedArtifact } from './types.js'

/** GitHub's default artifact retention. */
const RETENTION_DAYS = 90
const DAY_MS = 86_400_000
/** The stand-in repository's id (it is its own head repository: no forks). */
const REPOSITORY_ID = 1296269

/** An upload between CreateArtifact and FinalizeArtifact: the name is taken in its run. */
export interface PendingUpload {
  id: number
  name: string
  run: ArtifactRun
  createdAt: Date
  expiresAt: Date
  /** The blob the signed upload URL points at. */
  blob: string
}

function sha(hex?: string): string {
  return hex ?? randomUUID().replace(/-/g, '').padEnd(40, '0').slice(0, 40)
}

function toDate(value: string | Date | undefined, fallback: Date): Date {
  return value === undefined ? fallback : new Date(value)
}

/** Runs, uploads and artifacts of one repository. */
export class ArtifactStore {
  private readonly runs = new Map<string, ArtifactRun>()
  private readonly artifacts = new Map<number, Artifact>()
  /** Uploads not yet finalized, by `<run backend id>/<name>`. */
  private readonly pending = new Map<string, PendingUpload>()
  private nextId = 2_500_000_001
  private nextRunId = 12_000_000_001

  constructor(
    private readonly apiUrl: string,
    private readonly owner: string,
    private readonly repo: string,
    readonly blobs: BlobStorage
  ) {}

  registerRun(run: Pick<ArtifactRun, 'runId' | 'headBranch'> & Partial<ArtifactRun>): ArtifactRun {
    const full: ArtifactRun = {
      backendId: run.backendId ?? randomUUID(),
      jobBackendId: run.jobBackendId ?? randomUUID(),
      runId: run.runId,
      headBranch: run.headBranch,
      headSha: sha(run.headSha)
    }
    this.runs.set(full.backendId, full)
    return { ...full }
  }

  run(backendId: string): ArtifactRun | undefined {
    return this.runs.get(backendId)
  }

  private runById(runId: number): ArtifactRun | undefined {
    return [...this.runs.values()].find((r) => r.runId === runId)
  }

  /** The REST shape of a finished artifact; its zip is stored as blob `<id>.zip`. */
  private finish(
    id: number,
    name: string,
    run: Pick<ArtifactRun, 'runId' | 'headBranch' | 'headSha'>,
    zip: Uint8Array,
    dates: { createdAt: Date; expiresAt: Date; expired: boolean; digest?: string }
  ): Artifact {
    const repoPath = `${this.owner}/${this.repo}`
    const url = `${this.apiUrl}/repos/${repoPath}/actions/artifacts/${id}`
    const artifact: Artifact = {
      id,
      node_id: Buffer.from(`08:Artifact${id}`).toString('base64'),
      name,
      size_in_bytes: zip.length,
      url,
      archive_download_url: `${url}/zip`,
      expired: dates.expired,
      digest: dates.digest ?? `sha256:${createHash('sha256').update(zip).digest('hex')}`,
      created_at: timestamp(dates.createdAt),
      updated_at: timestamp(),
      expires_at: timestamp(dates.expiresAt),
      workflow_run: {
        id: run.runId,
        repository_id: REPOSITORY_ID,
        head_repository_id: REPOSITORY_ID,
        head_branch: run.headBranch,
        head_sha: run.headSha
      }
    }
    this.artifacts.set(id, artifact)
    return artifact
  }

  seed(options: SeedArtifact): Artifact {
    const files = Object.fromEntries(
      Object.entries(options.files).map(([path, content]) => [
        path,
        typeof content === 'string' ? strToU8(content) : content
      ])
    )
    const zip = zipSync(files)
    const id = this.nextId++
    this.blobs.put(`${id}.zip`, zip)
    const known = options.runId === undefined ? undefined : this.runById(options.runId)
    const run = {
      runId: options.runId ?? this.nextRunId++,
      headBranch: options.headBranch ?? known?.headBranch ?? 'main',
      headSha: options.headSha ?? known?.headSha ?? sha()
    }
    const createdAt = toDate(options.createdAt, new Date())
    const expiresAt = toDate(
      options.expiresAt,
      new Date(createdAt.getTime() + RETENTION_DAYS * DAY_MS)
    )
    const expired = options.expired ?? expiresAt.getTime() <= Date.now()
    return structuredClone(
      this.finish(id, options.name, run, zip, { createdAt, expiresAt, expired })
    )
  }

  /** Reserves `name` in the run (CreateArtifact); `undefined` when the run already has it. */
  create(run: ArtifactRun, name: string, expiresAt?: Date): PendingUpload | undefined {
    const taken = [...this.artifacts.values()].some(
      (a) => a.name === name && a.workflow_run.id === run.runId
    )
    const key = `${run.backendId}/${name}`
    if (taken || this.pending.has(key)) return undefined
    const id = this.nextId++
    const createdAt = new Date()
    const upload: PendingUpload = {
      id,
      name,
      run,
      createdAt,
      expiresAt: expiresAt ?? new Date(createdAt.getTime() + RETENTION_DAYS * DAY_MS),
      blob: `${id}.zip`
    }
    this.pending.set(key, upload)
    return upload
  }

  /**
   * Finalizes the run's upload of `name` (FinalizeArtifact) with the client's `sha256:` digest:
   * the artifact, or why not — no such upload, or its blob was never committed.
   */
  finalize(run: ArtifactRun, name: string, digest?: string): Artifact | 'no-upload' | 'no-blob' {
    const key = `${run.backendId}/${name}`
    const upload = this.pending.get(key)
    if (!upload) return 'no-upload'
    const zip = this.blobs.bytes(upload.blob)
    if (!zip) return 'no-blob'
    this.pending.delete(key)
    const dates = { createdAt: upload.createdAt, expiresAt: upload.expiresAt, expired: false }
    return this.finish(upload.id, name, run, zip, { ...dates, digest })
  }

  /** Finalized artifacts, newest first (created_at, then id), optionally of one name or run. */
  list(filter: { name?: string; runId?: number } = {}): Artifact[] {
    return [...this.artifacts.values()]
      .filter((a) => filter.name === undefined || a.name === filter.name)
      .filter((a) => filter.runId === undefined || a.workflow_run.id === filter.runId)
      .sort((a, b) => b.created_at.localeCompare(a.created_at) || b.id - a.id)
  }

  get(id: number): Artifact | undefined {
    return this.artifacts.get(id)
  }

  /** The artifact's zip; throws for an unknown id (a test's mistake). */
  zip(id: number): Uint8Array {
    const zip = this.artifacts.has(id) ? this.blobs.bytes(`${id}.zip`) : undefined
    if (!zip) throw new Error(`no artifact ${id} in the stand-in`)
    return new Uint8Array(zip)
  }

  files(id: number): Record<string, string> {
    const entries = Object.entries(unzipSync(this.zip(id)))
    // Directory entries (names ending in /) carry no content.
    return Object.fromEntries(
      entries
        .filter(([path]) => !path.endsWith('/'))
        .map(([path, bytes]) => [path, strFromU8(bytes)])
    )
  }

  expire(id: number): void {
    const artifact = this.artifacts.get(id)
    if (!artifact) throw new Error(`no artifact ${id} in the stand-in`)
    artifact.expired = true
    artifact.expires_at = timestamp()
  }
}
