/** Errors as the two AWS protocols put them on the wire. */

/** An error answer: HTTP status, error code (the `x-amzn-errortype` header) and JSON body. */
export class ApiError extends Error {
  readonly status: number
  readonly code: string
  readonly body: Record<string, unknown>
  readonly headers: Record<string, string>

  constructor(
    status: number,
    code: string,
    body: Record<string, unknown>,
    headers: Record<string, string> = {}
  ) {
    super(`${code}: ${String(body.message ?? body.Message ?? '')}`)
    this.status = status
    this.code = code
    this.body = body
    this.headers = headers
  }
}

/** The caller identity named in AccessDenied messages (as a GitHub OIDC role would appear). */
export function callerArn(accountId: string): string {
  return `arn:aws:sts::${accountId}:assumed-role/github-actions-benchmark/GitHubActions`
}

/** Lambda (restJson1) errors, bodies per aws-facts.md. */
export const lambdaErrors = {
  notFound: (arn: string): ApiError =>
    new ApiError(404, 'ResourceNotFoundException', {
      Type: 'User',
      Message: `Function not found: ${arn}`
    }),
  aliasNotFound: (arn: string): ApiError =>
    new ApiError(404, 'ResourceNotFoundException', {
      Type: 'User',
      Message: `Alias not found: ${arn}`
    }),
  updateInProgress: (arn: string): ApiError =>
    new ApiError(409, 'ResourceConflictException', {
      Type: 'User',
      message: `The operation cannot be performed at this time. An update is in progress for resource: ${arn}`
    }),
  conflict: (message: string): ApiError =>
    new ApiError(409, 'ResourceConflictException', { Type: 'User', message }),
  tooManyRequests: (): ApiError =>
    new ApiError(
      429,
      'TooManyRequestsException',
      {
        Reason: 'ReservedFunctionConcurrentInvocationLimitExceeded',
        Type: 'User',
        message: 'Rate Exceeded.'
      },
      { 'Retry-After': '1' }
    ),
  invalidParameter: (message: string): ApiError =>
    new ApiError(400, 'InvalidParameterValueException', { Type: 'User', message }),
  preconditionFailed: (): ApiError =>
    new ApiError(412, 'PreconditionFailedException', {
      Type: 'User',
      message:
        'The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id'
    }),
  service: (): ApiError =>
    new ApiError(500, 'ServiceException', {
      Type: 'Service',
      Message: 'An internal service error occurred. Please try again.'
    }),
  accessDenied: (accountId: string, action: string, resource: string): ApiError =>
    new ApiError(403, 'AccessDeniedException', {
      Message: `User: ${callerArn(accountId)} is not authorized to perform: lambda:${action} on resource: ${resource} because no identity-based policy allows the lambda:${action} action`
    }),
  /** An Invoke refused because the function cannot start (SETUP_FAILURES names the codes). */
  setupFailure: (code: SetupFailure): ApiError => {
    const [status, Message] = SETUP_FAILURES[code]
    return new ApiError(status, code, { Type: 'User', Message })
  },
  unknownOperation: (): ApiError =>
    new ApiError(404, 'UnknownOperationException', { Type: 'User', message: 'Unknown operation' })
}

/**
 * Invoke errors that come from the function's own setup (VPC, KMS, EFS, package), with the
 * status the Invoke API reference gives each and the message shape Lambda sends.
 */
const SETUP_FAILURES = {
  KMSAccessDeniedException: [
    502,
    "Lambda was unable to decrypt the environment variables because KMS access was denied. Please check the function's KMS key settings. KMS Exception: AccessDeniedException KMS Message: The ciphertext refers to a customer master key that does not exist, does not exist in this region, or you are not allowed to access."
  ],
  ENILimitReachedException: [
    502,
    'Lambda was not able to create an ENI in the VPC of the Lambda function because the limit for Network Interfaces has been reached.'
  ],
  SubnetIPAddressLimitReachedException: [
    502,
    'Lambda was not able to set up VPC access for the Lambda function because one or more configured subnets has no available IP addresses.'
  ],
  EFSMountFailureException: [
    403,
    'The function could not mount the configured file system due to a permission or configuration issue.'
  ]
} as const satisfies Record<string, readonly [number, string]>

export type SetupFailure = keyof typeof SETUP_FAILURES

/** CloudWatch Logs (JSON 1.1) errors: HTTP 400 with `__type` in the body. */
export function logsError(code: string, message: string, status = 400): ApiError {
  return new ApiError(status, code, { __type: code, message })
}
