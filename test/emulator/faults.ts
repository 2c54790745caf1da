/** Fault injection per function (FaultSpec): which calls are refused, dropped or left hanging. */
import { ApiError, callerArn, lambdaErrors, logsError } from './api-error.js'
import type { Context } from './context.js'
import { DropConnection } from './context.js'
import type { LambdaFunction } from './lambda/function-state.js'
import { iamAction } from './lambda/routes.js'

/**
 * Thrown to leave a request unanswered on its open socket (FaultSpec.hang); with `afterHeaders`
 * a 200 head and the start of a body are sent first, and the rest never comes.
 */
export class Hang extends Error {
  constructor(readonly afterHeaders = false) {
    super('hang')
  }
}

/** Applies the function's injected faults for this operation (may throw). */
export function applyFaults(
  ctx: Context,
  fn: LambdaFunction,
  operation: string,
  resource: string
): void {
  const f = fn.faults
  if (
    f.dropConnection?.operation === operation &&
    f.dropConnection.count > 0 &&
    !f.dropConnection.afterApplying
  ) {
    f.dropConnection.count--
    throw new DropConnection()
  }
  if (f.hang?.operation === operation && (f.hang.after ?? 0) > 0) {
    f.hang.after = (f.hang.after ?? 0) - 1
  } else if (f.hang?.operation === operation && f.hang.count > 0) {
    f.hang.count--
    throw new Hang(f.hang.afterHeaders)
  }
  if (f.accessDenied?.includes(operation)) {
    if (resource.startsWith('arn:aws:logs')) {
      throw new ApiError(400, 'AccessDeniedException', {
        __type: 'AccessDeniedException',
        message: `User: ${callerArn(ctx.accountId)} is not authorized to perform: logs:${operation} on resource: ${resource} because no identity-based policy allows the logs:${operation} action`
      })
    }
    throw lambdaErrors.accessDenied(ctx.accountId, iamAction(operation), resource)
  }
  if (f.serviceErrors?.operation === operation && (f.serviceErrors.after ?? 0) > 0) {
    f.serviceErrors.after = (f.serviceErrors.after ?? 0) - 1
  } else if (f.serviceErrors?.operation === operation && f.serviceErrors.count > 0) {
    f.serviceErrors.count--
    if (resource.startsWith('arn:aws:logs')) {
      throw logsError(
        'ServiceUnavailableException',
        'The service cannot complete the request.',
        500
      )
    }
    throw lambdaErrors.service()
  }
  if (operation === 'Invoke' && f.setupFailure) throw lambdaErrors.setupFailure(f.setupFailure)
}
