/**
 * The results file (schemaVersion 1): a contract with users' later steps and with baselines.
 * Add fields, never rename. The schema that reads it back is ./results-schema.ts; `tsc` fails
 * until a field added here is added there too — optional, with the value an older file means,
 * since files written before the field existed must still be read.
 */

export const SCHEMA_VERSION = 1

export type Architecture = 'x86_64' | 'arm64'

/** Summary statistics of a sample, in ms. */
export interface Summary {
  mean: number
  p50: number
  p90: number
  p95: number
  p99: number
  min: number
  max: number
  stddev: number
}

/** What was measured for one function at one memory size. */
export interface TierResult {
  memorySize: number
  /** Measured invocations: exactly what was asked, cold ones included. */
  invocations: number
  /** Responses with X-Amz-Function-Error. */
  errors: number
  errorTypes: Record<string, number>
  /** Invocations whose REPORT was found neither in the tail nor in CloudWatch Logs. */
  unmeasured: number
  /** REPORTs with Init Duration or Restore Duration. */
  coldStarts: number
  /** Warm, successful invocations. Null when there was none. */
  billedDuration: Summary | null
  duration: Summary | null
  /**
   * Cold starts' Init Duration (or Restore Duration), the measured and the forced ones
   * (`cold-starts`). Null when there was none.
   */
  initDuration: Summary | null
  /** Cold starts' Billed Duration (it includes INIT), measured and forced. Null when none. */
  coldBilledDuration: Summary | null
  /** MB, the largest seen. Null when nothing was measured. */
  maxMemoryUsed: number | null
  /** USD, from the warm mean billed duration, request price included. */
  costPerInvocation: number | null
  /** USD, mean cost of a cold invocation (its Billed Duration includes INIT). */
  coldStartCostPerInvocation: number | null
  /**
   * `cold-starts`: the invocations made in addition to `invocations`, each on a fresh execution
   * environment; of the figures above, only the cold starts' (`initDuration`,
   * `coldBilledDuration`, `coldStartCostPerInvocation`) and those of every REPORT of the size
   * (`maxMemoryUsed`, `reportsFromLogs`) include them. Absent without.
   */
  forcedColdStarts?: ForcedColdStarts
  /**
   * `target-precision`: how precisely the warm mean is known, and whether it reached the target
   * (then `invocations` may be fewer than asked). Absent without adaptive sampling.
   */
  precision?: TierPrecision
  /** Throttled attempts (429) that were retried; never counted as invocations. */
  throttles: number
  /** REPORT records read from CloudWatch Logs because the tail lacked them. */
  reportsFromLogs: number
  /** Billed ms of each warm successful invocation, in completion order. */
  samples: number[]
  /**
   * With a payload set (`payloads-file`): each payload's own figures, by name. The tier's figures
   * above stay over all payloads (the weighted mix is the workload).
   */
  byPayload?: Record<string, PayloadResult>
}

/** Adaptive sampling's outcome at one memory size. */
export interface TierPrecision {
  /**
   * The 95 % confidence interval's half-width, percent of the mean warm billed duration, over
   * every warm sample; null with fewer than two.
   */
  halfWidthPct: number | null
  /** True when it is within `settings.targetPrecision`. */
  reached: boolean
}

/** The additional invocations of `cold-starts` at one memory size. */
export interface ForcedColdStarts {
  invocations: number
  /** Those whose REPORT has Init Duration or Restore Duration (a fresh environment). */
  coldStarts: number
  errors: number
  /** Those whose REPORT was found neither in the tail nor in CloudWatch Logs. */
  unmeasured: number
}

/** One payload's invocations at one memory size. */
export interface PayloadResult {
  /** Its share of the tier's invocations. */
  invocations: number
  errors: number
  coldStarts: number
  /** Billed duration of its warm, successful invocations; null when there was none. */
  billedDuration: Summary | null
  /** USD, from its warm mean billed duration, request price included. */
  costPerInvocation: number | null
}

export interface Recommendation {
  /** MB: lowest cost per invocation. */
  cost: number | null
  /** MB: lowest mean warm billed duration. */
  speed: number | null
  /** MB: best equal-weight score of normalised cost and duration. */
  balanced: number | null
}

export interface FunctionResult {
  functionArn: string
  functionName: string
  /** Unique display name: the name, with region (and account) only where two would look the same. */
  displayName: string
  region: string
  architecture: Architecture
  originalMemorySize: number
  status: 'ok' | 'failed'
  error: string | null
  tiers: TierResult[]
  recommendation: Recommendation
  /** A current function's live baseline: its functionArn (`baseline-functions`). */
  liveBaseline?: string
  /** A live baseline's current function: its functionArn. */
  liveBaselineOf?: string
}

/** The run's settings, as the inputs gave them. */
export interface BenchmarkSettings {
  memorySizes: number[]
  invocations: number
  concurrency: number
  isolation: 'latest' | 'versions'
  monthlyInvocations: number | null
  /** `cold-starts`: forced cold starts asked per size (0: none). */
  coldStarts: number
  /** `target-precision`, percent; null when adaptive sampling is off (`invocations` each). */
  targetPrecision: number | null
  /** `min-invocations` as used; null when adaptive sampling is off. */
  minInvocations: number | null
}

export interface Results {
  schemaVersion: typeof SCHEMA_VERSION
  startedAt: string
  finishedAt: string
  settings: BenchmarkSettings
  functions: FunctionResult[]
  /** Link to the workflow run, when run on GitHub Actions. */
  runUrl?: string
  /** True when the run was cancelled and these results are partial. */
  cancelled?: boolean
  /** The comparison with the `baseline` results file, when one was given and read. */
  comparison?: Comparison
  /**
   * `merge-results`: the results files these results were merged from (each a job of a matrix),
   * in the order their functions are listed. Absent for a run that benchmarked itself.
   */
  merged?: { files: MergedFile[] }
}

/** One results file of a merged run (`merge-results`), as it was before the merge. */
export interface MergedFile {
  /** As the merge job found it: relative to its workspace when inside it, else absolute. */
  path: string
  /** That run's link, when it had one. */
  runUrl?: string
  startedAt: string
  finishedAt: string
  /**
   * That run's own settings. The merged settings are the same where every file agreed; where
   * they differ, these say what each file's functions were measured with.
   */
  settings: BenchmarkSettings
  /** Its functions' ARNs, in its order. */
  functions: string[]
  /** True when that run was cancelled and its results are partial. */
  cancelled?: boolean
}

/** What one (function, memory size) pair did between the baseline and this run. */
export type Verdict = 'regression' | 'improvement' | 'unchanged' | 'insufficient-data'

/** One (function, memory size) pair compared. */
export interface TierComparison {
  /** The current display name. */
  functionName: string
  baselineFunctionName: string
  memorySize: number
  /** Mean warm billed ms; null when that side has no warm measurement. */
  baselineMean: number | null
  currentMean: number | null
  /** Number of warm billed samples on each side. */
  baselineSamples: number
  currentSamples: number
  /** currentMean / baselineMean; null when either is missing. */
  ratio: number | null
  /** 95 % percentile-bootstrap interval of the ratio of means; null when not tested. */
  ratioCi: [number, number] | null
  /** Two-sided Mann–Whitney U p-value; null when not tested. */
  pValue: number | null
  /** costPerInvocation current / baseline; null when either is missing. */
  costRatio: number | null
  verdict: Verdict
}

/** A memory size measured on one side only. */
export interface UnmatchedMemorySize {
  functionName: string
  memorySize: number
  side: 'current' | 'baseline'
}

/** The comparison of a run with its baseline. */
export interface Comparison {
  baselineStartedAt: string
  /** True when the baseline functions were measured in this run, interleaved (`baseline-functions`). */
  live?: boolean
  thresholdPct: number
  alpha: number
  /** Fewest warm samples a side needs to be tested. */
  minSamples: number
  tiers: TierComparison[]
  regressions: number
  improvements: number
  unmatched: {
    /** Current display names with no baseline function. */
    functions: string[]
    /** Baseline display names with no current function. */
    baselineFunctions: string[]
    memorySizes: UnmatchedMemorySize[]
  }
}
