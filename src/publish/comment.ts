/**
 * The pull-request comment: our sticky comment found (find-comment.ts) and updated, or created
 * without ever posting it twice (create-comment.ts); a read-only token (a fork's PR) turns into
 * a warning, any other failure into one sentence saying what failed and what to do.
 */
import * as core from '@actions/core'
import type { Clock } from '../core/clock.js'
import type { Logger } from '../core/logger.js'
import type { CommentMode } from '../model/plan.js'
import { createWithoutDuplicate, updateComment, type CommentStep } from './create-comment.js'
import { newest, ourComments, type CommentTarget } from './find-comment.js'
import { answerOf, isHttpError } from '../github/github-error.js'
import { advice } from './comment-advice.js'
import { tokenIdentity, type TokenIdentity } from './identity.js'
import type { GitHubClient } from '../github/octokit.js'

/** GitHub refuses a comment body longer than this many characters (422). */
const MAX_COMMENT_CHARACTERS = 65536

/** Where the comment goes, what it says, and how it is found. */
export interface PublishCommentOptions {
  client: GitHubClient
  owner: string
  repo: string
  issueNumber: number
  /** The report; the marker is added here, at the top. */
  body: string
  mode: CommentMode
  /** The `comment-tag` input: several benchmark steps keep separate comments. */
  tag: string
  /** Comments per page while searching (GitHub's maximum, 100, unless a test wants more pages). */
  perPage?: number
  /** Where retries are told. Default: core.info / core.warning. */
  log?: Logger
  /** The waits between a lost POST and looking for it. Default: the machine's clock. */
  clock?: Clock
}

/** What was done about the comment. */
export interface CommentOutcome {
  action: 'created' | 'updated' | 'skipped'
  url?: string
  /** Set when the token may not write here (a fork's PR); the run goes on. */
  warning?: string
}

const STEP_WORDS: Record<CommentStep, string> = {
  find: 'find the benchmark comment on',
  create: 'create the benchmark comment on',
  update: 'update the benchmark comment on'
}

/** The hidden marker. Characters that could close an HTML comment early are dropped from the tag. */
export function commentMarker(tag: string): string {
  return `<!-- ${tag.replace(/-{2,}/g, '-').replace(/[<>]/g, '')} -->`
}

/** The body as posted: the marker on its own first line, then the report. */
function markedBody(tag: string, body: string): string {
  return `${commentMarker(tag)}\n${body}`
}

/**
 * GitHub's answer to a token that may not write here: "Resource not accessible by integration"
 * for the Actions token of a fork's pull request (read-only), "… by personal access token" for
 * a fine-grained token without pull-request write access. Returns GitHub's message, else null.
 */
function readOnlyMessage(error: unknown): string | null {
  return isHttpError(error) &&
    error.status === 403 &&
    error.message.includes('Resource not accessible by')
    ? error.message
    : null
}

function readOnlyWarning(
  owner: string,
  repo: string,
  issueNumber: number,
  message: string
): string {
  return (
    `Could not write the benchmark comment on ${owner}/${repo}#${issueNumber}: GitHub answered 403 ` +
    `"${message}" — the token may not write to this pull request. ` +
    `On a pull request from a fork, GITHUB_TOKEN is read-only whatever the workflow asks; ` +
    `otherwise give the job \`permissions: pull-requests: write\` (or the token that permission). ` +
    `The report is in the job summary. To comment on fork pull requests, upload the report (the ` +
    `\`report\` output or the results file) as an artifact and post it from a second workflow ` +
    `triggered by \`workflow_run\`, which runs in the base repository with a token that can write.`
  )
}

/** Posts, updates or skips the report comment on a pull request, as `mode` says. */
export async function publishComment(options: PublishCommentOptions): Promise<CommentOutcome> {
  const { client, owner, repo, issueNumber, mode, tag } = options
  const { octokit } = client
  if (mode === 'off') return { action: 'skipped' }
  const body = markedBody(tag, options.body)
  const length = [...body].length
  if (length > MAX_COMMENT_CHARACTERS) {
    throw new Error(
      `The benchmark comment is ${length.toLocaleString('en-US')} characters; GitHub accepts at most ` +
        `${MAX_COMMENT_CHARACTERS.toLocaleString('en-US')}, so nothing was posted; the report is in the job summary.`
    )
  }
  const where = `${owner}/${repo}#${issueNumber}`
  const target: CommentTarget = {
    octokit,
    owner,
    repo,
    issueNumber,
    marker: commentMarker(tag),
    perPage: options.perPage ?? 100
  }
  let known: Promise<TokenIdentity> | undefined
  const identity = (): Promise<TokenIdentity> => (known ??= tokenIdentity(octokit))
  let step: CommentStep = 'find'
  const onStep = (next: CommentStep): void => {
    step = next
  }
  try {
    if (mode === 'update') {
      const ours = newest(await ourComments(target, await identity()))
      if (ours) {
        onStep('update')
        return await updateComment(target, ours.id, body)
      }
    }
    return await createWithoutDuplicate({
      target,
      client,
      body,
      mode,
      identity,
      onStep,
      log: options.log ?? { info: (m) => core.info(m), warning: (m) => core.warning(m) },
      ...(options.clock ? { clock: options.clock } : {})
    })
  } catch (error) {
    const readOnly = readOnlyMessage(error)
    if (readOnly !== null) {
      return { action: 'skipped', warning: readOnlyWarning(owner, repo, issueNumber, readOnly) }
    }
    const attempts = client.attempts.of(error)
    const repeated = attempts > 1 ? ` on all ${attempts} attempts` : ''
    throw new Error(
      `Could not ${STEP_WORDS[step]} ${where}: GitHub ${answerOf(error)}${repeated}; ${advice(error)}.`,
      { cause: error }
    )
  }
}
