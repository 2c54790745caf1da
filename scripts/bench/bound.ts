/**
 * The critical-path bound of one function's benchmark: the fastest any schedule could finish,
 * given the emulator's ground truth (when Lambda applied each update, how long each invocation
 * kept it busy) and that updates are applied one at a time per function.
 */
import { versionsOrder } from '../../src/model/order.js'
import type { InvocationRecord } from '../../test/emulator/journal.js'

export type Isolation = 'latest' | 'versions'

/** One update as Lambda applied it: from InProgress to Successful (seen every few ms). */
export interface AppliedUpdate {
  functionName: string
  startedAt: number
  appliedAt: number
}

/** What the bound is computed from. */
export interface BoundInput {
  isolation: Isolation
  updates: readonly AppliedUpdate[]
  invocations: readonly InvocationRecord[]
  sizes: readonly number[]
  n: number
  scale: number
  /** The functions' memory before the run. */
  current: number
}

/** Wall ms one invocation kept the emulator busy (reported duration + init, at the time scale). */
function latencyMs(i: InvocationRecord, scale: number): number {
  return (i.durationMs + (i.initDurationMs ?? i.restoreDurationMs ?? 0)) * scale
}

const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length)
const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0)

/**
 * `latest`: its update waits + for each size ⌈N / c⌉ × that size's mean latency (sizes in
 * turn). `versions`, pipelined: a version can be measured from the moment it is published, and
 * the k-th is published after the waits of the updates before it, so the bound is the latest of
 * those moments plus the work of every size from there on, Σ N × latency / c, at full width;
 * and not before the last update (the restore, which overlaps the measurement) is applied.
 */
export function boundOf(input: BoundInput, name: string, concurrency: number): number {
  const { isolation, sizes, n, scale } = input
  const waits = input.updates
    .filter((u) => u.functionName === name)
    .map((u) => u.appliedAt - u.startedAt)
  const ran = input.invocations.filter((i) => i.functionName === name)
  const lat = sizes.map((size) =>
    mean(ran.filter((i) => i.memorySize === size).map((i) => latencyMs(i, scale)))
  )
  if (isolation === 'latest') {
    return sum(waits) + sum(lat.map((l) => Math.ceil(n / concurrency) * l))
  }
  // Versions are published in versionsOrder; each update before one delays it and all after.
  const order = versionsOrder(sizes, input.current)
  const work = order.map((size) => (n * lat[sizes.indexOf(size)]) / concurrency)
  let updatesSoFar = 0
  let bound = sum(waits)
  order.forEach((size, k) => {
    if (size !== (k === 0 ? input.current : order[k - 1])) updatesSoFar++
    const publishedAt = sum(waits.slice(0, updatesSoFar))
    bound = Math.max(bound, publishedAt + sum(work.slice(k)))
  })
  return bound
}
