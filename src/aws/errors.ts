/**
 * Reading SDK errors: their code, whether waiting and trying again can help, and a message
 * that tells the user which IAM action, which state, the credentials or the network is in the
 * way, and what to do about it.
 */
import { BenchmarkError, errorMessage, isAbort, UNREACHABLE_CODES } from '../core/errors.js'

/**
 * AWS's message, first line only: a signature error goes on with the canonical request, whose
 * signed headers include the session token — never to be written into a log, a results file or
 * a comment.
 */
function awsMessage(error: unknown): string {
  return (errorMessage(error).split(/\r?\n/)[0] ?? '').trim().replace(/\.$/, '')
}

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
  // EFSMountFailureException is a 403 too, but it is the function's setup, not our permissions;
  // an expired or unknown token is a 403 as well, and no grant would help.
  return httpStatus(error) === 403 && !functionSetupProblem(error) && !credentialsProblem(error)
}

/** Credentials AWS refused, by the code each service answers with. */
const EXPIRED_CREDENTIALS: ReadonlySet<string> = new Set([
  'ExpiredTokenException',
  'ExpiredToken',
  'TokenRefreshRequired'
])
const INVALID_CREDENTIALS: ReadonlySet<string> = new Set([
  'UnrecognizedClientException',
  'InvalidClientTokenId',
  'InvalidSignatureException',
  'SignatureDoesNotMatch',
  'IncompleteSignatureException',
  'IncompleteSignature',
  'InvalidAccessKeyId',
  'MissingAuthenticationTokenException',
  'MissingAuthenticationToken'
])

/**
 * What is wrong with the credentials, for every call of the run alike: none found by the SDK's
 * chain (CredentialsProviderError, before any request), expired, or not accepted. Undefined
 * when the credentials are not the problem.
 */
function credentialsProblem(error: unknown): string | undefined {
  const name = errorName(error)
  const said = `${name}: ${awsMessage(error)}`
  if (name === 'CredentialsProviderError') {
    return `no AWS credentials were found (${awsMessage(error)}); give the job credentials before this step, e.g. with aws-actions/configure-aws-credentials`
  }
  if (EXPIRED_CREDENTIALS.has(name)) {
    return `the AWS credentials have expired (${said}); get fresh ones before this step, and with aws-actions/configure-aws-credentials give role-duration-seconds longer than the job runs`
  }
  if (INVALID_CREDENTIALS.has(name)) {
    return `AWS did not accept the credentials (${said}); check the access key ID, secret access key and session token the job has (aws-actions/configure-aws-credentials sets all three)`
  }
  return undefined
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

/** The service an IAM action belongs to, as a user knows it. */
function serviceOf(action: string): string {
  return action.startsWith('logs:') ? 'CloudWatch Logs' : 'AWS Lambda'
}

/**
 * Where the service was asked: "at <url>" when a variable set the endpoint (with the variable,
 * to check), else "in eu-west-1" from the endpoint's host name when the error names it.
 */
function endpointOf(
  error: object,
  action: string,
  env: NodeJS.ProcessEnv
): { where: string; variable?: string } {
  const variables = action.startsWith('logs:')
    ? ['AWS_ENDPOINT_URL_CLOUDWATCH_LOGS', 'AWS_ENDPOINT_URL']
    : ['AWS_ENDPOINT_URL_LAMBDA', 'AWS_ENDPOINT_URL']
  const variable = variables.find((v) => env[v])
  if (variable) return { where: ` at ${originOf(env[variable] as string)}`, variable }
  const host = (error as { hostname?: unknown }).hostname
  const region =
    typeof host === 'string' ? /^(?:lambda|logs)\.([a-z0-9-]+)\.amazonaws\.com/.exec(host) : null
  return { where: region ? ` in ${region[1]}` : '' }
}

/** A URL's origin: never a path or credentials written into it. */
function originOf(url: string): string {
  try {
    return new URL(url).origin
  } catch {
    return 'the endpoint given'
  }
}

/** The message of a network error, or of the errors of every address tried (AggregateError). */
function networkMessage(error: object): string {
  const e = error as { message?: unknown; errors?: unknown }
  if (typeof e.message === 'string' && e.message !== '') return e.message.replace(/\.\s*$/, '')
  if (Array.isArray(e.errors)) return e.errors.map((x) => errorMessage(x)).join(', ')
  return errorName(error)
}

/**
 * What is wrong with the way to AWS, the same for every call to that endpoint: it could not be
 * reached, the connection dropped, or no answer came in time. Undefined when AWS answered.
 */
function networkProblem(
  error: unknown,
  action: string,
  env: NodeJS.ProcessEnv
): string | undefined {
  if (typeof error !== 'object' || error === null || httpStatus(error) !== undefined)
    return undefined
  const e = error as { code?: unknown; name?: unknown; message?: unknown }
  const service = serviceOf(action)
  const { where, variable } = endpointOf(error, action, env)
  const check = `check the runner's network${variable ? ` and ${variable}` : ''}`
  const code = typeof e.code === 'string' ? e.code : undefined
  const message = typeof e.message === 'string' ? e.message : ''
  // The SDK's own: no connection within connectionTimeout, which it names TimeoutError too.
  const noConnection = e.name === 'TimeoutError' && /establish a connection/.test(message)
  if ((code !== undefined && UNREACHABLE_CODES.has(code)) || noConnection) {
    return `could not reach ${service}${where} (${networkMessage(error)}); ${check}`
  }
  if (e.name === 'TimeoutError' || code === 'ETIMEDOUT') {
    const ms = /(\d+) ms/.exec(message)
    const seconds = ms ? ` within ${Number(ms[1]) / 1000} s` : ' in time'
    // An Invoke's limit is Lambda's longest invocation, not LMB_REQUEST_TIMEOUT_MS.
    return action === 'lambda:InvokeFunction'
      ? `${service}${where} did not answer${seconds}; ${check}`
      : `${service}${where} did not answer${seconds} (LMB_REQUEST_TIMEOUT_MS); ${check}, or raise LMB_REQUEST_TIMEOUT_MS`
  }
  if ((code !== undefined && NETWORK_CODES.has(code)) || /socket hang up/.test(message)) {
    return `the connection to ${service}${where} dropped (${networkMessage(error)}); ${check}`
  }
  return undefined
}

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
 * "lambda:UpdateFunctionConfiguration was denied for my-fn (grant …): <AWS message>", or the
 * AWS message prefixed with the operation. A problem with the credentials or the network is the
 * same for every function, so its message names neither the function nor the operation ("the
 * AWS credentials have expired (…); …"): a run where it stops every function says it once.
 */
export function describeAwsError(
  error: unknown,
  action: string,
  functionName: string,
  env: NodeJS.ProcessEnv = process.env
): string {
  const runWide = credentialsProblem(error) ?? networkProblem(error, action, env)
  if (runWide) return runWide
  const setup = functionSetupProblem(error)
  if (setup) {
    return `${functionName} cannot start: ${setup}; fix the function, retrying will not help (${action}: ${errorName(error)}: ${awsMessage(error)})`
  }
  if (isAccessDenied(error)) {
    return `${action} was denied for ${functionName} (grant ${action} on it): ${awsMessage(error)}`
  }
  return `${action} failed for ${functionName}: ${errorName(error)}: ${awsMessage(error)}`
}

/** The message of a failure: ours as it is, an AWS error described with `action`. */
export function failureMessage(error: unknown, action: string, functionName: string): string {
  if (error instanceof BenchmarkError) return error.message
  return describeAwsError(error, action, functionName)
}
