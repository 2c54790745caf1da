/**
 * A function's configuration before we touch it: read it, wait out a Pending state or someone
 * else's update, refuse a function that cannot be benchmarked, and keep what a restore needs.
 */
import type { FunctionConfiguration } from '@aws-sdk/client-lambda'
import { describeAwsError } from '../aws/errors.js'
import { BenchmarkError } from '../core/errors.js'
import type { Architecture } from '../model/results.js'
import { untilNotPending } from './active.js'
import type { Control } from './control.js'
import { markerRoomProblem, withoutMarker } from './environment.js'
import { fingerprintOf, getConfiguration } from './read.js'
import { reasonOf, waitForUpdate } from './update.js'

/** What we need to know about a function before changing it. */
export interface FunctionSnapshot {
  functionArn: string
  functionName: string
  memorySize: number
  revisionId: string
  architecture: Architecture
  logFormat: 'Text' | 'JSON'
  logGroup: string
  /**
   * SnapStart on published versions (`SnapStart.ApplyOn: PublishedVersions`): a version's cold
   * starts are restores, while `$LATEST` still initialises as usual.
   */
  snapStart: boolean
  /** Hash of everything but memory and status fields: tells our changes from someone else's. */
  fingerprint: string
  /**
   * The environment variables without our cold-start marker (null: none), sent back whole with
   * every marker change. May hold secrets: kept in memory only, never logged or saved.
   */
  environment: Record<string, string> | null
  /** Why the variables could not be read (GetFunction's Environment.Error), when so. */
  environmentError?: string
}

/** What a restore and the run need of a read configuration. */
export function snapshotOf(c: FunctionConfiguration, fallbackName: string): FunctionSnapshot {
  const functionName = c.FunctionName ?? fallbackName
  return {
    functionArn: c.FunctionArn ?? functionName,
    functionName,
    memorySize: c.MemorySize ?? 128,
    revisionId: c.RevisionId ?? '',
    architecture: c.Architectures?.[0] === 'arm64' ? 'arm64' : 'x86_64',
    logFormat: c.LoggingConfig?.LogFormat === 'JSON' ? 'JSON' : 'Text',
    logGroup: c.LoggingConfig?.LogGroup || `/aws/lambda/${functionName}`,
    snapStart: c.SnapStart?.ApplyOn === 'PublishedVersions',
    fingerprint: fingerprintOf(c),
    environment: withoutMarker(c.Environment?.Variables),
    ...(c.Environment?.Error
      ? { environmentError: c.Environment.Error.ErrorCode ?? 'an unnamed error' }
      : {})
  }
}

/**
 * Why a function on Lambda Managed Instances (its configuration has CapacityProviderConfig) is
 * not benchmarked; undefined for any other function. Its unqualified invoke runs
 * `$LATEST.PUBLISHED`, not the `$LATEST` whose memory this action sets, and it is paid for by
 * its instances, not by billed duration: neither the figures nor the costs would mean anything.
 */
export function managedInstancesRefusal(
  c: FunctionConfiguration,
  functionName: string
): string | undefined {
  if (!c.CapacityProviderConfig) return undefined
  return `${functionName} runs on Lambda Managed Instances (its configuration has a capacity provider), which this benchmark cannot measure: an unqualified invoke runs $LATEST.PUBLISHED, not the $LATEST whose memory it sets, and the function is paid for by its instances, not by billed duration at a memory size; it was left untouched`
}

/** A function neither Active nor Pending (Pending is waited out first): why it is not benchmarked. */
export function stateRefusal(c: FunctionConfiguration, functionName: string): string | undefined {
  if (!c.State || c.State === 'Active' || c.State === 'Pending') return undefined
  return `${functionName} is ${c.State}: ${reasonOf(c.StateReason, c.StateReasonCode)}; it must be Active to be benchmarked`
}

/** A last update that Failed (one in progress is waited out first): why it is not benchmarked. */
export function lastUpdateRefusal(
  c: FunctionConfiguration,
  functionName: string
): string | undefined {
  if (c.LastUpdateStatus !== 'Failed') return undefined
  return `${functionName}'s last update Failed: ${reasonOf(c.LastUpdateStatusReason, c.LastUpdateStatusReasonCode)}; fix the function before benchmarking it`
}

/**
 * Why the cold starts of this function cannot be forced (`cold-starts`), or undefined when they
 * can: its variables must be read to be sent back with the marker, and have room for it.
 */
export function coldStartRefusal(snapshot: FunctionSnapshot): string | undefined {
  const { functionName, environmentError } = snapshot
  if (environmentError) {
    return `${functionName}'s environment variables could not be read (${environmentError}), and forcing its cold starts sends them back with a marker variable: grant kms:Decrypt on the key that encrypts them, or set cold-starts to 0; it was left untouched`
  }
  return markerRoomProblem(snapshot.environment, functionName)
}

/**
 * SnapStart snapshots published versions only, and this mode measures $LATEST: its cold starts
 * are ordinary INITs, so what SnapStart changes is not in the figures.
 */
export function snapStartOnLatestWarning(functionName: string): string {
  return `${functionName}: SnapStart is on for its published versions, but isolation: latest measures $LATEST, which SnapStart does not apply to: the cold starts measured are ordinary INITs (Init Duration), not SnapStart restores; isolation: versions measures the restores`
}

/**
 * Reads the configuration to benchmark from: refuses a function on Lambda Managed Instances at
 * once, waits (bounded) for a Pending function or an update in progress, refuses one that is not
 * Active or whose last update Failed. Nothing here changes or invokes the function.
 */
export async function snapshotFunction(
  control: Control,
  signal?: AbortSignal
): Promise<FunctionSnapshot> {
  const { functionName } = control
  let config: FunctionConfiguration
  try {
    config = await getConfiguration(control)
  } catch (error) {
    if (error instanceof BenchmarkError) throw error
    throw new BenchmarkError(describeAwsError(error, 'lambda:GetFunction', functionName))
  }
  const refusal = managedInstancesRefusal(config, functionName)
  if (refusal) throw new BenchmarkError(refusal)
  if (config.State === 'Pending') config = await untilNotPending(control, { signal })
  const notActive = stateRefusal(config, functionName)
  if (notActive) throw new BenchmarkError(notActive)
  if (config.LastUpdateStatus === 'InProgress') {
    // Someone else's update, started at an unknown time: its wait says nothing of apply times.
    config = await waitForUpdate(control, { signal, learnApplyTime: false })
  }
  const failed = lastUpdateRefusal(config, functionName)
  if (failed) throw new BenchmarkError(failed)
  return snapshotOf(config, functionName)
}
