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
  /** UpdateFunctionConfiguration: a memory size set, or the original memory put back. */
  updates: number
  /** PublishVersion (isolation: versions), one per size. */
  publishes: number
  /** DeleteFunction of a published version (isolation: versions), one per version published. */
  deletes: number
  /** Invoke: the measured invocations, every size. */
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
  let memory = original
  let updates = 0
  for (const size of order) {
    if (memory !== size) updates++
    memory = size
  }
  return memory === original ? updates : updates + 1
}

/** What the run's plan makes one function's benchmark send. */
export interface CallsPlan {
  isolation: Isolation
  memorySizes: readonly number[]
  invocations: number
}

/**
 * One function's calls. `leadMemory` is the current memory of the group's first function (the
 * function itself, or the current function of a live pair): in isolation latest the whole
 * group follows its order.
 */
export function plannedCalls(plan: CallsPlan, memory: number, leadMemory = memory): PlannedCalls {
  const sizes = plan.memorySizes
  const invocations = sizes.length * plan.invocations
  if (plan.isolation === 'latest') {
    return {
      updates: updatesThrough(latestOrder(sizes, leadMemory), memory),
      publishes: 0,
      deletes: 0,
      invocations
    }
  }
  return {
    updates: updatesThrough(versionsOrder(sizes, memory), memory),
    publishes: sizes.length,
    deletes: sizes.length,
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
