/**
 * Waiting for a function, or one of its versions, to leave Pending. Not the SDK's
 * waitUntilFunctionActiveV2: it retries every error until its deadline, so an AccessDenied or
 * expired credentials would read as "stayed Pending" minutes later. Here only Pending and
 * passing failures are waited out; any other error is said at once, as every call says it.
 */
import { GetFunctionCommand, type FunctionConfiguration } from '@aws-sdk/client-lambda'
import { describeAwsError, isTransient } from '../aws/errors.js'
import { BenchmarkError, isAbort } from '../core/errors.js'
import { retry, TryAgain } from '../core/retry.js'
import type { Control } from './control.js'

/** What is waited for, for the messages: "orders", or "version 3 of orders". */
interface ActiveWait {
  /** A published version; $LATEST when left out. */
  qualifier?: string
  signal?: AbortSignal
  /** Why it may be Pending, for the message when it stays so: e.g. "while Lambda made its SnapStart snapshot". */
  why?: string
}

/**
 * The configuration once it is no longer Pending (Active, or Failed for the caller to refuse),
 * polled with back-off (1 s, up to 10 s) until LMB_ACTIVE_DEADLINE_MS.
 */
export async function untilNotPending(
  control: Control,
  wait: ActiveWait = {}
): Promise<FunctionConfiguration> {
  const what = wait.qualifier
    ? `version ${wait.qualifier} of ${control.functionName}`
    : control.functionName
  const limitMs = control.settings.activeDeadlineMs
  try {
    return await retry(
      async () => {
        const out = await control.lambda.send(
          new GetFunctionCommand({ FunctionName: control.identifier, Qualifier: wait.qualifier })
        )
        if (!out.Configuration) throw new BenchmarkError('GetFunction returned no configuration')
        if (out.Configuration.State === 'Pending') throw new TryAgain(`${what} is Pending`)
        return out.Configuration
      },
      {
        retryable: isTransient,
        deadline: control.clock.now() + limitMs,
        backoff: { baseMs: 1_000, capMs: 10_000 },
        signal: wait.signal,
        clock: control.clock
      }
    )
  } catch (error) {
    if (isAbort(error) || error instanceof BenchmarkError) throw error
    if (error instanceof TryAgain) {
      throw new BenchmarkError(
        `${what} stayed Pending for ${Math.round(limitMs / 1000)} s (LMB_ACTIVE_DEADLINE_MS)${wait.why ? ` ${wait.why}` : ''}; it must be Active to be benchmarked`
      )
    }
    throw new BenchmarkError(describeAwsError(error, 'lambda:GetFunction', what))
  }
}
