/**
 * Publishing: the job summary, the outputs, and the pull-request comment.
 * The entry point calls `publish` once the report is made.
 */
import * as core from '@actions/core'
import type { Plan } from '../model/plan.js'
import type { Results } from '../model/results.js'
import { publishComment } from './comment.js'
import { createGitHubClient, type GitHubClientFactory } from '../github/octokit.js'
import { setCommentUrl, setOutputs } from './outputs.js'
import { pullRequestTarget, type EventContext } from './pull-request.js'
import { writeJobSummary } from './job-summary.js'

/** What publish/ reads of the run's context; `@actions/github`'s `context` fits as is. */
export interface PublishContext extends EventContext {
  /** The repository the workflow runs in (read only when a comment is to be written). */
  readonly repo: { owner: string; repo: string }
}

export interface PublishOptions {
  plan: Plan
  results: Results
  /** The markdown report (comment and job summary). */
  report: string
  context: PublishContext
  /** Significant regressions against the baseline (the `regressions` output). */
  regressions: number
  /** Default: `createGitHubClient(token)`: retries and throttling, on `GITHUB_API_URL`. */
  clientFactory?: GitHubClientFactory
}

/**
 * Writes the job summary and the outputs, then the comment (the results file is written before,
 * by the caller). A token that may not write (a fork's PR) only warns; any other GitHub error
 * throws, after the rest is done.
 */
export async function publish(options: PublishOptions): Promise<{ commentUrl?: string }> {
  const { plan, results, report } = options
  await writeJobSummary(report)
  // The output names the path as the user wrote it (relative to the workspace), as main logs it.
  setOutputs({ results, resultsFile: plan.resultsFile, report, regressions: options.regressions })

  const commentUrl = await comment(options)
  setCommentUrl(commentUrl)
  return commentUrl === undefined ? {} : { commentUrl }
}

async function comment(options: PublishOptions): Promise<string | undefined> {
  const { mode, tag, token, prNumber } = options.plan.comment
  if (mode === 'off') {
    core.info('comment-mode is off: no comment')
    return undefined
  }
  const target = pullRequestTarget(options.context, prNumber)
  if (target.number === undefined) {
    core.notice(target.reason ?? 'No pull request: no comment')
    return undefined
  }
  if (!token) {
    core.warning('github-token is empty: no comment (the report is in the job summary).')
    return undefined
  }
  const client = (options.clientFactory ?? createGitHubClient)(token)
  const { owner, repo } = options.context.repo
  const outcome = await publishComment({
    client,
    owner,
    repo,
    issueNumber: target.number,
    body: options.report,
    mode,
    tag
  })
  if (outcome.warning) core.warning(outcome.warning)
  if (outcome.url)
    core.info(`${outcome.action === 'updated' ? 'Updated' : 'Created'} the comment: ${outcome.url}`)
  return outcome.url
}
