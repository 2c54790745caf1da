/**
 * Reading SDK errors: their code, whether waiting and trying again can help, and a message
 * that tells the user which IAM action or which state is in the way.
 */

/** The error code the SDK set (`name`), e.g. `ResourceConflictException`. */
export function errorName(error: unknown): string {
  if (typeof error === 'object' && error !== null) {
    const e = error as { name?: unknown; code?: unknown }
    if (typeof e.name === 'string' && e.name !== 'Error') return e.name
    if (typeof e.code === 'string') return e.code
  }
  return 'Error'
}

/** The error's message, without a trailing period. */
export function errorMessage(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error)
  return text.replace(/\.\s*$/, '')
}

/** HTTP status of the answer that carried the error, when there was one. */
export function httpStatus(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined
  return (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode
}

const THROTTLING = new Set([
  'TooManyRequestsException',
  'ThrottlingException',
  'Throttling',
  'RequestLimitExceeded',
  'TooManyRequests'
])

/** HTTP 429 or a throttling code. */
export function isThrottling(error: unknown): boolean {
  return httpStatus(error) === 429 || THROTTLING.has(errorName(error))
}

/** True for AccessDenied in any of its spellings. */
export function isAccessDenied(error: unknown): boolean {
  const name = errorName(error)
  return name === 'AccessDeniedException' || name === 'AccessDenied' || httpStatus(error) === 403
}

const NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'ENOTFOUND',
  'ECONNABORTED',
  'EHOSTUNREACH',
  'ENETUNREACH'
])

/**
 * An error worth waiting out: throttling, a 5xx, or no answer at all (connection refused,
 * reset, timed out). 4xx answers other than 429 are decisions, not accidents.
 */
export function isTransient(error: unknown): boolean {
  if (isAbort(error)) return false
  if (isThrottling(error)) return true
  const status = httpStatus(error)
  if (status !== undefined) return status >= 500
  if (typeof error === 'object' && error !== null) {
    const e = error as { code?: unknown; name?: unknown; message?: unknown }
    if (typeof e.code === 'string' && NETWORK_CODES.has(e.code)) return true
    if (e.name === 'TimeoutError') return true
    if (typeof e.message === 'string' && /socket hang up|ECONN|EPIPE|ETIMEDOUT/.test(e.message))
      return true
  }
  return false
}

/** The AbortError the SDK throws when our signal cancels a request or a waiter. */
export function isAbort(error: unknown): boolean {
  return errorName(error) === 'AbortError'
}

/**
 * "lambda:UpdateFunctionConfiguration was denied for my-fn: <AWS message>", or the AWS
 * message prefixed with the operation.
 */
export function describeAwsError(error: unknown, action: string, functionName: string): string {
  if (isAccessDenied(error)) {
    return `${action} was denied for ${functionName} (grant ${action} on it): ${errorMessage(error)}`
  }
  return `${action} failed for ${functionName}: ${errorName(error)}: ${errorMessage(error)}`
}
