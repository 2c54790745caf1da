/**
 * What the benchmark would say of a function's configuration before changing it, by the rules of
 * src/configure/snapshot.ts and in its words: a refusal (the run would not benchmark it), or a
 * note of something it would wait for first. Pure, so that the real run can share it; the
 * Managed Instances rule is already shared (snapshot.ts's own).
 */
import type { FunctionConfiguration } from '@aws-sdk/client-lambda'
import { managedInstancesRefusal } from '../configure/snapshot.js'
import { reasonOf } from '../configure/update.js'

/** One function's configuration, as the benchmark would judge it. */
export interface StateVerdict {
  /** Why the run would refuse the function (nothing changed, the step fails), or undefined. */
  refusal?: string
  /** What the run would wait for before its first change. */
  notes: string[]
}

/**
 * Lambda Managed Instances (`CapacityProviderConfig`): an unqualified invoke runs
 * `$LATEST.PUBLISHED`, not the `$LATEST` whose memory is set, and instances are paid for, not
 * billed duration. Then a state other than Active (a Pending one is waited for), and a last
 * update that Failed (one in progress is waited for).
 */
export function judgeConfiguration(c: FunctionConfiguration, functionName: string): StateVerdict {
  const managed = managedInstancesRefusal(c, functionName)
  if (managed) return { refusal: managed, notes: [] }
  const notes: string[] = []
  if (c.State === 'Pending') {
    notes.push(
      `${functionName} is Pending: the run waits for it to become Active (LMB_ACTIVE_DEADLINE_MS), and refuses it if it does not`
    )
  } else if (c.State && c.State !== 'Active') {
    return {
      refusal: `${functionName} is ${c.State}: ${reasonOf(c.StateReason, c.StateReasonCode)}; it must be Active to be benchmarked`,
      notes
    }
  }
  if (c.LastUpdateStatus === 'InProgress') {
    notes.push(
      `${functionName} has an update in progress: the run waits for it to finish (LMB_UPDATE_DEADLINE_MS), and refuses the function if it Failed`
    )
  } else if (c.LastUpdateStatus === 'Failed') {
    return {
      refusal: `${functionName}'s last update Failed: ${reasonOf(c.LastUpdateStatusReason, c.LastUpdateStatusReasonCode)}; fix the function before benchmarking it`,
      notes
    }
  }
  return { notes }
}
