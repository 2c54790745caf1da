/**
 * Putting the function back — its original memory, and its variables without the cold-start
 * marker — from the main step, on cancellation and from the post step. Idempotent, and never
 * overwrites a change someone else made meanwhile. The variables are read back from Lambda, so
 * no value of them is ever saved in the state.
 */
import { UpdateFunctionConfigurationCommand } from '@aws-sdk/client-lambda'
import { describeAwsError, errorName } from '../aws/errors.js'
import { BenchmarkError, errorMessage } from '../core/errors.js'
import { retry, TryAgain } from '../core/retry.js'
import { isConflictOrTransient, type Control } from './control.js'
import { hasMarker, MARKER, scrubbed, withoutMarker } from './environment.js'
import { fingerprintOf, getConfiguration } from './read.js'
import { waitForUpdate } from './update.js'

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
type RestoreOutcome = 'restored' | 'unchanged' | 'conflict' | 'gone'

/**
 * What a restore did. `marker`: the function had the cold-start marker variable — taken out when
 * restored, still there when left alone after someone else's change.
 */
export interface Restored {
  outcome: RestoreOutcome
  marker: boolean
}

/** What a restore's outcome tells the user, and whether it is a warning. */
export function restoreOutcomeLine(
  functionName: string,
  originalMemorySize: number,
  { outcome, marker }: Restored
): { warning: boolean; text: string } {
  const mb = `${originalMemorySize} MB`
  switch (outcome) {
    case 'restored':
      return {
        warning: false,
        text: `${functionName}: memory restored to ${mb}${marker ? ', environment variables as they were' : ''}`
      }
    case 'unchanged':
      return { warning: false, text: `${functionName}: memory already at its original ${mb}` }
    case 'conflict':
      return {
        warning: true,
        // Nobody else will take our variable out: the one who changed the function must.
        text: `${functionName} was changed by someone else during the benchmark, so it was left as they set it; its original memory was ${mb}${marker ? `, and its environment still has the variable ${MARKER} this benchmark added: remove it` : ''}`
      }
    case 'gone':
      return {
        warning: true,
        text: `${functionName} was deleted during the benchmark; nothing to restore`
      }
  }
}

/** 412: changed between our look and our update; the next look decides. */
function isRetryableInRestore(error: unknown): boolean {
  return errorName(error) === 'PreconditionFailedException' || isConflictOrTransient(error)
}

/**
 * Puts the original memory back and takes the marker out. A function already so is left as it is; one
 * someone else changed meanwhile is left alone ('conflict'). Transient failures (throttling,
 * 5xx, the API unreachable, an update still in progress) are retried until the restore deadline.
 * Takes no signal: a restore runs to its end after a cancellation.
 */
export async function restoreFunction(control: Control, target: RestoreTarget): Promise<Restored> {
  const { clock } = control
  const deadline = clock.now() + control.settings.restoreDeadlineMs
  let variables: Record<string, string> | undefined
  const outcome = (o: RestoreOutcome): Restored => ({ outcome: o, marker: hasMarker(variables) })
  try {
    return await retry(
      async () => {
        const current = await getConfiguration(control, deadline)
        variables = current.Environment?.Variables
        const marked = hasMarker(variables)
        if (current.MemorySize === target.originalMemorySize && !marked) {
          return outcome('unchanged')
        }
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
          if (!ours) return outcome('conflict')
          revision = current.RevisionId ?? ''
        }
        if (current.LastUpdateStatus === 'InProgress') {
          throw new TryAgain('an update is still in progress')
        }
        await control.lambda.send(
          new UpdateFunctionConfigurationCommand({
            FunctionName: control.identifier,
            MemorySize: target.originalMemorySize,
            ...(marked ? { Environment: { Variables: withoutMarker(variables) ?? {} } } : {}),
            RevisionId: revision || undefined
          })
        )
        await waitForUpdate(control, { maxWaitMs: Math.max(1_000, deadline - clock.now()) })
        return outcome('restored')
      },
      { retryable: isRetryableInRestore, deadline, backoff: { baseMs: 500, capMs: 5_000 }, clock }
    )
  } catch (error) {
    if (errorName(error) === 'ResourceNotFoundException') return outcome('gone')
    if (error instanceof BenchmarkError) throw error
    if (error instanceof TryAgain || isRetryableInRestore(error)) {
      // Our own TryAgain says what it waited for; an AWS error is named with its code.
      const why =
        error instanceof TryAgain ? error.message : `${errorName(error)}: ${errorMessage(error)}`
      throw new BenchmarkError(
        `could not restore ${target.functionName} to ${target.originalMemorySize} MB before the deadline (LMB_RESTORE_DEADLINE_MS): ${why}`
      )
    }
    throw new BenchmarkError(
      scrubbed(
        describeAwsError(error, 'lambda:UpdateFunctionConfiguration', target.functionName),
        variables ?? null
      )
    )
  }
}
