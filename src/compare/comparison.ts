/**
 * Compares a run with a baseline run, pair by pair (function × memory size), and claims a
 * regression only where the numbers support it: the mean warm billed duration moved by more
 * than the threshold *and* the move is significant.
 */
import type {
  Comparison,
  FunctionResult,
  Results,
  TierComparison,
  TierResult,
  UnmatchedMemorySize,
  Verdict
} from '../model/results.js'
import { bootstrapRatioCi } from './bootstrap.js'
import { mannWhitneyU } from './mann-whitney.js'
import { matchFunctions } from '../stats/match.js'
import { hashSeed } from './prng.js'

/** Options of {@link compareResults}. */
export interface CompareOptions {
  /** Percent change of the mean that counts, e.g. 10. */
  thresholdPct: number
  /** Significance level of the two-sided test; 0.01 by default. */
  alpha?: number
  /** `current name → baseline name`, for stages whose names differ. */
  map?: Record<string, string>
  /** Seed of the bootstrap; the same inputs and seed give the same intervals. */
  seed?: number
  /** Bootstrap resamples per pair; 2,000 by default. */
  resamples?: number
}

/** Default significance level: one false alarm in a hundred quiet pairs at most. */
export const DEFAULT_ALPHA = 0.01

/**
 * Below this many warm samples a side, neither the rank test's normal approximation nor the
 * bootstrap means much; such pairs are reported as insufficient data rather than guessed at.
 */
const MIN_SAMPLES = 5

/** Compares every matched (function, memory size) pair of `current` with `baseline`. */
export function compareResults(
  current: Results,
  baseline: Results,
  options: CompareOptions
): Comparison {
  const alpha = options.alpha ?? DEFAULT_ALPHA
  const seed = options.seed ?? 1
  const match = matchFunctions(current.functions, baseline.functions, options.map)
  const tiers: TierComparison[] = []
  const memorySizes: UnmatchedMemorySize[] = []

  for (const { current: cur, baseline: base } of match.pairs) {
    const baseBySize = new Map(base.tiers.map((t) => [t.memorySize, t]))
    const curSizes = new Set(cur.tiers.map((t) => t.memorySize))
    for (const tier of [...cur.tiers].sort((a, b) => a.memorySize - b.memorySize)) {
      const baseTier = baseBySize.get(tier.memorySize)
      if (baseTier === undefined) {
        memorySizes.push({
          functionName: cur.displayName,
          memorySize: tier.memorySize,
          side: 'current'
        })
        continue
      }
      tiers.push(compareTier(cur, base, tier, baseTier, options.thresholdPct, alpha, seed, options))
    }
    for (const t of base.tiers) {
      if (!curSizes.has(t.memorySize)) {
        memorySizes.push({
          functionName: base.displayName,
          memorySize: t.memorySize,
          side: 'baseline'
        })
      }
    }
  }

  return {
    baselineStartedAt: baseline.startedAt,
    thresholdPct: options.thresholdPct,
    alpha,
    minSamples: MIN_SAMPLES,
    tiers,
    regressions: tiers.filter((t) => t.verdict === 'regression').length,
    improvements: tiers.filter((t) => t.verdict === 'improvement').length,
    unmatched: {
      functions: match.unmatchedCurrent,
      baselineFunctions: match.unmatchedBaseline,
      memorySizes
    }
  }
}

function compareTier(
  cur: FunctionResult,
  base: FunctionResult,
  tier: TierResult,
  baseTier: TierResult,
  thresholdPct: number,
  alpha: number,
  seed: number,
  options: CompareOptions
): TierComparison {
  const currentSamples = tier.samples ?? []
  const baselineSamples = baseTier.samples ?? []
  const currentMean = meanOf(tier)
  const baselineMean = meanOf(baseTier)
  const ratio =
    currentMean !== null && baselineMean !== null && baselineMean > 0
      ? currentMean / baselineMean
      : null
  const costRatio =
    tier.costPerInvocation !== null &&
    baseTier.costPerInvocation !== null &&
    baseTier.costPerInvocation > 0
      ? tier.costPerInvocation / baseTier.costPerInvocation
      : null
  const common = {
    functionName: cur.displayName,
    baselineFunctionName: base.displayName,
    memorySize: tier.memorySize,
    baselineMean,
    currentMean,
    baselineSamples: baselineSamples.length,
    currentSamples: currentSamples.length,
    ratio,
    costRatio
  }
  if (
    currentSamples.length < MIN_SAMPLES ||
    baselineSamples.length < MIN_SAMPLES ||
    currentMean === null ||
    baselineMean === null ||
    !(baselineMean > 0)
  ) {
    return { ...common, ratioCi: null, pValue: null, verdict: 'insufficient-data' }
  }
  const { pValue } = mannWhitneyU(currentSamples, baselineSamples)
  const ratioCi = bootstrapRatioCi(currentSamples, baselineSamples, {
    seed: hashSeed(`${cur.displayName}\u0000${tier.memorySize}`, seed),
    resamples: options.resamples
  })
  const verdict = classify(baselineMean, currentMean, pValue, ratioCi, thresholdPct, alpha)
  return { ...common, ratioCi, pValue, verdict }
}

/**
 * The rule: a **regression** is a pair whose samples differ significantly (p < α) in the slower
 * direction *and* whose slowdown cannot be shown to stay within the threshold — the upper end of
 * the 95 % interval of the ratio of means lies above 1 + threshold. An improvement mirrors it.
 * Anything else is unchanged.
 *
 * Why the interval and not the point estimate: a true slowdown of exactly the threshold lands
 * above or below it by chance about half the time, so a point-estimate rule catches a real 10 %
 * slowdown at a 10 % threshold only ~45 % of the time (npm run bench:stats). Asking whether the
 * data *rule out* a slowdown of the threshold's size is the question a reviewer has, and it keeps
 * A/A comparisons quiet: significance at α = 0.01 is still required.
 */
export function classify(
  baselineMean: number,
  currentMean: number,
  pValue: number,
  ratioCi: readonly [number, number],
  thresholdPct: number,
  alpha: number
): Exclude<Verdict, 'insufficient-data'> {
  if (!(pValue < alpha)) return 'unchanged'
  const t = thresholdPct / 100
  if (currentMean > baselineMean && ratioCi[1] > 1 + t) return 'regression'
  if (currentMean < baselineMean && ratioCi[0] < 1 - t) return 'improvement'
  return 'unchanged'
}

/**
 * Mean warm billed ms: the samples' (what the test and interval see), else the summary's — a
 * results file written without samples still shows its means.
 */
function meanOf(tier: TierResult): number | null {
  const samples = tier.samples ?? []
  if (samples.length > 0) return samples.reduce((a, b) => a + b, 0) / samples.length
  return tier.billedDuration?.mean ?? null
}
