/** One results artifact downloaded (with `@actions/artifact`) and its results file read back. */
import { mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { errorMessage } from '../core/errors.js'
import { answerOf, isHttpError } from '../github/github-error.js'
import type { Results } from '../model/results.js'
import { readResults, ResultsFileError } from '../results/file.js'
import type { ListedArtifact } from './list.js'
import { artifactClient } from './client.js'

/** Where and with what an artifact is fetched. */
export interface DownloadTarget {
  owner: string
  repo: string
  /** `github-token`: needs `actions: read`. */
  token: string
  /** The results file's base name inside the artifact. */
  fileName: string
}

/**
 * Far above any results file (10 functions × 12 sizes × 10,000 samples zip to a few MB): a
 * larger artifact of that name is something else, not worth the download.
 */
const MAX_ZIP_BYTES = 256 * 1024 * 1024

/** The artifact's results, or why it holds none that can be used (one clause, no path). */
export type Downloaded = { results: Results } | { problem: string }

/**
 * Downloads into a fresh temporary directory (removed after), then reads the results file under
 * its base name — or, when the base branch's workflow named it differently, the artifact's only
 * JSON file. Never throws: a broken artifact is one to skip.
 */
export async function downloadResults(
  artifact: ListedArtifact,
  target: DownloadTarget
): Promise<Downloaded> {
  if ((artifact.size_in_bytes ?? 0) > MAX_ZIP_BYTES) {
    const mb = Math.round((artifact.size_in_bytes ?? 0) / 1024 / 1024)
    return { problem: `it is ${mb} MB, far more than a results file; not downloaded` }
  }
  let dir: string | undefined
  try {
    dir = await mkdtemp(join(process.env.RUNNER_TEMP || tmpdir(), 'lmb-artifact-'))
    const client = await artifactClient()
    const { digestMismatch } = await client.downloadArtifact(artifact.id, {
      path: dir,
      ...(artifact.digest ? { expectedHash: artifact.digest } : {}),
      findBy: {
        token: target.token,
        workflowRunId: artifact.workflow_run?.id ?? 0,
        repositoryOwner: target.owner,
        repositoryName: target.repo
      }
    })
    if (digestMismatch) return { problem: 'its download does not match its digest' }
    const files = await readdir(dir)
    const json = files.filter((f) => f.endsWith('.json'))
    const name = files.includes(target.fileName)
      ? target.fileName
      : json.length === 1
        ? json[0]
        : undefined
    if (name === undefined) {
      return {
        problem: `it holds no ${target.fileName}${json.length > 1 ? ' (and several other JSON files)' : ''}`
      }
    }
    return { results: await readResults(join(dir, name)) }
  } catch (error) {
    if (error instanceof ResultsFileError) return { problem: `${error.reason}` }
    if (isHttpError(error)) return { problem: `GitHub ${answerOf(error)}` }
    return { problem: `its download failed (${errorMessage(error)})` }
  } finally {
    if (dir !== undefined) await rm(dir, { recursive: true, force: true })
  }
}
