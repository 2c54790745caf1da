/**
 * What the run is compared with, read before any AWS call: the `baseline` results file, or with
 * `baseline: auto` the base branch's newest results artifact and the runs of the trend.
 */
import * as core from '@actions/core'
import { basename } from 'node:path'
import type { RunContext } from './artifacts/base-branch.js'
import { findBaseRuns } from './artifacts/find.js'
import { createGitHubClient, type GitHubClientFactory } from './github/octokit.js'
import type { HistoryRun } from './model/history.js'
import type { Plan } from './model/plan.js'
import type { Results } from './model/results.js'
import { loadBaseline } from './results/baseline.js'

/** The baseline, and the base branch's earlier runs for the trend (newest first). */
export interface Base {
  baseline?: Results
  history: HistoryRun[]
}

/**
 * Reads the baseline the plan names. A missing one warns (the first run on a branch has none),
 * or throws with `baseline-required`, so that the step fails before touching a function.
 */
export async function readBase(
  plan: Plan,
  context: RunContext,
  clientFactory: GitHubClientFactory = createGitHubClient
): Promise<Base> {
  const source = plan.baseline?.source
  if (source === undefined) return { history: [] }
  const required = plan.baseline?.required ?? false
  if (source.kind === 'file') {
    return { baseline: await loadBaseline(source.path, required, core.warning), history: [] }
  }
  const found = await core.group(
    "Finding the baseline in the base branch's results artifacts",
    () =>
      findBaseRuns({
        client: clientFactory(plan.comment.token),
        context,
        token: plan.comment.token,
        artifactName: plan.artifact.name,
        fileName: basename(plan.resultsFile),
        history: plan.artifact.history,
        warn: core.warning
      })
  )
  if (found.missing !== undefined) {
    const { problem, advice } = found.missing
    const then = advice ? `; ${advice}` : ''
    if (required) throw new Error(`${problem} and baseline-required is true${then}`)
    core.warning(`${problem}${then}; reporting without a comparison`)
  }
  return { ...(found.baseline ? { baseline: found.baseline } : {}), history: found.history }
}
