/** Which pull request the comment goes to: the event's, else the `pr-number` input. */

/** What publish/ needs of `@actions/github`'s context (which it accepts as is). */
export interface EventContext {
  eventName: string
  payload: object
}

export interface PullRequestTarget {
  /** Undefined when there is no pull request to comment on. */
  number?: number
  /** Why there is none, for a notice. */
  reason?: string
}

function positiveInteger(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : undefined
}

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null
    ? (value as Record<string, unknown>)[key]
    : undefined
}

/** The PR the event is about: pull_request(_target) and its reviews, or a comment on a PR. */
function eventPullRequestNumber(context: EventContext): number | undefined {
  const { payload } = context
  const pr = positiveInteger(field(field(payload, 'pull_request'), 'number'))
  if (pr !== undefined) return pr
  const issue = field(payload, 'issue')
  // issue_comment fires for issues and pull requests alike; only a PR's issue has `pull_request`.
  if (field(issue, 'pull_request') !== undefined) return positiveInteger(field(issue, 'number'))
  return undefined
}

/**
 * A workflow_run's guess: the open PRs whose head branch has the run's branch name. It is empty
 * for a fork's PR and may name someone else's PR that shares the branch name, so it comes last.
 */
function workflowRunPullRequest(context: EventContext): number | undefined {
  const runs = field(field(context.payload, 'workflow_run'), 'pull_requests')
  return Array.isArray(runs) && runs.length === 1
    ? positiveInteger(field(runs[0], 'number'))
    : undefined
}

/** The event's PR wins; else `pr-number`; else a workflow_run's single PR; else none, with the reason. */
export function pullRequestTarget(
  context: EventContext,
  prNumberInput?: number
): PullRequestTarget {
  const number =
    eventPullRequestNumber(context) ??
    positiveInteger(prNumberInput) ??
    workflowRunPullRequest(context)
  if (number !== undefined) return { number }
  return {
    reason: `${context.eventName || 'This'} event and no pr-number: no comment (the report is in the job summary).`
  }
}
