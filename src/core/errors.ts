/** The errors the run tells apart: a function that cannot be benchmarked, and cancellation. */

/** An error that stops the benchmark of one function; its message is shown to the user as is. */
export class BenchmarkError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options)
    this.name = 'BenchmarkError'
  }
}

/** The error of work stopped by cancellation; `isAbort` recognises it, as the SDK's own. */
export function abortError(message = 'cancelled', cause?: unknown): Error {
  const error = new Error(message, cause === undefined ? undefined : { cause })
  error.name = 'AbortError'
  return error
}

/** True for an AbortError: ours, or the SDK's when a signal cancels a request or a waiter. */
export function isAbort(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as Error).name === 'AbortError'
}

/** The message of an error (or of anything thrown), without a trailing period. */
export function errorMessage(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error)
  return text.replace(/\.\s*$/, '')
}

/**
 * Codes of a connection that was never made, Node's and undici's: the name did not resolve, the
 * port refused, no route, no connection within undici's connect timeout. Shared by what AWS's
 * and GitHub's errors mean ("could not reach …", never "answered").
 */
export const UNREACHABLE_CODES: ReadonlySet<string> = new Set([
  'ENOTFOUND',
  'EAI_AGAIN',
  'EAI_FAIL',
  'ECONNREFUSED',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EHOSTDOWN',
  'EADDRNOTAVAIL',
  'UND_ERR_CONNECT_TIMEOUT'
])
