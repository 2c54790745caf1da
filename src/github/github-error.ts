/**
 * What GitHub's error answers mean: which ones pass (a 5xx, a dropped connection), and the words
 * that tell a user what GitHub said, that it said nothing, or that it could not be reached at all
 * (a network failure is never called an answer).
 */
import { STATUS_CODES } from 'node:http'
import { errorMessage, UNREACHABLE_CODES } from '../core/errors.js'

/**
 * The fields of Octokit's RequestError that we read: of its request only the URL, never the
 * headers (they hold the token).
 */
export interface HttpError {
  status: number
  message: string
  response?: { headers?: Record<string, string | number | undefined>; data?: unknown }
  request?: { url?: unknown }
  cause?: unknown
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

/** Codes of a TLS certificate Node refused (a GitHub Enterprise Server with its own CA). */
const CERTIFICATE_CODES: ReadonlySet<string> = new Set([
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'ERR_TLS_CERT_ALTNAME_INVALID'
])

/**
 * The failure under Octokit's: fetch's TypeError "fetch failed", then the system error (an
 * AggregateError with an empty message when every address of the name was tried).
 */
function rootCause(error: HttpError): { code?: string; message?: string } {
  let found: { code?: string; message?: string } = {}
  let next: unknown = error.cause
  for (let depth = 0; depth < 5 && typeof next === 'object' && next !== null; depth++) {
    const e = next as { code?: unknown; message?: unknown; errors?: unknown; cause?: unknown }
    const message = Array.isArray(e.errors) && !e.message ? messages(e.errors) : e.message
    if (typeof e.code === 'string' || (typeof message === 'string' && message !== '')) {
      found = {
        ...(typeof e.code === 'string' ? { code: e.code } : {}),
        ...(typeof message === 'string' && message !== '' ? { message } : {})
      }
    }
    next = e.cause
  }
  return found
}

const messages = (errors: unknown[]): string =>
  errors.map((e) => (e instanceof Error ? e.message : String(e))).join(', ')

/** The URL Octokit was asking, if known (its origin is named; never a path or credentials). */
function urlOf(error: HttpError): URL | undefined {
  const url = error.request?.url
  if (typeof url !== 'string') return undefined
  try {
    return new URL(url)
  } catch {
    return undefined
  }
}

interface Unanswered {
  kind: 'unreachable' | 'certificate' | 'unanswered'
  reason: string
}

/**
 * Why a request got no answer (Octokit's status 500 without a response): GitHub could not be
 * reached, its certificate was refused, or the connection dropped or timed out mid-request.
 */
function unanswered(error: HttpError): Unanswered {
  const cause = rootCause(error)
  const reason = cause.message ?? error.message
  if (cause.code && CERTIFICATE_CODES.has(cause.code)) return { kind: 'certificate', reason }
  if (cause.code && UNREACHABLE_CODES.has(cause.code)) return { kind: 'unreachable', reason }
  // fetch refuses some ports before connecting (its "bad port" list, e.g. 9).
  if (reason === 'bad port') {
    const url = urlOf(error)
    const where = url ? `${url.origin}, a port it blocks` : 'a port it blocks'
    return { kind: 'unreachable', reason: `fetch refuses to connect to ${where}` }
  }
  return { kind: 'unanswered', reason }
}

/** True when GitHub was never reached: no answer, and no connection either. */
export function isUnreachable(error: unknown): boolean {
  return (
    isHttpError(error) && error.response === undefined && unanswered(error).kind !== 'unanswered'
  )
}

/**
 * What GitHub said, to follow "GitHub": "answered 502 Server Error" (with a 422's details);
 * "did not answer (other side closed)" when the connection dropped or timed out; "could not be
 * reached (getaddrinfo ENOTFOUND api.github.com; check …)" when no connection was made at all
 * (Octokit reports all three as status 500 without a response). GitHub's own message is
 * preferred to Octokit's (which appends the documentation URL); an HTML error page (GitHub's
 * "Unicorn!" page) is named by its status, not pasted into the log.
 */
export function answerOf(error: unknown): string {
  if (!isHttpError(error)) {
    return `could not be asked (${errorMessage(error)})`
  }
  if (error.response === undefined) {
    const why = unanswered(error)
    if (why.kind === 'unreachable') {
      return `could not be reached (${why.reason}; check the runner's network and GITHUB_API_URL)`
    }
    if (why.kind === 'certificate') {
      return (
        `could not be reached: its TLS certificate was refused (${why.reason}; for a GitHub ` +
        `Enterprise Server with a certificate authority of its own, set NODE_EXTRA_CA_CERTS)`
      )
    }
    return `did not answer (${why.reason})`
  }
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
