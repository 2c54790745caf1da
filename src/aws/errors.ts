/**
 * Reading SDK errors: their code, whether waiting and trying again can help, and a message
 * that tells the user which IAM action or which state is in the way.
 */
import { BenchmarkError, errorMessage, isAbort } from '../core/errors.js'

/** The error code the SDK set (`name`), e.g. `ResourceConflictException`. */
export function errorName(error: unknown): string {
  if (typeof error === 'object' && error !== null) {
    const e = error as { name?: unknown; code?: unknown }
    if (typeof e.name === 'string' && e.name !== 'Error') return e.name
    if (typeof e.code === 'string') return e.code
  }
  return 'Error'
}

/** HTTP status of the answer that carried the error, when there was one. */
function httpStatus(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined
  return (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode
}

const THROTTLING: ReadonlySet<string> = new Set([
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
  if (name === 'AccessDeniedException' || name === 'AccessDenied') return true
  // EFSMountFailureException is a 403 too, but it is the function's setup, not our permissions.
  return httpStatus(error) === 403 && !functionSetupProblem(error)
}

const NETWORK_CODES: ReadonlySet<string> = new Set([
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
 * Invoke errors that say the function itself cannot start, and what to look at. Most arrive as
 * 502s, which would otherwise pass for a passing outage and be retried until the stall
 * deadline; waiting does not fix a missing KMS grant or a full subnet. Names and meanings from
 * the Invoke API reference (Errors).
 */
const FUNCTION_SETUP_ERRORS: Record<string, string> = {
  EC2AccessDeniedException: "its execution role may not manage the VPC's network interfaces",
  ENILimitReachedException: 'its VPC has reached the network interface limit',
  SubnetIPAddressLimitReachedException: 'its subnets have no free IP address',
  InvalidSubnetIDException: 'a subnet of its VPC configuration does not exist',
  InvalidSecurityGroupIDException: 'a security group of its VPC configuration does not exist',
  KMSAccessDeniedException:
    'Lambda may not use the KMS key of its environment variables (check the key policy and the execution role)',
  KMSDisabledException: 'the KMS key of its environment variables is disabled',
  KMSInvalidStateException: 'the KMS key of its environment variables is not usable',
  KMSNotFoundException: 'the KMS key of its environment variables does not exist',
  InvalidZipFileException: 'Lambda could not unpack its deployment package',
  InvalidRuntimeException: 'its runtime is not supported',
  EFSMountFailureException: 'its file system could not be mounted (permissions or configuration)',
  EFSMountConnectivityException: 'its file system could not be reached from its VPC',
  EFSMountTimeoutException: 'mounting its file system timed out',
  EFSIOException: 'its file system failed',
  SnapStartException: 'its SnapStart snapshot could not be restored'
}

/** What to fix when the function's own setup failed; undefined for any other error. */
function functionSetupProblem(error: unknown): string | undefined {
  return FUNCTION_SETUP_ERRORS[errorName(error)]
}

/**
 * An error worth waiting out: throttling, a 5xx, or no answer at all (connection refused,
 * reset, timed out). 4xx answers other than 429 are decisions, not accidents, and so are the
 * function's own setup failures whatever their status.
 */
export function isTransient(error: unknown): boolean {
  if (isAbort(error)) return false
  if (functionSetupProblem(error)) return false
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

/**
 * "lambda:UpdateFunctionConfiguration was denied for my-fn: <AWS message>", or the AWS
 * message prefixed with the operation.
 */
export function describeAwsError(error: unknown, action: string, functionName: string): string {
  const setup = functionSetupProblem(error)
  if (setup) {
    return `${functionName} cannot start: ${setup}; fix the function, retrying will not help (${action}: ${errorName(error)}: ${errorMessage(error)})`
  }
  if (isAccessDenied(error)) {
    return `${action} was denied for ${functionName} (grant ${action} on it): ${errorMessage(error)}`
  }
  return `${action} failed for ${functionName}: ${errorName(error)}: ${errorMessage(error)}`
}

/** The message of a failure: ours as it is, an AWS error described with `action`. */
export function failureMessage(error: unknown, action: string, functionName: string): string {
  if (error instanceof BenchmarkError) return error.message
  return describeAwsError(error, action, functionName)
}
