/**
 * Measured invocations through one pool of `concurrency` workers that pull from counters (no
 * array of pending promises). The pool runs groups of tiers: a group is one tier of a function,
 * or a current function's tier and its live baseline's at the same size, invoked in lockstep.
 *
 * - Each claim takes the next group (pacing.ts: round robin, and groups that come later through
 *   the feed share the claims by what each has left) and invokes one of each of its tiers at
 *   once, so a current and its baseline start every invocation together (the same concurrency
 *   each, over the same stretch of time), and several sizes (isolation: versions) are
 *   interleaved until they all finish: a drift over time falls on all of them alike. Slower
 *   sizes simply hold more of the slots; within a group, the faster side waits for the slower.
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
import { Pacer } from './pacing.js'
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
  /** Claims whose invocations have not all come back. */
  inFlight: number
  finished?: () => void
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

/**
 * Groups that become ready while the pool runs (isolation: versions, pipelined): each is started
 * as it arrives. The feed stops when `stop` is aborted (a cancel or a fatal error), and an error
 * it throws ends the feed, not the groups it has already given.
 */
export type GroupFeed = (stop: AbortSignal) => AsyncIterable<FedGroup>

/** A group the feed gives: its tiers, and what to do once the last of its invocations is back. */
export interface FedGroup {
  tiers: readonly TierSpec[]
  /** Called once, when the group has taken all it will (never when a cancel or an error cut it short). */
  finished?: () => void
}

/** The feed failed: the runs of what it had given (and of `specs`) come with its error. */
export class FeedFailure extends Error {
  constructor(
    readonly runs: TierRun[][],
    readonly reason: unknown
  ) {
    super('the feed of groups failed')
    this.name = 'FeedFailure'
  }
}

/** A group of tiers as the pool starts it, at `startedAt`. */
function startGroup(
  { tiers: members, finished }: FedGroup,
  weights: number[],
  startedAt: number
): Group {
  const count = members[0]?.count ?? 0
  return {
    count,
    claimed: 0,
    inFlight: 0,
    ...(finished ? { finished } : {}),
    order: schedule(shares(weights, count)),
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
  }
}

/**
 * Runs the groups of tiers, and those the feed gives as they come; the runs come back shaped
 * like `specs` followed by the feed's groups, in the order they came.
 */
export async function runTiers(
  options: PoolOptions,
  specs: readonly (readonly TierSpec[])[],
  feed?: GroupFeed
): Promise<TierRun[][]> {
  const { signal, clock, sampling } = options
  const weights = options.payloads.map((p) => p.weight)
  const groups: Group[] = []
  const pacer = new Pacer<Group>(options.concurrency)
  const add = (fed: FedGroup): void => {
    const group = startGroup(fed, weights, clock.now())
    groups.push(group)
    pacer.add(group)
  }
  for (const tiers of specs) add({ tiers })
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
  let feeding = feed !== undefined
  let feedError: { reason: unknown } | undefined
  // Resolved, and renewed, whenever a waiting worker may find something to claim.
  let wake = (): void => undefined
  let arrival = new Promise<void>((resolve) => (wake = resolve))
  const wakeAll = (): void => {
    const woken = wake
    arrival = new Promise<void>((resolve) => (wake = resolve))
    woken()
  }
  stop.signal.addEventListener('abort', wakeAll, { once: true })
  const feeder = (async (): Promise<void> => {
    if (!feed) return
    try {
      for await (const fed of feed(stop.signal)) {
        add(fed)
        // Time spent waiting for a group is no stall of Lambda's.
        ctx.progress.last = clock.now()
        wakeAll()
      }
    } catch (reason) {
      feedError = { reason }
    } finally {
      feeding = false
      wakeAll()
    }
  })()

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
    while (!stop.signal.aborted) {
      const group = pacer.next()
      if (!group) {
        if (!feeding) return
        await arrival
        continue
      }
      const payload = options.payloads[group.order[group.claimed]]
      group.claimed++
      group.inFlight++
      const began = clock.now()
      const taken = await Promise.all(group.tiers.map((tier) => take(tier, payload)))
      pacer.observe(group, clock.now() - began)
      group.inFlight--
      if (taken.includes(false)) return
      // What is in flight is kept: only the claims not yet made are given up.
      if (sampling && group.claimed < group.count && precise(group.tiers, sampling)) {
        group.count = group.claimed
      }
      if (group.claimed === group.count && group.inFlight === 0) {
        group.finished?.()
        delete group.finished
      }
    }
  }

  try {
    const total = groups.reduce((n, group) => n + group.count, 0)
    const width = feed ? options.concurrency : Math.min(options.concurrency, total)
    const workers: Promise<void>[] = []
    for (let i = 0; i < width; i++) workers.push(worker())
    await Promise.all(workers)
  } finally {
    // A group still being made must be finished (and recorded) before the caller cleans up.
    stop.abort()
    await feeder
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
  if (feedError !== undefined) throw new FeedFailure(runs, feedError.reason)
  return runs
}
