/** What to tell a user whose comment could not be written, by GitHub's answer. */
import { isHttpError, isTransient, isUnreachable, type HttpError } from '../github/github-error.js'

function header(error: HttpError, name: string): string | undefined {
  const value = error.response?.headers?.[name]
  return value === undefined ? undefined : String(value)
}

/** GitHub's secondary rate limit: 403 or 429 saying so (plugin-throttling's own test). */
function isSecondaryRateLimit(error: unknown): boolean {
  return (
    isHttpError(error) &&
    (error.status === 403 || error.status === 429) &&
    /\bsecondary rate\b/i.test(error.message)
  )
}

/** The primary rate limit: 403 or 429 with no request left until `x-ratelimit-reset`. */
function isPrimaryRateLimit(error: unknown): boolean {
  return (
    isHttpError(error) &&
    (error.status === 403 || error.status === 429) &&
    header(error, 'x-ratelimit-remaining') === '0'
  )
}

function resetTime(error: HttpError): string | null {
  const reset = Number(header(error, 'x-ratelimit-reset'))
  if (!Number.isFinite(reset) || reset <= 0) return null
  return `${new Date(reset * 1000).toISOString().slice(11, 16)} UTC`
}

/** What to do about `error`, for the end of the step's one-sentence message. */
export function advice(error: unknown): string {
  const summary = 'the report is in the job summary'
  // What to check is in GitHub's part of the sentence (answerOf): GitHub was never asked.
  if (isUnreachable(error)) return `${summary}, re-run the job to post the comment`
  if (isTransient(error)) {
    return `GitHub may be having trouble (https://www.githubstatus.com): ${summary}, re-run the job to post the comment`
  }
  if (isSecondaryRateLimit(error)) {
    return `GitHub's secondary rate limit still refused after waiting: ${summary}, re-run the job in a few minutes`
  }
  if (isHttpError(error) && isPrimaryRateLimit(error)) {
    const reset = resetTime(error)
    return `the token's API rate limit is used up${reset ? ` until ${reset}` : ''}: ${summary}, re-run the job after that`
  }
  if (isHttpError(error) && error.status === 401) {
    return `check the github-token input (the token is expired, revoked or not a GitHub token); ${summary}`
  }
  if (isHttpError(error) && error.status === 404) {
    return `check that the pull request is in this repository and that the token may read it; ${summary}`
  }
  return summary
}
