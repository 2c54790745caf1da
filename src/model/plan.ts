/**
 * The validated plan: everything the run needs, parsed from the inputs before any AWS call.
 * Built by inputs.ts; read by bench/, report/, compare/ and publish/.
 */

/** One function to benchmark, as resolved from the `functions` input. */
export interface FunctionTarget {
  /** Exactly as the user wrote it. */
  input: string
  /** What is sent as FunctionName: the full ARN when one was given, else the name or partial ARN. */
  identifier: string
  /** The bare function name (display name and baseline matching key). */
  functionName: string
  /** From the ARN, else AWS_REGION. */
  region: string
  /** From the ARN when it had one. */
  accountId?: string
  /** aws, aws-cn or aws-us-gov, from the ARN when it had one. */
  partition?: string
}

export type CommentMode = 'update' | 'create' | 'off'

/** latest: sizes one after another on $LATEST. versions: a published version per size, interleaved. */
export type Isolation = 'latest' | 'versions'

interface CommentPlan {
  mode: CommentMode
  tag: string
  /** Never logged, never written to outputs. */
  token: string
  /** From the `pr-number` input; the event's PR number wins when there is one. */
  prNumber?: number
}

/** Where the baseline comes from: a results file, or the base branch's newest results artifact. */
export type BaselineSource = { kind: 'file'; path: string } | { kind: 'artifact' }

interface BaselinePlan {
  /** `baseline`: a path, or `auto`. */
  source: BaselineSource
  /** current function name → baseline function name */
  map: Record<string, string>
  /** Fail the step when no usable baseline is found, instead of warning. */
  required: boolean
}

/** The workflow artifact that holds results files: this run's upload, earlier runs' baselines. */
export interface ArtifactPlan {
  /** `results-artifact`. */
  name: string
  /** `upload-results`: upload this run's results file as the artifact. */
  upload: boolean
  /** `history`: earlier base-branch runs in the trend (0 = off); with `baseline: auto` only. */
  history: number
}

/** A current function and its live baseline, benchmarked side by side in this run. */
export interface LivePair {
  /** The same object as in `functions`. */
  current: FunctionTarget
  baseline: FunctionTarget
}

/** One event of `payloads-file`: measured in proportion to its weight. */
export interface PayloadEntry {
  /** As given, else `#1`, `#2`, … by position. */
  name: string
  /** A positive integer; 1 when not given. */
  weight: number
  /** The event as JSON text (sent byte for byte). Never logged. */
  body: string
}

/** Adaptive sampling: at each size, invocations stop once the warm mean is precise enough. */
export interface Sampling {
  /**
   * Percent: the 95 % confidence interval of the mean warm billed duration within ± this much
   * of the mean (above 0, at most 50).
   */
  targetPrecision: number
  /** The fewest invocations a size takes before it may stop (5 to `invocations`). */
  minInvocations: number
}

export interface Plan {
  /** Empty with `mergeResults`. */
  functions: FunctionTarget[]
  /** Sorted ascending, de-duplicated, 128–10240. */
  memorySizes: number[]
  invocations: number
  concurrency: number
  /** The JSON event, as validated text (sent byte for byte). Never logged. */
  payload: string
  /**
   * `payloads-file`: the events the invocations are spread over, in proportion to their weights;
   * absent otherwise (then `payload` is the only event). Never logged.
   */
  payloads?: PayloadEntry[]
  comment: CommentPlan
  baseline?: BaselinePlan
  /** `baseline-functions`: never together with `baseline`. */
  liveBaselines?: LivePair[]
  /** Percent, e.g. 10. */
  regressionThreshold: number
  failOnRegression: boolean
  resultsFile: string
  monthlyInvocations?: number
  isolation: Isolation
  /**
   * `cold-starts`: at every size, this many invocations in addition to `invocations`, each on
   * a fresh execution environment (0: none).
   */
  coldStarts: number
  /** `target-precision`: each size stops early once its warm mean is known that precisely. */
  sampling?: Sampling
  artifact: ArtifactPlan
  /** `merge-results`: paths or globs of results files to report as one run, with no benchmark. */
  mergeResults?: string[]
  /**
   * `dry-run: true`: read each function's configuration and report what the run would do, with
   * nothing changed or invoked; absent otherwise. Never together with `mergeResults`.
   */
  dryRun?: boolean
}
