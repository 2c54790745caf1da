/**
 * The pull-request comment: where our sticky comment is found (marker + our own identity, on
 * every page), updated or created; and what a read-only token (a fork's PR) turns into.
 */
import type { CommentMode } from '../model/plan.js'
import { isWrittenBy, tokenIdentity, type Author } from './identity.js'
import { isHttpError, type Octokit } from './octokit.js'

/** GitHub refuses a comment body longer than this many characters (422). */
export const MAX_COMMENT_CHARACTERS = 65536

export interface PublishCommentOptions {
  octokit: Octokit
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
}

export interface CommentOutcome {
  action: 'created' | 'updated' | 'skipped'
  url?: string
  /** Set when the token may not write here (a fork's PR); the run goes on. */
  warning?: string
}

interface ListedComment {
  id: number
  body?: string | null
  created_at: string
  user: Author | null
}

/** The hidden marker. Characters that could close an HTML comment early are dropped from the tag. */
export function commentMarker(tag: string): string {
  return `<!-- ${tag.replace(/-{2,}/g, '-').replace(/[<>]/g, '')} -->`
}

/** The body as posted: the marker on its own first line, then the report. */
export function markedBody(tag: string, body: string): string {
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

/** The newest comment: GitHub's timestamps have second precision, so ids break ties. */
function newest<T extends ListedComment>(comments: T[]): T {
  return comments.reduce((a, b) =>
    b.created_at > a.created_at || (b.created_at === a.created_at && b.id > a.id) ? b : a
  )
}

function describe(error: unknown): string {
  if (!isHttpError(error)) return String(error)
  const data = (error as { response?: { data?: { errors?: { message?: string }[] } } }).response
    ?.data
  const details = (data?.errors ?? []).map((e) => e.message).filter(Boolean)
  return `${error.status} ${error.message}${details.length ? ` (${details.join('; ')})` : ''}`
}

/** Posts, updates or skips the report comment on a pull request, as `mode` says. */
export async function publishComment(options: PublishCommentOptions): Promise<CommentOutcome> {
  const { octokit, owner, repo, issueNumber, mode, tag } = options
  if (mode === 'off') return { action: 'skipped' }
  const body = markedBody(tag, options.body)
  const length = [...body].length
  if (length > MAX_COMMENT_CHARACTERS) {
    throw new Error(
      `The benchmark comment is ${length.toLocaleString('en-US')} characters; GitHub accepts at most ` +
        `${MAX_COMMENT_CHARACTERS.toLocaleString('en-US')}. Nothing was posted; the report is in the job summary.`
    )
  }
  const where = `${owner}/${repo}#${issueNumber}`
  let step = 'find the benchmark comment on'
  try {
    if (mode === 'update') {
      const identity = await tokenIdentity(octokit)
      const marker = commentMarker(tag)
      const comments: ListedComment[] = await octokit.paginate(octokit.rest.issues.listComments, {
        owner,
        repo,
        issue_number: issueNumber,
        per_page: options.perPage ?? 100
      })
      // The marker opens our body; a comment that merely quotes it further down is not ours.
      const ours = comments.filter(
        (c) => (c.body ?? '').startsWith(marker) && isWrittenBy(c.user, identity)
      )
      if (ours.length > 0) {
        step = 'update the benchmark comment on'
        const { data } = await octokit.rest.issues.updateComment({
          owner,
          repo,
          comment_id: newest(ours).id,
          body
        })
        return { action: 'updated', url: data.html_url }
      }
    }
    step = 'create the benchmark comment on'
    const { data } = await octokit.rest.issues.createComment({
      owner,
      repo,
      issue_number: issueNumber,
      body
    })
    return { action: 'created', url: data.html_url }
  } catch (error) {
    const readOnly = readOnlyMessage(error)
    if (readOnly !== null) {
      return { action: 'skipped', warning: readOnlyWarning(owner, repo, issueNumber, readOnly) }
    }
    throw new Error(`Could not ${step} ${where}: GitHub answered ${describe(error)}`, {
      cause: error
    })
  }
}
