/**
 * A memory size once its invocations are taken: its progress line at once, REPORTs missing from
 * the tails looked up in CloudWatch Logs in the background (the next size is measured
 * meanwhile), and its TierResult once those are in.
 */
import type { Logger } from '../core/logger.js'
import type { Invocation, ReportRecord } from '../model/measurement.js'
import type { Architecture, TierResult } from '../model/results.js'
import { summarizeTier } from '../stats/tier.js'
import type { TierRun } from './tier.js'
import { fetchReportsFromLogs, type LogsLookup } from './logs-fallback.js'

/** A measured tier whose REPORTs may still be on their way from CloudWatch Logs. */
export interface MeasuredTier {
  run: TierRun
  /** The records found in the logs; absent when every tail carried its REPORT. */
  logs?: Promise<Map<string, ReportRecord>>
  /** The run's summary for the progress line: final when no REPORT is awaited from the logs. */
  summary: TierResult
}

/** Where a tier's results go: the function, and how to look up its logs. */
export interface TierContext {
  functionName: string
  architecture: Architecture
  region: string
  log: Logger
  /** A payload set's names (per-payload results); absent with a single event. */
  payloads?: readonly string[]
  /** The logs lookup of this function, but for the run's own request ids and window. */
  logs: Omit<LogsLookup, 'requestIds' | 'startedAt' | 'finishedAt'>
}

/**
 * A SnapStart restore's Billed Restore Duration, counted in its Billed Duration exactly once.
 * Real records already include it (Duration 306.34 ms, Billed Restore Duration 303 ms, Billed
 * Duration 610 ms = 307 + 303), and are kept as they are. A record whose Billed Duration is its
 * Duration rounded up and nothing more cannot hold the restore: it is added, once. A timed-out
 * restore (billed for exactly its timeout) is kept as it is: never counted twice.
 */
export function billedRestoreOnce(report: ReportRecord): ReportRecord {
  const restore = report.billedRestoreDurationMs
  if (!restore || report.status === 'timeout') return report
  if (report.billedDurationMs !== Math.ceil(report.durationMs)) return report
  return { ...report, billedDurationMs: report.billedDurationMs + restore }
}

/** The tier's summary, each restore's billed time counted once. */
function summarize(run: TierRun, invocations: readonly Invocation[], ctx: TierContext): TierResult {
  const counted = invocations.map((i) =>
    i.report?.billedRestoreDurationMs ? { ...i, report: billedRestoreOnce(i.report) } : i
  )
  return summarizeTier(
    run.memorySize,
    counted,
    ctx.architecture,
    ctx.region,
    run.throttles,
    ctx.payloads
  )
}

/** Starts the logs lookup of the REPORTs the tails lacked, and logs the progress line. */
export function startTier(run: TierRun, ctx: TierContext): MeasuredTier {
  const missing = run.invocations.filter((i) => i.report === null).map((i) => i.requestId)
  const summary = summarize(run, run.invocations, ctx)
  ctx.log.info(progressLine(ctx.functionName, run, summary, missing.length))
  if (missing.length === 0) return { run, summary }
  const logs = fetchReportsFromLogs({
    ...ctx.logs,
    requestIds: missing,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt
  })
  return { run, summary, logs }
}

/** `fn @ 512 MB: 100 invocations in 4.2 s, mean 123 ms billed (warm), p90 130 ms, 3 cold, 0 errors`. */
function progressLine(name: string, run: TierRun, tier: TierResult, missing: number): string {
  const parts = [
    `${run.invocations.length} invocations in ${((run.finishedAt - run.startedAt) / 1000).toFixed(1)} s`
  ]
  if (tier.billedDuration) {
    parts.push(
      `mean ${round(tier.billedDuration.mean)} ms billed (warm)`,
      `p90 ${round(tier.billedDuration.p90)} ms`
    )
  } else if (missing < run.invocations.length) {
    parts.push('no warm successful invocation')
  }
  parts.push(`${tier.coldStarts} cold`, `${tier.errors} errors`)
  if (run.throttles > 0) parts.push(`${run.throttles} throttled attempts retried`)
  if (missing > 0) parts.push(`${missing} REPORTs awaited from CloudWatch Logs`)
  if (!run.complete) parts.push('stopped early')
  return `${name} @ ${run.memorySize} MB: ${parts.join(', ')}`
}

function round(ms: number): string {
  return ms >= 100 ? ms.toFixed(0) : ms.toFixed(1)
}

/** The tier's final result: the records found in the logs merged in, then summarised. */
export async function finishTier(tier: MeasuredTier, ctx: TierContext): Promise<TierResult> {
  // Without logs to merge, the invocations are those the progress line summarised.
  if (!tier.logs) return tier.summary
  const { run } = tier
  const found = await tier.logs
  let stale = 0
  const invocations = run.invocations.map((invocation): Invocation => {
    const record = invocation.report ? undefined : found.get(invocation.requestId)
    if (!record) return invocation
    // Ran at the previous memory size: too late to run it again, so it stays unmeasured.
    if (record.memorySizeMB !== run.memorySize) {
      stale++
      return invocation
    }
    return { ...invocation, report: record, fromLogs: true }
  })
  const result = summarize(run, invocations, ctx)
  const mean = result.billedDuration
    ? `, mean ${round(result.billedDuration.mean)} ms billed (warm)`
    : ''
  const name = ctx.functionName
  ctx.log.info(
    `${name} @ ${run.memorySize} MB: ${result.reportsFromLogs} REPORTs read from CloudWatch Logs${mean}, ${result.unmeasured} unmeasured`
  )
  if (stale > 0) {
    ctx.log.warning(
      `${name} @ ${run.memorySize} MB: ${stale} invocation(s) whose REPORT came from CloudWatch Logs ran at another memory size; counted as unmeasured`
    )
  }
  return result
}
