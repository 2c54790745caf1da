/** What one invocation yields: the shapes passed from bench/ to stats/. */

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
}
