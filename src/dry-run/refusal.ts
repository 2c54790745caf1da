/**
 * What the benchmark would say of a function's configuration before changing it: a refusal (by
 * src/configure/snapshot.ts's own rules, in its words), or a note of something it would wait for
 * first.
 */
import type { FunctionConfiguration } from '@aws-sdk/client-lambda'
import {
  lastUpdateRefusal,
  managedInstancesRefusal,
  snapStartOnLatestWarning,
  stateRefusal
} from '../configure/snapshot.js'
import type { Isolation } from '../model/plan.js'

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
export function judgeConfiguration(
  c: FunctionConfiguration,
  functionName: string,
  /** For the notes that depend on it (SnapStart); none of the refusals does. */
  isolation?: Isolation
): StateVerdict {
  const managed = managedInstancesRefusal(c, functionName)
  if (managed) return { refusal: managed, notes: [] }
  const notes: string[] = []
  const notActive = stateRefusal(c, functionName)
  if (notActive) return { refusal: notActive, notes }
  if (c.State === 'Pending') {
    notes.push(
      `${functionName} is Pending: the run waits for it to become Active (LMB_ACTIVE_DEADLINE_MS), and refuses it if it does not`
    )
  }
  const failed = lastUpdateRefusal(c, functionName)
  if (failed) return { refusal: failed, notes }
  if (c.LastUpdateStatus === 'InProgress') {
    notes.push(
      `${functionName} has an update in progress: the run waits for it to finish (LMB_UPDATE_DEADLINE_MS), and refuses the function if it Failed`
    )
  }
  if (isolation && c.SnapStart?.ApplyOn === 'PublishedVersions') {
    // The run's own warning on $LATEST; on versions, a wait the estimate cannot know.
    notes.push(
      isolation === 'latest'
        ? snapStartOnLatestWarning(functionName)
        : `${functionName}: SnapStart makes a snapshot of every version published (Pending until it is done, often minutes on AWS); the run waits for each, and the wall estimate leaves those waits out`
    )
  }
  return { notes }
}
