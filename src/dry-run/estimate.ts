/**
 * What one function's benchmark would cost in AWS charges and take in wall time, before any of
 * it runs. Where a baseline measured the function at a size, its figures are used: the cost per
 * invocation, the mean duration and Init Duration. Where none did, the duration is unknown, and
 * the estimate says so in its shape: the cost is so much per second of mean duration, the wall
 * time so many rounds of invocations, each as long as one invocation.
 */
import type { Architecture, TierResult } from '../model/results.js'
import type { Isolation } from '../model/plan.js'
import { costPerInvocation } from '../stats/cost.js'

/**
 * The wait assumed for each update to be applied: Lambda usually applies a memory change in
 * about a second (README, Performance: the benchmark's updates took 1 s ± 20 %, the emulator's
 * default `updateDelayMs`).
 */
export const UPDATE_WAIT_MS = 1_000

/** The run's settings an estimate depends on. */
export interface EstimatePlan {
  isolation: Isolation
  memorySizes: readonly number[]
  invocations: number
  concurrency: number
  /** `cold-starts`: per size, in rounds of `concurrency` after one another, in either mode. */
  coldStarts: number
}

/** One function as the estimate needs it. */
export interface EstimatedFunction {
  region: string
  architecture: Architecture
  /** The baseline's tiers of this function, by memory size (empty: no baseline has it). */
  baseline: ReadonlyMap<number, TierResult>
  /** Updates its benchmark makes (calls.ts): each is waited for. */
  updates: number
}

/**
 * USD: `usd` + `perSecondUsd` × the mean duration in seconds (of the sizes without a baseline
 * figure). Both null where the region has no USD price.
 */
export interface CostEstimate {
  /** The sizes the baseline prices, at its cost per invocation; every other size's requests. */
  usd: number | null
  /** The other sizes: what each second of their mean duration adds. 0 when the baseline has every size. */
  perSecondUsd: number | null
}

/** `seconds` + `rounds` × the duration of one invocation (of the sizes without a baseline figure). */
export interface WallEstimate {
  /** The update waits, and the sizes the baseline times. */
  seconds: number
  /** Rounds of `concurrency` invocations at once whose duration is not known. */
  rounds: number
}

/** One size's part of the estimate. */
export interface SizeEstimate {
  memorySize: number
  /** The baseline's mean duration at this size (warm), ms; null without one. */
  meanDurationMs: number | null
  /** The baseline's cost per invocation at this size, USD; null without one. */
  costPerInvocationUsd: number | null
}

/** What one function's part of the run would cost and take, size by size and in all. */
export interface Estimate {
  cost: CostEstimate
  wall: WallEstimate
  sizes: SizeEstimate[]
}

/** A baseline tier's cost per invocation: as it was recorded, else from its mean billed duration. */
function baselineCost(tier: TierResult, fn: EstimatedFunction): number | null {
  if (tier.costPerInvocation !== null) return tier.costPerInvocation
  const billed = tier.billedDuration?.mean
  return billed === undefined
    ? null
    : costPerInvocation(billed, tier.memorySize, fn.architecture, fn.region)
}

const add = (a: number | null, b: number | null): number | null =>
  a === null || b === null ? null : a + b

/** The estimate of one function's benchmark. */
export function estimate(plan: EstimatePlan, fn: EstimatedFunction): Estimate {
  const n = plan.invocations
  const c = plan.concurrency
  const roundsPerSize = Math.ceil(n / c)
  let usd: number | null = 0
  let perSecondUsd: number | null = 0
  const waits = (fn.updates * UPDATE_WAIT_MS) / 1000
  // The known durations' part: the invocations, cold starts included.
  let work = 0
  let unknownInvocations = 0
  const sizes: SizeEstimate[] = []
  const cold = plan.coldStarts
  const coldRounds = Math.ceil(cold / c)
  for (const size of plan.memorySizes) {
    const tier = fn.baseline.get(size)
    const meanMs = tier?.duration?.mean ?? tier?.billedDuration?.mean ?? null
    const cost = tier && meanMs !== null ? baselineCost(tier, fn) : null
    sizes.push({ memorySize: size, meanDurationMs: meanMs, costPerInvocationUsd: cost })
    if (cost !== null) {
      usd = add(usd, n * cost + cold * (tier?.coldStartCostPerInvocation ?? cost))
    } else {
      // N invocations of 1 s at this size, less their requests: what a second of duration adds.
      const requests = costPerInvocation(0, size, fn.architecture, fn.region)
      const oneSecond = costPerInvocation(1000, size, fn.architecture, fn.region)
      usd = add(usd, requests === null ? null : (n + cold) * requests)
      perSecondUsd = add(
        perSecondUsd,
        requests === null || oneSecond === null ? null : (n + cold) * (oneSecond - requests)
      )
    }
    if (meanMs === null) {
      unknownInvocations += n
      continue
    }
    const initMs = tier?.initDuration?.mean ?? 0
    // Forced cold starts: their rounds one after another, each as long as a cold invocation.
    work += (coldRounds * (meanMs + initMs)) / 1000
    work +=
      plan.isolation === 'latest'
        ? // Sizes in turn: N in rounds of c, the first round cold.
          (roundsPerSize * meanMs + initMs) / 1000
        : // Every size at once through one pool of c: its share of the work.
          (n * meanMs + Math.min(n, c) * initMs) / c / 1000
  }
  // Pipelined versions: every version is measured from the moment it exists, so the updates
  // overlap the measurement; the first may have to come before it. Without the durations there
  // is nothing to overlap with: their sum, an upper bound.
  const pipelined = plan.isolation === 'versions' && cold === 0 && unknownInvocations === 0
  const seconds = pipelined
    ? Math.max(waits, Math.min(waits, UPDATE_WAIT_MS / 1000) + work)
    : waits + work
  const unknownSizes = unknownInvocations / n
  const rounds =
    (plan.isolation === 'latest'
      ? unknownSizes * roundsPerSize
      : Math.ceil(unknownInvocations / c)) +
    unknownSizes * coldRounds
  return { cost: { usd, perSecondUsd }, wall: { seconds, rounds }, sizes }
}

/** Several functions' costs added up (null when any is unknown). */
export function totalCost(all: readonly CostEstimate[]): CostEstimate {
  return all.reduce(
    (sum, e) => ({ usd: add(sum.usd, e.usd), perSecondUsd: add(sum.perSecondUsd, e.perSecondUsd) }),
    { usd: 0, perSecondUsd: 0 } as CostEstimate
  )
}

/**
 * The run's wall time: its functions run in parallel, so the slowest sets it. The largest known
 * part and the most rounds of unknown duration, each from the function that has most.
 */
export function runWall(all: readonly WallEstimate[]): WallEstimate {
  return {
    seconds: Math.max(0, ...all.map((w) => w.seconds)),
    rounds: Math.max(0, ...all.map((w) => w.rounds))
  }
}
