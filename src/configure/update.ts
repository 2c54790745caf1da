/**
 * Changing memory (and the cold-start marker): the update, guarded by RevisionId, and the wait
 * until Lambda has applied it. The wait is the SDK's FunctionUpdatedV2 waiter, first asked when this run's earlier
 * updates suggest the change is in place (update-timing.ts).
 */
import {
  UpdateFunctionConfigurationCommand,
  waitForFunctionUpdatedV2,
  type FunctionConfiguration
} from '@aws-sdk/client-lambda'
import { describeAwsError, errorName } from '../aws/errors.js'
import { abortError, BenchmarkError, errorMessage, isAbort } from '../core/errors.js'
import { whileConflicting, type Control } from './control.js'
import { MARKER, scrubbed } from './environment.js'
import { fingerprintOf, getConfiguration } from './read.js'
import { POLL_SCHEDULE } from './update-timing.js'

/** `reason (code)`, or whichever of the two Lambda gave. */
export function reasonOf(reason: string | undefined, code: string | undefined): string {
  if (reason && code) return `${reason} (${code})`
  return reason || code || 'no reason given'
}

export interface WaitOptions {
  signal?: AbortSignal
  /** Default: the update deadline (LMB_UPDATE_DEADLINE_MS). */
  maxWaitMs?: number
  /** False for someone else's update, started at an unknown time. Default true. */
  learnApplyTime?: boolean
}

/**
 * Waits until the function's last update is Successful and returns its configuration. The
 * waiter runs twice: at a short constant interval while the change is expected, then, if it is
 * still InProgress, with exponential back-off. Failed stops at once; errors are retried by the
 * waiter until the deadline.
 */
export async function waitForUpdate(
  control: Control,
  options: WaitOptions = {}
): Promise<FunctionConfiguration> {
  const { clock, timing, functionName } = control
  const { signal } = options
  const maxWaitMs = options.maxWaitMs ?? control.settings.updateDeadlineMs
  const started = clock.now()
  const deadline = started + maxWaitMs
  // The first answer would be InProgress: ask when the change is likely applied.
  await clock.sleep(Math.min(timing.firstPollDelayMs(), maxWaitMs / 2), signal)
  const { steadyDelayS, steadyWindowS, backoffMinDelayS, backoffMaxDelayS } = POLL_SCHEDULE
  const remainingS = (): number => (deadline - clock.now()) / 1000
  const poll = (minDelay: number, maxDelay: number, maxWaitTime: number) =>
    // The non-throwing form of waitUntilFunctionUpdatedV2: same waiter, but its result keeps
    // the last GetFunction answer, from which we name the reason of a Failed update.
    waitForFunctionUpdatedV2(
      { client: control.lambda, maxWaitTime, minDelay, maxDelay, abortSignal: signal },
      { FunctionName: control.identifier }
    )
  let result = await poll(
    steadyDelayS,
    steadyDelayS,
    Math.max(Math.min(steadyWindowS, remainingS()), steadyDelayS * 2)
  )
  if (result.state === 'TIMEOUT' && remainingS() > backoffMinDelayS * 2) {
    result = await poll(backoffMinDelayS, backoffMaxDelayS, remainingS())
  }
  const config = (result.reason as { Configuration?: FunctionConfiguration } | undefined)
    ?.Configuration
  switch (result.state) {
    case 'SUCCESS':
      if (!config) throw new BenchmarkError(`GetFunction returned no configuration`)
      if (options.learnApplyTime !== false) timing.record(clock.now() - started)
      return config
    case 'FAILURE':
      throw new BenchmarkError(
        `the update of ${functionName} Failed: ${reasonOf(config?.LastUpdateStatusReason, config?.LastUpdateStatusReasonCode)}`
      )
    case 'ABORTED':
      throw abortError('cancelled while waiting for the update')
    default:
      throw new BenchmarkError(
        `the update of ${functionName} was still InProgress after ${Math.round(maxWaitMs / 1000)} s (LMB_UPDATE_DEADLINE_MS)${describeLast(result.reason)}`
      )
  }
}

/** `; last answer: …` when the waiter kept one (a timed-out waiter usually does not). */
function describeLast(reason: unknown): string {
  if (reason instanceof Error) return `; last answer: ${errorName(reason)}: ${errorMessage(reason)}`
  const config = (reason as { Configuration?: FunctionConfiguration } | undefined)?.Configuration
  if (config) return `; last answer: LastUpdateStatus ${config.LastUpdateStatus ?? 'unknown'}`
  return ''
}

/**
 * What one update sets: the memory size and, to force cold starts, the whole set of
 * environment variables (null: none). Nothing else is ever sent.
 */
export interface ConfigurationChange {
  memorySize: number
  environment?: Record<string, string> | null
}

/**
 * UpdateFunctionConfiguration with only the change, and RevisionId so that a change someone
 * made meanwhile is never overwritten. Returns the answer's RevisionId.
 */
async function requestChange(
  control: Control,
  change: ConfigurationChange,
  revisionId: string | undefined,
  signal?: AbortSignal
): Promise<string | undefined> {
  const { memorySize, environment } = change
  const out = await whileConflicting(
    control,
    () =>
      control.lambda.send(
        new UpdateFunctionConfigurationCommand({
          FunctionName: control.identifier,
          MemorySize: memorySize,
          ...(environment !== undefined ? { Environment: { Variables: environment ?? {} } } : {}),
          RevisionId: revisionId || undefined
        }),
        { abortSignal: signal }
      ),
    signal
  )
  return out.RevisionId
}

/**
 * Applies the change (memory, and the variables when given) and waits until Lambda has applied
 * it. Returns the RevisionId of the applied configuration: the one a restore must present.
 * `fingerprint` is the snapshot's. A failure of a change that carried the variables never
 * quotes them.
 */
export async function applyChange(
  control: Control,
  fingerprint: string,
  change: ConfigurationChange,
  revisionId: string,
  signal?: AbortSignal
): Promise<string> {
  const { functionName } = control
  const { memorySize, environment } = change
  try {
    await requestChange(control, change, revisionId, signal)
  } catch (error) {
    if (isAbort(error) || signal?.aborted) throw error
    if (errorName(error) !== 'PreconditionFailedException') {
      const described = describeAwsError(error, 'lambda:UpdateFunctionConfiguration', functionName)
      throw new BenchmarkError(
        environment === undefined ? described : scrubbed(described, environment)
      )
    }
    // A retry of an update Lambda applied but whose answer was lost presents the old RevisionId
    // too: that 412 is our own change, so go on to the wait (which reads the new RevisionId).
    if (!(await isOwnUpdate(control, fingerprint, change))) {
      throw new BenchmarkError(
        `${functionName} was changed by someone else during the benchmark (RevisionId no longer matches); stopped`
      )
    }
  }
  const config = await waitForUpdate(control, { signal })
  if (config.MemorySize !== memorySize) {
    throw new BenchmarkError(
      `${functionName} reports ${config.MemorySize} MB after being set to ${memorySize} MB: someone else changed it`
    )
  }
  return config.RevisionId ?? ''
}

/**
 * After a 412: whether the function now holds exactly our requested change (memory at the size
 * we asked for, the marker as we set it, nothing else moved since the snapshot). A failed read
 * counts as not ours.
 */
async function isOwnUpdate(
  control: Control,
  fingerprint: string,
  change: ConfigurationChange
): Promise<boolean> {
  try {
    const current = await getConfiguration(control)
    const marker = current.Environment?.Variables?.[MARKER]
    return (
      current.MemorySize === change.memorySize &&
      fingerprintOf(current) === fingerprint &&
      (change.environment === undefined || marker === change.environment?.[MARKER])
    )
  } catch {
    return false
  }
}
