/**
 * isolation: latest. Memory is a setting of $LATEST, so the sizes are measured one after another:
 * set the size, wait until Lambda has applied it, run its invocations.
 */
import type { FunctionSession } from '../session.js'

/**
 * The others ascending, the function's current size last: setting it back is the restore the
 * run owes anyway, so it costs no update of its own. Measuring it first, as it is, would save
 * the same update but run it on environments that may have been warm before the run, so its
 * cold starts would not compare with the other sizes', which all start fresh.
 */
function sizesCurrentLast(sizes: readonly number[], current: number): number[] {
  return [...sizes].sort((a, b) => (a === current ? 1 : b === current ? -1 : a - b))
}

/** Measures every size on $LATEST in turn; stops at the first size cut short by cancellation. */
export async function measureLatest(session: FunctionSession): Promise<void> {
  const { plan, signal, log } = session.run
  for (const size of sizesCurrentLast(plan.memorySizes, session.snapshot.memorySize)) {
    if (signal.aborted) return
    if (session.memorySize !== size) await session.setMemory(size)
    if (signal.aborted) return
    log.info(
      `${session.name} @ ${size} MB: ${plan.invocations} invocations, up to ${plan.concurrency} in flight…`
    )
    const [tier] = await session.measure([{ memorySize: size, count: plan.invocations }])
    if (!tier.complete) return
  }
}
