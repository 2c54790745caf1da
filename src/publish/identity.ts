/**
 * Who the token writes as, so that only our own comments are ever edited (design: "our comment
 * = carries the marker and is written by the token's own identity").
 */
import { isHttpError } from '../github/github-error.js'
import type { Octokit } from '../github/octokit.js'

/**
 * `user`: a personal token (classic or fine-grained), `GET /user` answered with its login.
 * `bot`: an installation token such as the Actions GITHUB_TOKEN, for which `GET /user` answers
 * 403 "Resource not accessible by integration"; it writes as an account of type `Bot`.
 */
export type TokenIdentity = { kind: 'user'; login: string } | { kind: 'bot' }

/** A comment's author, as GitHub embeds it. */
export interface Author {
  login: string
  type: string
}

/**
 * Asks GitHub who the token is. Only the installation token's own refusal means "a bot": any
 * other 403 (a rate limit that outlasted its retries) is thrown, since taking a personal token
 * for a bot would let it edit the Actions bot's comments.
 */
export async function tokenIdentity(octokit: Octokit): Promise<TokenIdentity> {
  try {
    const { data } = await octokit.rest.users.getAuthenticated()
    return { kind: 'user', login: data.login }
  } catch (error) {
    if (
      isHttpError(error) &&
      error.status === 403 &&
      error.message.includes('Resource not accessible by integration')
    ) {
      return { kind: 'bot' }
    }
    throw error
  }
}

/** True when `author` is the identity the token writes as. */
export function isWrittenBy(author: Author | null | undefined, identity: TokenIdentity): boolean {
  if (!author) return false
  return identity.kind === 'user'
    ? author.login.toLowerCase() === identity.login.toLowerCase()
    : author.type === 'Bot'
}
