/**
 * What GitHub's error answers mean: which ones pass (a 5xx, a dropped connection), and the words
 * that tell a user what GitHub said (or that it said nothing).
 */
import { STATUS_CODES } from 'node:http'

/** The fields of Octokit's RequestError that we read; never its request (it has the token). */
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
