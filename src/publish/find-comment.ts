/**
 * Where our comment is found: on every page of the pull request's comments, the ones that open
 * with our marker and are written by the token's own identity (design: "our comment").
 */
import { isWrittenBy, type Author, type TokenIdentity } from './identity.js'
import type { Octokit } from '../github/octokit.js'

/** The pull request and the marker that make a comment ours. */
export interface CommentTarget {
  octokit: Octokit
  owner: string
  repo: string
  issueNumber: number
  marker: string
  /** Comments per page (GitHub's maximum, 100, unless a test wants more pages). */
  perPage: number
}

/** What publish/ reads of a listed comment. */
export interface ListedComment {
  id: number
  body?: string | null
  created_at: string
  html_url: string
  user: Author | null
}

/** Our comments on the pull request, oldest first; each page is retried by the client on a 5xx. */
export async function ourComments(
  target: CommentTarget,
  identity: TokenIdentity
): Promise<ListedComment[]> {
  const { octokit, owner, repo, issueNumber, marker } = target
  const comments: ListedComment[] = await octokit.paginate(octokit.rest.issues.listComments, {
    owner,
    repo,
    issue_number: issueNumber,
    per_page: target.perPage
  })
  // The marker opens our body; a comment that merely quotes it further down is not ours.
  return comments.filter((c) => (c.body ?? '').startsWith(marker) && isWrittenBy(c.user, identity))
}

/** The newest comment: GitHub's timestamps have second precision, so ids break ties. */
export function newest<T extends ListedComment>(comments: T[]): T | undefined {
  if (comments.length === 0) return undefined
  return comments.reduce((a, b) =>
    b.created_at > a.created_at || (b.created_at === a.created_at && b.id > a.id) ? b : a
  )
}

/** The same text, were GitHub to store it with other line endings or trailing space. */
export function sameBody(stored: string | null | undefined, body: string): boolean {
  const normal = (text: string): string => text.replace(/\r\n/g, '\n').trimEnd()
  return normal(stored ?? '') === normal(body)
}
