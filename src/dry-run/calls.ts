/**
 * The calls a benchmark makes that change or invoke a function, counted from the plan and the
 * function's current memory size without making any. The orders are those of the strategies
 * (src/bench/strategies/latest.ts and versions.ts); test/e2e/dry-run.test.ts runs a benchmark
 * and a dry run of the same inputs and checks these counts against the emulator's journal.
 */
import type { Isolation } from '../model/plan.js'
import { latestOrder, versionsOrder } from '../model/order.js'

/** What one function's benchmark would send, besides its reads (GetFunction). */
export interface PlannedCalls {
  /**
   * UpdateFunctionConfiguration: a memory size set, a new value of the cold-start marker, or
   * the original configuration put back.
   */
  updates: number
  /** PublishVersion (isolation: versions), one per size, and one per further cold-start round. */
  publishes: number
  /** DeleteFunction of a published version (isolation: versions), one per version published. */
  deletes: number
  /** Invoke: the measured invocations and the forced cold starts, every size. */
  invocations: number
}

/** No call at all: a function the run would refuse, or one it could not read. */
export const NO_CALLS: PlannedCalls = Object.freeze({
  updates: 0,
  publishes: 0,
  deletes: 0,
  invocations: 0
})

/**
 * Updates to go through `order` starting at `original`, then back to it: an update for every
 * size the function is not at already, and a restore when it does not end where it started.
 */
export function updatesThrough(order: readonly number[], original: number): number {
  return movesThrough(order, original) + ((order.at(-1) ?? original) === original ? 0 : 1)
}

/** Updates to go through `order` starting at `start`: one for every size it is not at already. */
function movesThrough(order: readonly number[], start: number): number {
  return order.filter((size, i) => size !== (i === 0 ? start : order[i - 1])).length
}

/** What the run's plan makes one function's benchmark send. */
export interface CallsPlan {
  isolation: Isolation
  memorySizes: readonly number[]
  invocations: number
  concurrency: number
  coldStarts: number
}

/**
 * Cold-start rounds at a size that need a configuration of their own (a marker change, and on
 * versions a version): all of them, but the first when the size's configuration is fresh anyway.
 * As bench/cold-starts.ts, with every round's invocations finding no warm environment.
 */
function markedRounds(plan: CallsPlan, fresh: boolean): number {
  const rounds = Math.ceil(plan.coldStarts / plan.concurrency)
  return rounds === 0 ? 0 : rounds - (fresh ? 1 : 0)
}

/**
 * One function's calls. `group` holds the current memory of every function of its group, the
 * group's first (the function itself, or the current function of a live pair) first: the whole
 * group follows that one's order (its sizes are changed in lockstep), and a size's first
 * cold-start round needs no change only when every function of the group has just been updated
 * to it.
 */
export function plannedCalls(
  plan: CallsPlan,
  memory: number,
  group: readonly number[] = [memory]
): PlannedCalls {
  const sizes = plan.memorySizes
  const invocations = sizes.length * (plan.invocations + plan.coldStarts)
  if (plan.isolation === 'latest') {
    const order = latestOrder(sizes, group[0])
    // Every size but the first is reached by an update of every function (sizes differ).
    const firstFresh = group.every((m) => m !== order[0])
    const marked = order.map((_, i) => markedRounds(plan, i > 0 || firstFresh))
    const endsMarked = (marked.at(-1) ?? 0) > 0
    const through = updatesThrough(order, memory)
    // The last size's marker is taken out by the restore: one the memory may not need.
    const restoreForMarker = endsMarked && order.at(-1) === memory ? 1 : 0
    const updates = through + marked.reduce((a, b) => a + b, 0) + restoreForMarker
    return { updates, publishes: 0, deletes: 0, invocations }
  }
  // Each size's own version is new, so its first round is fresh; any further round is a
  // version of its own, published after a marker change (memory and marker in one update).
  const extra = sizes.length * markedRounds(plan, true)
  const order = versionsOrder(sizes, group[0])
  // With a further round, the marker is on $LATEST at the end: the restore is needed anyway.
  const updates =
    extra > 0 ? movesThrough(order, memory) + extra + 1 : updatesThrough(order, memory)
  return {
    updates,
    publishes: sizes.length + extra,
    deletes: sizes.length + extra,
    invocations
  }
}

/** The calls of several functions added up. */
export function totalCalls(all: readonly PlannedCalls[]): PlannedCalls {
  return all.reduce(
    (sum, c) => ({
      updates: sum.updates + c.updates,
      publishes: sum.publishes + c.publishes,
      deletes: sum.deletes + c.deletes,
      invocations: sum.invocations + c.invocations
    }),
    NO_CALLS
  )
}
