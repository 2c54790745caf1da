/**
 * What GitHub's error answers mean for publish/: which ones pass (a 5xx, a dropped connection),
 * which are rate limits, and the words a user reads when one still fails the step.
 */
import { STATUS_CODES } from 'node:http'

/** The fields of Octokit's RequestError that publish/ reads; never its request (it has the token). */
export interface HttpError {
  status: number
  message: string
  response?: { headers?: Record<string, string | number | undefined>; data?: unknown }
}

/** True when `error` is an HTTP error answered by GitHub (Octokit's RequestError). */
export function isHttpError(error: unknown): error is HttpError {
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as { status?: unknown }).status === 'number' &&
    typeof (error as { message?: unknown }).message === 'string'
  )
}

/**
 * A failure that may pass: a 5xx, or no answer at all (Octokit reports a connection that
 * dropped or timed out as status 500 without a response).
 */
export function isTransient(error: unknown): boolean {
  return isHttpError(error) && error.status >= 500
}

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

/**
 * What GitHub said, to follow "GitHub": "answered 502 Server Error" (with a 422's details), or
 * "did not answer (other side closed)" when the connection dropped (Octokit's status 500
 * without a response). GitHub's own message is preferred to Octokit's (which appends the
 * documentation URL); an HTML error page (GitHub's "Unicorn!" page) is named by its status,
 * not pasted into the log.
 */
export function answerOf(error: unknown): string {
  if (!isHttpError(error)) return `could not be asked (${String(error)})`
  if (error.response === undefined) return `did not answer (${error.message})`
  const data = error.response.data as
    { message?: unknown; errors?: { message?: string }[] } | string | undefined
  const own = typeof data === 'object' && typeof data.message === 'string' ? data.message : null
  // Our sentence goes on after it: GitHub's closing period would end it early.
  let message = (own ?? error.message).replace(/\.$/, '')
  if (/^\s*</.test(message)) {
    message = `${STATUS_CODES[error.status] ?? 'Error'} (an HTML error page)`
  }
  const details =
    typeof data === 'object' ? (data.errors ?? []).map((e) => e.message).filter(Boolean) : []
  return `answered ${error.status} ${message}${details.length ? ` (${details.join('; ')})` : ''}`
}

function resetTime(error: HttpError): string | null {
  const reset = Number(header(error, 'x-ratelimit-reset'))
  if (!Number.isFinite(reset) || reset <= 0) return null
  return `${new Date(reset * 1000).toISOString().slice(11, 16)} UTC`
}

/** What to do about `error`, for the end of the step's one-sentence message. */
export function advice(error: unknown): string {
  const summary = 'the report is in the job summary'
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
    return `check the github-token input (the token is missing, expired or revoked); ${summary}`
  }
  if (isHttpError(error) && error.status === 404) {
    return `check that the pull request is in this repository and that the token may read it; ${summary}`
  }
  return summary
}
