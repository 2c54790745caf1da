/**
 * The order the benchmark goes through the plan, shared by the run (bench/) and by the dry run's
 * count of its calls, so that the two can never disagree.
 */
import type { FunctionTarget, Plan } from './plan.js'

/** The groups measured together: a function, or a current function and its live baseline. */
export function groupsOf(plan: Plan): FunctionTarget[][] {
  return plan.functions.map((current) => {
    const pair = plan.liveBaselines?.find((p) => p.current === current)
    return pair ? [current, pair.baseline] : [current]
  })
}

/**
 * isolation: latest — the other sizes ascending, the function's current size last: setting it
 * back is the restore the run owes anyway, so it costs no update of its own. Measuring it first,
 * as it is, would save the same update but run it on environments that may have been warm
 * before the run, so its cold starts would not compare with the other sizes', which all start
 * fresh. A live pair follows its current function's size.
 */
export function latestOrder(sizes: readonly number[], current: number): number[] {
  return [...sizes].sort((a, b) => (a === current ? 1 : b === current ? -1 : a - b))
}

/**
 * isolation: versions — the function's current size first (published as it is, without an
 * update), then the others ascending: one update wait fewer per function.
 */
export function versionsOrder(sizes: readonly number[], current: number): number[] {
  return [...sizes].sort((a, b) => (a === current ? -1 : b === current ? 1 : a - b))
}
