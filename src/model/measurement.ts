/** What the benchmark measures: the shapes passed from bench/ to stats/ and to the results. */
import type { Architecture, TierResult } from './results.js'

/** A REPORT (Text) or platform.report (JSON) record, fields as Lambda writes them. */
export interface ReportRecord {
  requestId: string
  durationMs: number
  billedDurationMs: number
  memorySizeMB: number
  maxMemoryUsedMB: number
  /** Present on cold starts only. */
  initDurationMs?: number
  /** SnapStart restores. */
  restoreDurationMs?: number
  billedRestoreDurationMs?: number
  /** success | timeout | error | failure (absent in Text format on success). */
  status?: string
  /** Text format `Error Type:` or JSON record's errorType. */
  errorType?: string
}

/** One measured invocation. */
export interface Invocation {
  requestId: string
  /** The tier it was measured for (MB). */
  memorySize: number
  /** Error type when the response carried X-Amz-Function-Error, else null. */
  functionError: string | null
  /** Null when the REPORT was found neither in the tail nor in CloudWatch Logs. */
  report: ReportRecord | null
  /** True when the REPORT came from CloudWatch Logs, not the tail. */
  fromLogs: boolean
  /** The name of the payload it sent, with a payload set (`payloads-file`) only. */
  payload?: string
}

/** One function's outcome as bench/ returns it: what was measured, nothing derived yet. */
export interface MeasuredFunction {
  functionArn: string
  functionName: string
  region: string
  accountId?: string
  architecture: Architecture
  originalMemorySize: number
  status: 'ok' | 'failed'
  /** Every problem met, joined with "; "; null when none. */
  error: string | null
  /** Ascending memory size. */
  tiers: TierResult[]
  /** A current function's live baseline (its ARN), measured beside it in this run. */
  liveBaseline?: string
  /** A live baseline's current function (its ARN). */
  liveBaselineOf?: string
}

/** The whole run as bench/ returns it. */
export interface Measurements {
  /** ISO 8601. */
  startedAt: string
  finishedAt: string
  /** In the order of the `functions` input. */
  functions: MeasuredFunction[]
  /** True when the run was cancelled and the measurements are partial. */
  cancelled: boolean
}
