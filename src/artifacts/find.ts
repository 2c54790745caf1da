/**
 * `baseline: auto` and `history`: the base branch's newest results artifacts, read before any
 * AWS call. The newest usable one is the baseline; the trend takes up to `history` of them.
 */
import * as core from '@actions/core'
import { errorMessage } from '../core/errors.js'
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
  /**
   * Why there is no baseline, and what to do: the clauses of one sentence (a warning, or the
   * error with `baseline-required`, which goes between them).
   */
  missing?: { problem: string; advice?: string }
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

/** Downloads at once: ten runs of history cost three rounds of downloads, not ten. */
const PARALLEL_DOWNLOADS = 4
/** Broken artifacts looked at past the runs wanted, before the search gives up. */
const SKIP_ALLOWANCE = 10

const PERMISSION =
  'the job needs `permissions: actions: read` for github-token to list and download artifacts'

/** Finds the baseline and the trend's runs; never throws on GitHub's answers, only reports them. */
export async function findBaseRuns(options: FindOptions): Promise<BaseRuns> {
  const base = baseBranchOf(options.context)
  if (base.branch === null) {
    return {
      history: [],
      missing: { problem: `baseline: auto found no base branch (${base.why})` }
    }
  }
  const where = `results artifact "${options.artifactName}" of branch ${base.branch} (${base.why})`
  const search = await collect(options, base.branch)
  const listing =
    search.error === undefined ? '' : `could not list the ${where}: ${describe(search.error)}`
  if (search.found.length === 0) {
    const skipped = search.skipped
      ? ` that holds a usable results file (${search.skipped} skipped)`
      : ''
    const advice = `a run on ${base.branch} with upload-results: true uploads ${search.gaveUp ? 'a good one' : 'one'}`
    const problem = listing
      ? `baseline: auto ${listing}`
      : search.gaveUp
        ? `baseline: auto gave up on the ${where}: the newest ${search.skipped} held no usable results file, and older ones were not examined`
        : `baseline: auto found no ${where}${skipped}`
    return { history: [], missing: listing ? { problem } : { problem, advice } }
  }
  // A page that failed after the baseline was found costs the trend some runs, not the comparison.
  if (listing) options.warn(`The trend is shorter than asked: ${listing}`)
  const newest = search.found[0]
  const trend = options.history > 0 ? `; ${search.found.length} run(s) for the trend` : ''
  core.info(`Baseline: the ${where}, uploaded ${newest.createdAt}${trend}`)
  return { baseline: newest.results, history: options.history > 0 ? search.found : [] }
}

interface Search {
  found: HistoryRun[]
  skipped: number
  /** Stopped at the bound of unusable artifacts, with older ones not looked at. */
  gaveUp?: boolean
  /** Listing failed (the runs found before are kept). */
  error?: unknown
}

/**
 * Reads the listing newest first and downloads a few at a time, until it has the runs wanted,
 * the listing ends, or too many artifacts were broken.
 */
async function collect(options: FindOptions, branch: string): Promise<Search> {
  const { context } = options
  const wanted = Math.max(1, options.history)
  const target: DownloadTarget = {
    ...context.repo,
    token: options.token,
    fileName: options.fileName
  }
  const search: Search = { found: [], skipped: 0 }
  let batch: ListedArtifact[] = []
  const take = async (): Promise<void> => {
    // Taken before the downloads: a batch is never downloaded twice.
    const taken = batch
    batch = []
    const downloads = await Promise.all(taken.map((a) => downloadResults(a, target)))
    downloads.forEach((d, i) => {
      const label = `Artifact "${options.artifactName}" (id ${taken[i].id}, run ${taken[i].workflow_run?.id ?? '?'})`
      if ('problem' in d) {
        search.skipped++
        options.warn(`${label} holds no usable results file (${d.problem}); skipped`)
      } else if (d.results.cancelled) {
        search.skipped++
        core.info(`${label} holds a cancelled run's partial results; skipped`)
      } else if (search.found.length < wanted) {
        search.found.push(runOf(taken[i], d.results))
      }
    })
  }
  try {
    const listed = branchArtifacts(options.client.octokit, {
      ...context.repo,
      name: options.artifactName,
      branch,
      excludeRunId: context.runId
    })
    for await (const artifact of listed) {
      batch.push(artifact)
      if (batch.length >= Math.min(wanted - search.found.length, PARALLEL_DOWNLOADS)) await take()
      if (search.found.length >= wanted) break
      if (search.skipped >= wanted + SKIP_ALLOWANCE) {
        search.gaveUp = true
        break
      }
    }
  } catch (error) {
    search.error = error
  }
  if (batch.length > 0) await take()
  return search
}

function describe(error: unknown): string {
  if (!isHttpError(error)) return errorMessage(error)
  const hint = [403, 404].includes(error.status) ? `; ${PERMISSION}` : ''
  return `GitHub ${answerOf(error)}${hint}`
}

function runOf(artifact: ListedArtifact, results: Results): HistoryRun {
  const sha = artifact.workflow_run?.head_sha
  return {
    results,
    createdAt: artifact.created_at ?? results.finishedAt,
    ...(sha ? { headSha: sha } : {})
  }
}
