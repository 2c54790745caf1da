/**
 * Creating the comment without ever creating it twice.
 *
 * A POST that GitHub answers 5xx, or whose connection drops, may have been stored all the same
 * (GitHub saved the comment, then the answer was lost on the way back). Repeating it blindly, as
 * plugin-retry would, can post the report twice. So the POST is sent with the client's retries
 * off, and after a failure that may have been stored, the comments are listed again (after the
 * back-off, which also gives GitHub's replicas time to show it) before anything is posted again:
 *
 * - `update` mode: any comment of ours found now is the sticky one. Ours (the same body) is
 *   taken as created; one by a run alongside ours (another body) is updated, as a sticky comment
 *   would have been. Only when there is none is the POST sent again.
 * - `create` mode (a new comment each run): a comment of ours with exactly this body is this
 *   run's lost answer and is taken as created. Earlier runs' comments have other bodies (their
 *   own numbers and run link) and are left alone; the one left to fear is an earlier run with
 *   a byte-identical report, which says on the PR exactly what this run would: posting nothing
 *   more is the right outcome there too.
 *
 * A rate limit (403/429) is not such a failure: GitHub refuses the request before carrying it
 * out, so plugin-throttling repeats the POST itself once the wait GitHub asks for is over.
 * Everything else (a 4xx) is thrown at once. The number of POSTs is bounded by the client's
 * retries + 1, like every other request; the last one too is looked for before giving up. The
 * waits are the house's retry (core/retry.ts), on the client's back-off unit.
 *
 * Left to chance: a comment stored but not yet listed when we look (GitHub's replicas lag);
 * the back-off before each look is what makes that unlikely.
 */
import { systemClock, type Clock } from '../core/clock.js'
import type { Logger } from '../core/logger.js'
import { newest, ourComments, sameBody, type CommentTarget } from './find-comment.js'
import { retry } from '../core/retry.js'
import { answerOf, isTransient, isUnreachable } from '../github/github-error.js'
import type { TokenIdentity } from './identity.js'
import type { GitHubClient } from '../github/octokit.js'

/** Which request is under way, for the error that names it. */
export type CommentStep = 'find' | 'create' | 'update'

export interface CreateCommentOptions {
  target: CommentTarget
  /** Its policy bounds the POSTs; its attempt log is told how many were made. */
  client: GitHubClient
  /** The body as posted (marker included). */
  body: string
  mode: 'update' | 'create'
  /** Who the token is; asked only when a lost POST has to be looked for (create mode). */
  identity: () => Promise<TokenIdentity>
  /** Told each step, so that a failure names the request that failed. */
  onStep: (step: CommentStep) => void
  log: Logger
  clock?: Clock
}

/** Updates comment `id` (a PATCH with the same body is idempotent: the client retries it). */
export async function updateComment(
  target: CommentTarget,
  id: number,
  body: string
): Promise<{ action: 'updated'; url: string }> {
  const { octokit, owner, repo } = target
  const { data } = await octokit.rest.issues.updateComment({ owner, repo, comment_id: id, body })
  return { action: 'updated', url: data.html_url }
}

/** Creates the comment, looking for it again after any failure that may have stored it. */
export async function createWithoutDuplicate(
  options: CreateCommentOptions
): Promise<{ action: 'created' | 'updated'; url: string }> {
  const { target, client, body, mode, onStep, log } = options
  const { octokit, owner, repo, issueNumber } = target
  const posts = client.policy.retries + 1

  /** After a POST that may have been stored: the comment, if GitHub has it now. */
  const lookAgain = async (): Promise<{ action: 'created' | 'updated'; url: string } | null> => {
    onStep('find')
    const ours = await ourComments(target, await options.identity())
    const stored = newest(ours.filter((c) => sameBody(c.body, body)))
    if (stored) {
      log.info(`GitHub had stored the comment after all: ${stored.html_url}`)
      return { action: 'created', url: stored.html_url }
    }
    const alongside = mode === 'update' ? newest(ours) : undefined
    if (!alongside) return null
    onStep('update')
    return updateComment(target, alongside.id, body)
  }

  let lastFailure: unknown
  // One attempt more than there are POSTs: even the last POST is looked for, since it may have
  // been stored, and then the step succeeds.
  const attempt = async (failures: number) => {
    if (failures > 0) {
      const found = await lookAgain()
      if (found) return found
    }
    onStep('create')
    if (failures === posts) throw lastFailure
    try {
      const { data } = await octokit.rest.issues.createComment({
        owner,
        repo,
        issue_number: issueNumber,
        body,
        // Never repeated by plugin-retry: a lost answer is looked for first instead.
        request: { retries: 0 }
      })
      return { action: 'created' as const, url: data.html_url }
    } catch (error) {
      if (isTransient(error)) {
        lastFailure = error
        client.attempts.note(error, failures + 1)
        log.info(
          isUnreachable(error)
            ? `The new comment was not sent: GitHub ${answerOf(error)} (attempt ${failures + 1} of ${posts})`
            : `GitHub ${answerOf(error)} to the new comment, which it may have stored all the ` +
                `same; looking for it (attempt ${failures + 1} of ${posts})`
        )
      }
      throw error
    }
  }
  return retry(attempt, {
    retryable: isTransient,
    deadline: Number.POSITIVE_INFINITY,
    maxAttempts: posts + 1,
    // Also time for GitHub's replicas to show a comment it stored.
    backoff: { baseMs: client.policy.retryBaseMs, capMs: 16 * client.policy.retryBaseMs },
    clock: options.clock ?? systemClock
  })
}
