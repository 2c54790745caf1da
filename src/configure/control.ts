/**
 * What every configuration call of one function needs, in one value: the client, how to address
 * the function, the bounds of its waits, the clock, and what this run has learnt of update times.
 */
import type { LambdaClient } from '@aws-sdk/client-lambda'
import { errorName, isTransient } from '../aws/errors.js'
import type { Clock } from '../core/clock.js'
import { retry, type Backoff } from '../core/retry.js'
import type { Settings } from '../core/settings.js'
import type { UpdateTiming } from './update-timing.js'

/** One function under our control. */
export interface Control {
  /** The control-plane client of the function's region. */
  lambda: LambdaClient
  /** FunctionName as sent: the full ARN when one was given, else the name or partial ARN. */
  identifier: string
  /** For messages. */
  functionName: string
  settings: Settings
  clock: Clock
  /** Shared by every function of a run: a run's updates all take about as long. */
  timing: UpdateTiming
}

/** The control of one function, from the run's settings, clock and update timing. */
export function controlFor(
  lambda: LambdaClient,
  fn: { identifier: string; functionName: string },
  run: { settings: Settings; clock: Clock; timing: UpdateTiming }
): Control {
  const { identifier, functionName } = fn
  return {
    lambda,
    identifier,
    functionName,
    settings: run.settings,
    clock: run.clock,
    timing: run.timing
  }
}

const CONFLICT_BACKOFF: Backoff = { baseMs: 250, capMs: 5_000 }

/** A 409 (an update still settling, someone else's update) or a passing failure. */
export function isConflictOrTransient(error: unknown): boolean {
  return errorName(error) === 'ResourceConflictException' || isTransient(error)
}

/**
 * Runs a control-plane change, retrying 409 ResourceConflictException and transient errors with
 * back-off until the conflict deadline (LMB_CONFLICT_DEADLINE_MS) from now.
 */
export function whileConflicting<T>(
  control: Control,
  change: () => Promise<T>,
  signal?: AbortSignal
): Promise<T> {
  return retry(change, {
    retryable: isConflictOrTransient,
    deadline: control.clock.now() + control.settings.conflictDeadlineMs,
    backoff: CONFLICT_BACKOFF,
    signal,
    clock: control.clock
  })
}
