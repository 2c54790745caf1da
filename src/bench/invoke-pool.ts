/**
 * Measured invocations through one pool of `concurrency` workers that pull from counters (no
 * array of pending promises). The pool runs groups of tiers: a group is one tier of a function,
 * or a current function's tier and its live baseline's at the same size, invoked in lockstep.
 *
 * - Each claim takes the next group in round-robin order and invokes one of each of its tiers
 *   at once, so a current and its baseline start every invocation together (the same
 *   concurrency each, over the same stretch of time), and several sizes (isolation: versions)
 *   advance at the same pace: a drift over time falls on all of them alike. Slower sizes simply
 *   hold more of the slots; within a group, the faster side waits for the slower.
 * - Exactly `count` invocations are taken per tier (tier.ts says what taken means).
 * - With several payloads, each group's claims follow one schedule (stats/payload-mix.ts): each
 *   payload's largest-remainder share of `count`, interleaved in time; every tier of a claim
 *   (a current and its live baseline) sends the same payload.
 * - The first fatal error stops every worker; what was taken comes with the TierFailure.
 */
import { setMaxListeners } from 'node:events'
import { describeAwsError } from '../aws/errors.js'
import type { Clock } from '../core/clock.js'
import { BenchmarkError, isAbort } from '../core/errors.js'
import type { Sampling } from '../model/plan.js'
import { schedule, shares } from '../stats/payload-mix.js'
import { MeanPrecision } from '../stats/precision.js'
import { isColdStart } from '../stats/tier.js'
import {
  invokeUntilTaken,
  poolRetry,
  type InvokeContext,
  type LiveTier,
  type PoolFunction,
  type PoolPayload,
  type TierRun,
  type TierSpec
} from './tier.js'

export interface PoolOptions {
  /** Workers: the most invocations in flight per function. */
  concurrency: number
  /** The events, sent in proportion to their weights; at least one. */
  payloads: readonly PoolPayload[]
  /** Aborts the run: no new invocation starts, in-flight requests are abandoned. */
  signal: AbortSignal
  /**
   * How long a run may go without a single taken invocation while every attempt is throttled
   * or unanswered (LMB_STALL_DEADLINE_MS): reserved concurrency 0 would otherwise loop forever.
   */
  stallDeadlineMs: number
  clock: Clock
  warn: (message: string) => void
  /**
   * `target-precision`: a group's claims stop once every tier of it has taken `minInvocations`
   * and knows its warm mean that precisely (forced cold starts are never cut short).
   */
  sampling?: Sampling
}

/**
 * A run that ended with an error (stall deadline, stale-run bound, a non-retryable answer): the
 * invocations already taken come with it, since results cover everything measured.
 */
export class TierFailure extends BenchmarkError {
  constructor(
    message: string,
    /** Shaped like the groups that were run. */
    readonly runs: TierRun[][],
    /** The function whose invocation failed. */
    readonly fn: PoolFunction
  ) {
    super(message)
    this.name = 'TierFailure'
  }
}

/**
 * Tiers invoked together, one invocation of each per claim; all have the same count. `order`
 * holds the payload (its index) of each claim.
 */
type Group = {
  tiers: LiveTier[]
  /** Lowered to `claimed` when the group is precise enough (adaptive sampling). */
  count: number
  claimed: number
  order: number[]
}

/** Every tier has its fewest invocations and its warm mean as precise as asked. */
function precise(tiers: readonly LiveTier[], sampling: Sampling): boolean {
  return tiers.every(
    (t) =>
      !t.spec.forced &&
      t.run.invocations.length >= sampling.minInvocations &&
      t.precision.halfWidthPct <= sampling.targetPrecision
  )
}

/** Runs the groups of tiers; the runs come back shaped like `groups`. */
export async function runTiers(
  options: PoolOptions,
  specs: readonly (readonly TierSpec[])[]
): Promise<TierRun[][]> {
  const { signal, clock, sampling } = options
  const startedAt = clock.now()
  const weights = options.payloads.map((p) => p.weight)
  const groups: Group[] = specs.map((members) => ({
    count: members[0]?.count ?? 0,
    claimed: 0,
    order: schedule(shares(weights, members[0]?.count ?? 0)),
    tiers: members.map((spec) => ({
      spec,
      warnedStale: false,
      precision: new MeanPrecision(),
      run: {
        memorySize: spec.memorySize,
        invocations: [],
        throttles: 0,
        staleRuns: 0,
        startedAt,
        finishedAt: startedAt,
        complete: false,
        ...(spec.forced ? { forced: true } : {})
      }
    }))
  }))
  // Stops the other workers when one hits an error that ends the run.
  const stop = new AbortController()
  // Every request in flight listens to it: as many listeners as the pool is wide.
  setMaxListeners(0, stop.signal)
  const forward = (): void => stop.abort()
  signal.addEventListener('abort', forward, { once: true })
  // An already aborted signal never fires 'abort' again.
  if (signal.aborted) stop.abort()
  const ctx: InvokeContext = {
    stop: stop.signal,
    clock,
    stallDeadlineMs: options.stallDeadlineMs,
    progress: { last: clock.now() },
    warn: options.warn
  }
  const retryOptions = poolRetry(ctx)
  let fatal: { error: unknown; fn: PoolFunction } | undefined
  let turn = 0
  const total = groups.reduce((n, group) => n + group.count, 0)
  let claimedTotal = 0

  /** The next group with invocations left to claim, round robin. */
  const nextGroup = (): Group | undefined => {
    for (let i = 0; i < groups.length; i++) {
      const group = groups[(turn + i) % groups.length]
      if (group.claimed < group.count) {
        turn = (turn + i + 1) % groups.length
        return group
      }
    }
    return undefined
  }

  /** One invocation of the tier, kept when taken; false when the pool must stop. */
  const take = async (tier: LiveTier, payload: PoolPayload): Promise<boolean> => {
    try {
      const invocation = await invokeUntilTaken(tier, payload, ctx, retryOptions)
      tier.run.invocations.push(invocation)
      const { report, functionError } = invocation
      if (report && functionError === null && !isColdStart(report)) {
        tier.precision.add(report.billedDurationMs)
      }
      return true
    } catch (error) {
      if (!isAbort(error) && !stop.signal.aborted) {
        fatal ??= { error, fn: tier.spec.fn }
        stop.abort()
      }
      return false
    }
  }

  const worker = async (): Promise<void> => {
    while (claimedTotal < total && !stop.signal.aborted) {
      const group = nextGroup()
      if (!group) return
      const payload = options.payloads[group.order[group.claimed]]
      group.claimed++
      claimedTotal++
      const taken = await Promise.all(group.tiers.map((tier) => take(tier, payload)))
      if (taken.includes(false)) return
      // What is in flight is kept: only the claims not yet made are given up.
      if (sampling && group.claimed < group.count && precise(group.tiers, sampling)) {
        group.count = group.claimed
      }
    }
  }

  try {
    const workers: Promise<void>[] = []
    for (let i = 0; i < Math.min(options.concurrency, total); i++) workers.push(worker())
    await Promise.all(workers)
  } finally {
    signal.removeEventListener('abort', forward)
    const finishedAt = clock.now()
    for (const group of groups) for (const tier of group.tiers) tier.run.finishedAt = finishedAt
  }
  const runs = groups.map((group) =>
    group.tiers.map((tier) => {
      tier.run.complete = tier.run.invocations.length === group.count
      return tier.run
    })
  )
  if (fatal !== undefined) {
    const { error, fn } = fatal
    const message =
      error instanceof BenchmarkError
        ? error.message
        : describeAwsError(error, 'lambda:InvokeFunction', fn.functionName)
    throw new TierFailure(message, runs, fn)
  }
  return runs
}
