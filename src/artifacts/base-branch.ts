/** Which branch's results are this run's baseline: the pull request's base, else the default branch. */

/** What artifacts/ reads of the run's context; `@actions/github`'s `context` fits as is. */
export interface RunContext {
  readonly eventName: string
  readonly payload: { pull_request?: Record<string, unknown>; repository?: Record<string, unknown> }
  readonly repo: { owner: string; repo: string }
  /** This workflow run (its own artifacts are never its baseline); NaN outside Actions. */
  readonly runId: number
}

/** The base branch and how it was chosen, or why none could be. */
export type BaseBranch = { branch: string; why: string } | { branch: null; why: string }

/**
 * A pull request is compared with what it would merge into; any other event (push, dispatch,
 * schedule) with the repository's default branch, as it stood before this run.
 */
export function baseBranchOf(context: RunContext): BaseBranch {
  const base = (context.payload.pull_request?.base as { ref?: unknown } | undefined)?.ref
  if (typeof base === 'string' && base)
    return { branch: base, why: "the pull request's base branch" }
  const fallback = context.payload.repository?.default_branch
  if (typeof fallback === 'string' && fallback)
    return { branch: fallback, why: "the repository's default branch" }
  return {
    branch: null,
    why: `the ${context.eventName || 'unknown'} event names neither a pull request's base branch nor the repository's default branch`
  }
}
