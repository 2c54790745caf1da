/**
 * A function's configuration: read it, set its memory and wait until Lambda has applied it, and
 * put the original memory back. Memory is the only thing we ever change.
 */
import {
  GetFunctionCommand,
  UpdateFunctionConfigurationCommand,
  waitForFunctionUpdatedV2,
  waitUntilFunctionActiveV2,
  type FunctionConfiguration,
  type LambdaClient
} from '@aws-sdk/client-lambda'
import { createHash } from 'node:crypto'
import type { Architecture } from '../results.js'
import { describeAwsError, errorMessage, errorName, isAbort, isTransient } from '../aws/errors.js'
import { backoffDelay, envMs, sleep } from './backoff.js'
import { firstPollDelayMs, pollSchedule, recordApplyTime } from './update-timing.js'

/** What we need to know about a function before changing it. */
export interface FunctionSnapshot {
  functionArn: string
  functionName: string
  memorySize: number
  revisionId: string
  architecture: Architecture
  logFormat: 'Text' | 'JSON'
  logGroup: string
  /** Hash of everything but memory and status fields: tells our changes from someone else's. */
  fingerprint: string
}

/** An error that stops the benchmark of one function; its message is shown as is. */
export class BenchmarkError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'BenchmarkError'
  }
}

/** Bounds, overridable through the environment (documented in the README). */
export const deadlines = {
  /** How long an update may stay InProgress (LMB_UPDATE_DEADLINE_MS). */
  update: (): number => envMs('LMB_UPDATE_DEADLINE_MS', 300_000),
  /** How long a Pending function may take to become Active (LMB_ACTIVE_DEADLINE_MS). */
  active: (): number => envMs('LMB_ACTIVE_DEADLINE_MS', 300_000),
  /** How long 409 conflicts (someone else's update) are retried (LMB_CONFLICT_DEADLINE_MS). */
  conflict: (): number => envMs('LMB_CONFLICT_DEADLINE_MS', 120_000),
  /** How long a restore keeps trying while the API is unreachable (LMB_RESTORE_DEADLINE_MS). */
  restore: (): number => envMs('LMB_RESTORE_DEADLINE_MS', 180_000)
}

/** Hash of the configuration fields we never touch (no values are kept, only the hash). */
export function fingerprintOf(c: FunctionConfiguration): string {
  const stable = [
    c.CodeSha256,
    c.Handler,
    c.Runtime,
    c.Timeout,
    c.Role,
    c.Environment?.Variables ?? null,
    (c.Layers ?? []).map((l) => l.Arn),
    c.EphemeralStorage?.Size,
    c.Description,
    c.Architectures,
    c.VpcConfig?.SubnetIds,
    c.VpcConfig?.SecurityGroupIds,
    c.TracingConfig?.Mode,
    c.KMSKeyArn,
    c.DeadLetterConfig?.TargetArn,
    c.LoggingConfig?.LogFormat,
    c.LoggingConfig?.LogGroup,
    c.SnapStart?.ApplyOn
  ]
  return createHash('sha256').update(JSON.stringify(stable)).digest('hex').slice(0, 32)
}

function snapshotOf(c: FunctionConfiguration, fallbackName: string): FunctionSnapshot {
  const functionName = c.FunctionName ?? fallbackName
  return {
    functionArn: c.FunctionArn ?? functionName,
    functionName,
    memorySize: c.MemorySize ?? 128,
    revisionId: c.RevisionId ?? '',
    architecture: c.Architectures?.[0] === 'arm64' ? 'arm64' : 'x86_64',
    logFormat: c.LoggingConfig?.LogFormat === 'JSON' ? 'JSON' : 'Text',
    logGroup: c.LoggingConfig?.LogGroup || `/aws/lambda/${functionName}`,
    fingerprint: fingerprintOf(c)
  }
}

/** GetFunction's Configuration; transient errors retried until `deadlineMs` from now. */
export async function getConfiguration(
  lambda: LambdaClient,
  identifier: string,
  deadlineMs = 30_000
): Promise<FunctionConfiguration> {
  const deadline = Date.now() + deadlineMs
  for (let attempt = 0; ; attempt++) {
    try {
      const out = await lambda.send(new GetFunctionCommand({ FunctionName: identifier }))
      if (!out.Configuration) throw new BenchmarkError(`GetFunction returned no configuration`)
      return out.Configuration
    } catch (error) {
      if (!isTransient(error) || Date.now() > deadline) throw error
      await sleep(backoffDelay(attempt, 500, 5_000))
    }
  }
}

function reasonOf(reason: string | undefined, code: string | undefined): string {
  if (reason && code) return `${reason} (${code})`
  return reason || code || 'no reason given'
}

/**
 * Reads the configuration to benchmark from: waits (bounded) for a Pending function or an
 * update in progress, refuses one that is not Active or whose last update Failed.
 */
export async function snapshotFunction(
  lambda: LambdaClient,
  identifier: string,
  functionName: string,
  signal?: AbortSignal
): Promise<FunctionSnapshot> {
  let config: FunctionConfiguration
  try {
    config = await getConfiguration(lambda, identifier)
  } catch (error) {
    throw new BenchmarkError(describeAwsError(error, 'lambda:GetFunction', functionName))
  }
  if (config.State === 'Pending') {
    const maxWaitTime = deadlines.active() / 1000
    try {
      await waitUntilFunctionActiveV2(
        { client: lambda, maxWaitTime, minDelay: 1, maxDelay: 10, abortSignal: signal },
        { FunctionName: identifier }
      )
    } catch (error) {
      if (isAbort(error)) throw error
      throw new BenchmarkError(
        `${functionName} stayed Pending for ${maxWaitTime} s (or became Failed); it must be Active to be benchmarked`
      )
    }
    config = await getConfiguration(lambda, identifier)
  }
  if (config.State && config.State !== 'Active') {
    throw new BenchmarkError(
      `${functionName} is ${config.State}: ${reasonOf(config.StateReason, config.StateReasonCode)}; it must be Active to be benchmarked`
    )
  }
  if (config.LastUpdateStatus === 'InProgress') {
    // Someone else's update, started at an unknown time: its wait says nothing of apply times.
    config = await waitForUpdate(
      lambda,
      identifier,
      functionName,
      signal,
      deadlines.update(),
      false
    )
  }
  if (config.LastUpdateStatus === 'Failed') {
    throw new BenchmarkError(
      `${functionName}'s last update Failed: ${reasonOf(config.LastUpdateStatusReason, config.LastUpdateStatusReasonCode)}; fix the function before benchmarking it`
    )
  }
  return snapshotOf(config, functionName)
}

/**
 * Waits with the SDK's FunctionUpdatedV2 waiter (GetFunction polling, bounded) and returns the
 * configuration once the update is Successful. The waiter runs twice: at a short constant
 * interval while the change is expected, then, if it is still InProgress, with exponential
 * back-off (update-timing.ts). Failed stops at once; errors are retried until the deadline.
 */
export async function waitForUpdate(
  lambda: LambdaClient,
  identifier: string,
  functionName: string,
  signal?: AbortSignal,
  maxWaitMs = deadlines.update(),
  learnApplyTime = true
): Promise<FunctionConfiguration> {
  const started = Date.now()
  const deadline = started + maxWaitMs
  // The first answer would be InProgress: ask when the change is likely applied.
  await sleep(Math.min(firstPollDelayMs(), maxWaitMs / 2), signal)
  const { steadyDelayS, steadyWindowS, backoffMinDelayS, backoffMaxDelayS } = pollSchedule
  const remainingS = (): number => (deadline - Date.now()) / 1000
  const poll = (minDelay: number, maxDelay: number, maxWaitTime: number) =>
    // The non-throwing form of waitUntilFunctionUpdatedV2: same waiter, but its result keeps
    // the last GetFunction answer, from which we name the reason of a Failed update.
    waitForFunctionUpdatedV2(
      { client: lambda, maxWaitTime, minDelay, maxDelay, abortSignal: signal },
      { FunctionName: identifier }
    )
  let result = await poll(
    steadyDelayS,
    steadyDelayS,
    Math.max(Math.min(steadyWindowS, remainingS()), steadyDelayS * 2)
  )
  if (result.state === 'TIMEOUT' && remainingS() > backoffMinDelayS * 2) {
    result = await poll(backoffMinDelayS, backoffMaxDelayS, remainingS())
  }
  const reason = result.reason as { Configuration?: FunctionConfiguration } | undefined
  const config = reason?.Configuration
  switch (result.state) {
    case 'SUCCESS':
      if (!config) throw new BenchmarkError(`GetFunction returned no configuration`)
      if (learnApplyTime) recordApplyTime(Date.now() - started)
      return config
    case 'FAILURE':
      throw new BenchmarkError(
        `the update of ${functionName} Failed: ${reasonOf(config?.LastUpdateStatusReason, config?.LastUpdateStatusReasonCode)}`
      )
    case 'ABORTED': {
      const abort = new Error('cancelled while waiting for the update')
      abort.name = 'AbortError'
      throw abort
    }
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
 * UpdateFunctionConfiguration with only MemorySize (and RevisionId, so a change someone made
 * meanwhile is never overwritten); a 409 (an update still in progress) is retried with backoff.
 * Returns the answer's RevisionId.
 */
export async function requestMemory(
  lambda: LambdaClient,
  identifier: string,
  memorySize: number,
  revisionId: string | undefined,
  signal?: AbortSignal,
  conflictDeadlineMs = deadlines.conflict()
): Promise<string | undefined> {
  const out = await whileConflicting(
    () =>
      lambda.send(
        new UpdateFunctionConfigurationCommand({
          FunctionName: identifier,
          MemorySize: memorySize,
          RevisionId: revisionId || undefined
        }),
        { abortSignal: signal }
      ),
    signal,
    conflictDeadlineMs
  )
  return out.RevisionId
}

/**
 * Runs a control-plane change, retrying 409 ResourceConflictException (an update still
 * settling, someone else's update) and transient errors with backoff until the deadline.
 */
export async function whileConflicting<T>(
  change: () => Promise<T>,
  signal?: AbortSignal,
  conflictDeadlineMs = deadlines.conflict()
): Promise<T> {
  const deadline = Date.now() + conflictDeadlineMs
  for (let attempt = 0; ; attempt++) {
    try {
      return await change()
    } catch (error) {
      const retry = errorName(error) === 'ResourceConflictException' || isTransient(error)
      if (!retry || Date.now() > deadline || signal?.aborted) throw error
      await sleep(backoffDelay(attempt, 250, 5_000), signal)
    }
  }
}

/**
 * Sets the memory size and waits until Lambda applies it. Returns the RevisionId of the applied
 * configuration: the one a restore must present.
 */
export async function setMemory(
  lambda: LambdaClient,
  snapshot: { functionName: string; fingerprint: string },
  identifier: string,
  memorySize: number,
  revisionId: string,
  signal?: AbortSignal
): Promise<string> {
  try {
    await requestMemory(lambda, identifier, memorySize, revisionId, signal)
  } catch (error) {
    if (isAbort(error) || signal?.aborted) throw error
    if (errorName(error) !== 'PreconditionFailedException') {
      throw new BenchmarkError(
        describeAwsError(error, 'lambda:UpdateFunctionConfiguration', snapshot.functionName)
      )
    }
    // A retry of an update Lambda applied but whose answer was lost presents the old RevisionId
    // too: that 412 is our own change, so go on to the wait (which reads the new RevisionId).
    if (!(await isOwnUpdate(lambda, snapshot, identifier, memorySize))) {
      throw new BenchmarkError(
        `${snapshot.functionName} was changed by someone else during the benchmark (RevisionId no longer matches); stopped`
      )
    }
  }
  const config = await waitForUpdate(lambda, identifier, snapshot.functionName, signal)
  if (config.MemorySize !== memorySize) {
    throw new BenchmarkError(
      `${snapshot.functionName} reports ${config.MemorySize} MB after being set to ${memorySize} MB: someone else changed it`
    )
  }
  return config.RevisionId ?? ''
}

/**
 * After a 412: whether the function now holds exactly our requested change (memory at the size
 * we asked for, nothing else moved since the snapshot). A failed read counts as not ours.
 */
async function isOwnUpdate(
  lambda: LambdaClient,
  snapshot: { functionName: string; fingerprint: string },
  identifier: string,
  memorySize: number
): Promise<boolean> {
  try {
    const current = await getConfiguration(lambda, identifier)
    return current.MemorySize === memorySize && fingerprintOf(current) === snapshot.fingerprint
  } catch {
    return false
  }
}

/** What a restore needs, as saved in the state before the first change. */
export interface RestoreTarget {
  identifier: string
  functionName: string
  originalMemorySize: number
  /** RevisionId after our last change (or of the snapshot). */
  revisionId: string
  fingerprint: string
  /** Memory sizes we may have set. */
  sizes: number[]
  /**
   * The memory size we last asked for (the original until the first request). Absent in state
   * saved by older versions, where any of `sizes` counts as ours.
   */
  requestedMemory?: number
}

/** restored: put back; unchanged: already at its original memory; conflict: left alone; gone: deleted. */
export type RestoreOutcome = 'restored' | 'unchanged' | 'conflict' | 'gone'

/**
 * Puts the original memory back (memory only). Idempotent: a function already at its original
 * memory is left as it is. A function someone else changed meanwhile is left alone ('conflict').
 * Transient failures (throttling, 5xx, the API unreachable) are retried until the deadline.
 */
export async function restoreMemory(
  lambda: LambdaClient,
  target: RestoreTarget,
  deadlineMs = deadlines.restore()
): Promise<RestoreOutcome> {
  const deadline = Date.now() + deadlineMs
  let lastError: unknown
  for (let attempt = 0; Date.now() <= deadline; attempt++) {
    if (attempt > 0) await sleep(Math.min(backoffDelay(attempt, 500, 5_000), deadline - Date.now()))
    try {
      const current = await getConfiguration(lambda, target.identifier, deadline - Date.now())
      if (current.MemorySize === target.originalMemorySize) return 'unchanged'
      let revision = target.revisionId
      if (current.RevisionId !== target.revisionId) {
        // The revision moves when one of our own updates completes after we last looked (a
        // cancelled wait), so a different revision is still ours when nothing but memory
        // differs from the snapshot and that memory is the one we last asked for: another
        // planned size may well be someone else's choice.
        const memory = current.MemorySize ?? -1
        const ours =
          fingerprintOf(current) === target.fingerprint &&
          (target.requestedMemory !== undefined
            ? memory === target.requestedMemory
            : target.sizes.includes(memory))
        if (!ours) return 'conflict'
        revision = current.RevisionId ?? ''
      }
      if (current.LastUpdateStatus === 'InProgress') {
        lastError = new Error('an update is still in progress')
        continue
      }
      await lambda.send(
        new UpdateFunctionConfigurationCommand({
          FunctionName: target.identifier,
          MemorySize: target.originalMemorySize,
          RevisionId: revision || undefined
        })
      )
      await waitForUpdate(
        lambda,
        target.identifier,
        target.functionName,
        undefined,
        Math.max(1_000, deadline - Date.now())
      )
      return 'restored'
    } catch (error) {
      lastError = error
      const name = errorName(error)
      if (name === 'ResourceNotFoundException') return 'gone'
      // 412: changed between our look and our update; look again (the next round decides).
      if (name === 'PreconditionFailedException') continue
      if (name === 'ResourceConflictException' || isTransient(error)) continue
      if (error instanceof BenchmarkError) throw error
      throw new BenchmarkError(
        describeAwsError(error, 'lambda:UpdateFunctionConfiguration', target.functionName)
      )
    }
  }
  throw new BenchmarkError(
    `could not restore ${target.functionName} to ${target.originalMemorySize} MB before the deadline (LMB_RESTORE_DEADLINE_MS): ${errorName(lastError)}: ${errorMessage(lastError)}`
  )
}
