/**
 * isolation: latest. Memory is a setting of $LATEST, so the sizes are measured one after another:
 * set the size (on both functions of a live pair at once), wait until Lambda has applied it,
 * run its invocations. With `cold-starts`, the size's first round of cold starts runs on the
 * environments-free configuration the update left, before the measured invocations; any
 * further round after them, each on a new value of the marker variable (the next size's update
 * puts the variables back, so measured invocations never run with it).
 */
import { snapStartOnLatestWarning } from '../../configure/snapshot.js'
import { latestOrder } from '../../model/order.js'
import { ColdStartRounds } from '../cold-starts.js'
import { measureTogether, namesOf, onEach, type Group } from '../group.js'

/** Measures every size on $LATEST in turn; stops at the first size cut short by cancellation. */
export async function measureLatest(group: Group): Promise<void> {
  const [lead] = group
  const { plan, signal, log } = lead.run
  const each = group.length > 1 ? ' each, in lockstep' : ''
  for (const s of group) if (s.snapshot.snapStart) log.warning(snapStartOnLatestWarning(s.name))
  for (const size of latestOrder(plan.memorySizes, lead.snapshot.memorySize)) {
    if (signal.aborted) return
    const fresh = group.every((s) => s.memorySize !== size)
    // The two sides' updates overlap: they are different functions.
    await onEach(group, async (s) => {
      if (s.memorySize !== size) await s.setMemory(size)
    })
    if (signal.aborted) return
    const cold = plan.coldStarts > 0 ? new ColdStartRounds(group, size) : undefined
    if (cold && fresh && !(await cold.round(group.map(() => undefined)))) return
    log.info(
      `${namesOf(group)} @ ${size} MB: ${plan.sampling ? 'up to ' : ''}${plan.invocations} invocations${each}, up to ${plan.concurrency} in flight…`
    )
    const [runs] = await measureTogether(group, [group.map((s) => s.tier(size))])
    if (runs.some((run) => !run.complete)) return
    if (cold && !(await cold.untilDone((s) => s.freshen(size).then(() => undefined)))) return
  }
}
