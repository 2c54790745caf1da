/**
 * `baseline: auto` and `history`: the base branch's newest results artifacts, read before any
 * AWS call. The newest usable one is the baseline; the trend takes up to `history` of them.
 */
import * as core from '@actions/core'
import { answerOf, isHttpError } from '../github/github-error.js'
import type { GitHubClient } from '../github/octokit.js'
import type { HistoryRun } from '../model/history.js'
import type { Results } from '../model/results.js'
import { baseBranchOf, type RunContext } from './base-branch.js'
import { downloadResults, type DownloadTarget } from './download.js'
import { branchArtifacts, type ListedArtifact } from './list.js'

/** What was found: the baseline, and the runs of the trend (newest first, the baseline's included). */
export interface BaseRuns {
  baseline?: Results
  history: HistoryRun[]
  /** Why there is no baseline, one sentence (a warning, or the error with `baseline-required`). */
  missing?: string
}

/** What the search needs. */
export interface FindOptions {
  client: GitHubClient
  context: RunContext
  token: string
  artifactName: string
  /** The results file's base name, as this run names it. */
  fileName: string
  /** Runs wanted for the trend (the baseline is always looked for). */
  history: number
  warn: (message: string) => void
}

/** Downloads at once, so ten runs of history cost about one download's wait, not ten. */
const PARALLEL_DOWNLOADS = 4
/** Broken artifacts looked at past the runs wanted, before the search gives up. */
const SKIP_ALLOWANCE = 10

const PERMISSION =
  'the job needs `permissions: actions: read` for github-token to list and download artifacts'

/** Finds the baseline and the trend's runs; never throws on GitHub's answers, only reports them. */
export async function findBaseRuns(options: FindOptions): Promise<BaseRuns> {
  const { context, artifactName: name } = options
  const base = baseBranchOf(context)
  if (base.branch === null)
    return { history: [], missing: `baseline: auto found no base branch (${base.why})` }
  const where = `results artifact "${name}" of branch ${base.branch} (${base.why})`
  const wanted = Math.max(1, options.history)
  const target: DownloadTarget = {
    ...context.repo,
    token: options.token,
    fileName: options.fileName
  }
  const found: HistoryRun[] = []
  let skipped = 0
  try {
    const listed = branchArtifacts(options.client.octokit, {
      ...context.repo,
      name,
      branch: base.branch,
      excludeRunId: context.runId
    })
    let batch: ListedArtifact[] = []
    const take = async (): Promise<void> => {
      const downloads = await Promise.all(batch.map((a) => downloadResults(a, target)))
      downloads.forEach((d, i) => {
        const artifact = batch[i]
        const label = `Artifact "${name}" (id ${artifact.id}, run ${artifact.workflow_run?.id ?? '?'})`
        if ('problem' in d) {
          skipped++
          options.warn(`${label} holds no usable results file (${d.problem}); skipped`)
        } else if (d.results.cancelled) {
          skipped++
          core.info(`${label} holds a cancelled run's partial results; skipped`)
        } else if (found.length < wanted) {
          found.push(runOf(artifact, d.results))
        }
      })
      batch = []
    }
    for await (const artifact of listed) {
      batch.push(artifact)
      const need = wanted - found.length
      if (batch.length >= Math.min(need, PARALLEL_DOWNLOADS)) await take()
      if (found.length >= wanted || skipped >= wanted + SKIP_ALLOWANCE) break
    }
    if (batch.length > 0) await take()
  } catch (error) {
    const answer = isHttpError(error) ? `GitHub ${answerOf(error)}` : String(error)
    const hint = isHttpError(error) && [403, 404].includes(error.status) ? `; ${PERMISSION}` : ''
    return {
      history: found,
      missing: `baseline: auto could not list the ${where}: ${answer}${hint}`
    }
  }
  if (found.length === 0) {
    return {
      history: [],
      missing: `baseline: auto found no ${where}${skipped ? ` that holds a usable results file (${skipped} skipped)` : ''}; a run on ${base.branch} with upload-results: true uploads one`
    }
  }
  core.info(
    `Baseline: the ${where} uploaded ${found[0].createdAt} (${found.length} run(s) for the trend)`
  )
  return { baseline: found[0].results, history: options.history > 0 ? found : [] }
}

function runOf(artifact: ListedArtifact, results: Results): HistoryRun {
  const sha = artifact.workflow_run?.head_sha
  return {
    results,
    createdAt: artifact.created_at ?? results.finishedAt,
    ...(sha ? { headSha: sha } : {})
  }
}
