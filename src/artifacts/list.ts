/** The results artifacts of one branch, newest first, as GitHub's REST API lists them. */
import type { Octokit } from '../github/octokit.js'

/** An artifact as `GET /repos/{owner}/{repo}/actions/artifacts` lists it (the fields we read). */
export interface ListedArtifact {
  id: number
  name: string
  expired: boolean
  /** Of the zip. */
  size_in_bytes?: number
  created_at: string | null
  digest?: string | null
  workflow_run?: {
    id?: number
    repository_id?: number
    head_repository_id?: number
    head_branch?: string | null
    head_sha?: string
  } | null
}

/** Which artifacts are candidates. */
export interface ArtifactQuery {
  owner: string
  repo: string
  name: string
  branch: string
  /** This run: its own upload is never its baseline. */
  excludeRunId: number
}

const fromFork = (run: NonNullable<ListedArtifact['workflow_run']>): boolean =>
  run.repository_id !== undefined &&
  run.head_repository_id !== undefined &&
  run.repository_id !== run.head_repository_id

const newestFirst = (a: ListedArtifact, b: ListedArtifact): number =>
  (b.created_at ?? '').localeCompare(a.created_at ?? '')

/**
 * The non-expired artifacts of that name uploaded by runs on that branch of this repository
 * (not a fork's branch of the same name), newest first, a page
 * of 100 at a time: the caller stops reading as soon as it has what it needs.
 */
export async function* branchArtifacts(
  octokit: Octokit,
  query: ArtifactQuery
): AsyncGenerator<ListedArtifact> {
  const pages = octokit.paginate.iterator('GET /repos/{owner}/{repo}/actions/artifacts', {
    owner: query.owner,
    repo: query.repo,
    name: query.name,
    per_page: 100
  })
  for await (const page of pages) {
    // GitHub lists newest first; sorting each page keeps that true should a page not be.
    const artifacts = [...(page.data as ListedArtifact[])].sort(newestFirst)
    for (const artifact of artifacts) {
      const run = artifact.workflow_run
      if (artifact.name !== query.name || artifact.expired) continue
      if (run?.head_branch !== query.branch || run.id === query.excludeRunId) continue
      // A fork's pull request from its own `main` has that head branch too: never a baseline.
      if (fromFork(run)) continue
      yield artifact
    }
  }
}
