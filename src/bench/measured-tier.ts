/**
 * A run of invocations once taken: its progress line at once, REPORTs missing from the tails
 * looked up in CloudWatch Logs in the background (the next size is measured meanwhile), and,
 * once those are in, the TierResult of its memory size over every run there (the measured one
 * and the forced cold starts).
 */
import type { Logger } from '../core/logger.js'
import type { Invocation, ReportRecord } from '../model/measurement.js'
import type { Architecture, TierResult } from '../model/results.js'
import type { Sampling } from '../model/plan.js'
import { halfWidthPctOf } from '../stats/precision.js'
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
  /** `target-precision`: each size's result says how precisely its warm mean is known. */
  sampling?: Sampling
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

/** A run's invocations as they were finally found: with the REPORTs from the logs. */
export interface FinishedRun {
  run: TierRun
  invocations: Invocation[]
}

/** One size's summary over its runs, each restore's billed time counted once. */
export function summarizeSize(
  memorySize: number,
  runs: readonly FinishedRun[],
  ctx: TierContext
): TierResult {
  const counted = (of: (r: FinishedRun) => boolean): Invocation[] =>
    runs
      .filter(of)
      .flatMap((r) => r.invocations)
      .map((i) =>
        i.report?.billedRestoreDurationMs ? { ...i, report: billedRestoreOnce(i.report) } : i
      )
  const tier = summarizeTier(
    memorySize,
    counted((r) => !r.run.forced),
    ctx.architecture,
    ctx.region,
    runs.reduce((n, r) => n + r.run.throttles, 0),
    ctx.payloads,
    counted((r) => r.run.forced === true)
  )
  if (!ctx.sampling) return tier
  // Over every warm sample, those from CloudWatch Logs and those in flight at the stop included.
  const halfWidth = halfWidthPctOf(tier.samples)
  const known = Number.isFinite(halfWidth)
  return {
    ...tier,
    precision: {
      halfWidthPct: known ? halfWidth : null,
      reached: known && halfWidth <= ctx.sampling.targetPrecision
    }
  }
}

const summarize = (run: TierRun, invocations: Invocation[], ctx: TierContext): TierResult =>
  summarizeSize(run.memorySize, [{ run, invocations }], ctx)

/** Starts the logs lookup of the REPORTs the tails lacked, and logs the progress line. */
export function startTier(run: TierRun, ctx: TierContext): MeasuredTier {
  const missing = run.invocations.filter((i) => i.report === null).map((i) => i.requestId)
  const summary = summarize(run, run.invocations, ctx)
  ctx.log.info(progressLine(ctx.functionName, run, summary, missing.length, ctx.sampling))
  if (missing.length === 0) return { run, summary }
  const logs = fetchReportsFromLogs({
    ...ctx.logs,
    requestIds: missing,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt
  })
  return { run, summary, logs }
}

/**
 * `fn @ 512 MB: 100 invocations in 4.2 s, mean 123 ms billed (warm), p90 130 ms, 3 cold, 0 errors`;
 * `fn @ 512 MB: 10 forced cold starts in 0.6 s, 10 on a fresh environment, mean init 212 ms, …`.
 */
function progressLine(
  name: string,
  run: TierRun,
  tier: TierResult,
  missing: number,
  sampling?: Sampling
): string {
  const seconds = ((run.finishedAt - run.startedAt) / 1000).toFixed(1)
  const parts = [
    `${run.invocations.length} ${run.forced ? 'forced cold starts' : 'invocations'} in ${seconds} s`
  ]
  if (run.forced) {
    const fresh = tier.forcedColdStarts?.coldStarts ?? 0
    parts.push(`${fresh} on a fresh environment`)
    if (tier.initDuration && tier.coldBilledDuration) {
      parts.push(
        `mean init ${round(tier.initDuration.mean)} ms`,
        `mean ${round(tier.coldBilledDuration.mean)} ms billed (cold)`
      )
    }
    parts.push(`${tier.forcedColdStarts?.errors ?? 0} errors`)
  } else if (tier.billedDuration) {
    parts.push(
      `mean ${round(tier.billedDuration.mean)} ms billed (warm)`,
      `p90 ${round(tier.billedDuration.p90)} ms`
    )
  } else if (missing < run.invocations.length) {
    parts.push('no warm successful invocation')
  }
  if (!run.forced) parts.push(`${tier.coldStarts} cold`, `${tier.errors} errors`)
  if (!run.forced && sampling && tier.precision) {
    const { halfWidthPct, reached } = tier.precision
    const known = halfWidthPct === null ? 'not known yet' : `±${halfWidthPct.toFixed(1)} %`
    parts.push(
      `mean ${known} (target ±${sampling.targetPrecision} %${reached ? '' : ', not reached'})`
    )
  }
  if (run.throttles > 0) parts.push(`${run.throttles} throttled attempts retried`)
  if (missing > 0) parts.push(`${missing} REPORTs awaited from CloudWatch Logs`)
  if (!run.complete) parts.push('stopped early')
  return `${name} @ ${run.memorySize} MB: ${parts.join(', ')}`
}

function round(ms: number): string {
  return ms >= 100 ? ms.toFixed(0) : ms.toFixed(1)
}

/** The run's invocations once the records found in the logs are merged in. */
export async function finishTier(tier: MeasuredTier, ctx: TierContext): Promise<FinishedRun> {
  const { run } = tier
  if (!tier.logs) return { run, invocations: run.invocations }
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
  const name = ctx.functionName
  const what = run.forced ? ' (forced cold starts)' : ''
  const mean = result.billedDuration
    ? `, mean ${round(result.billedDuration.mean)} ms billed (warm)`
    : ''
  const unmeasured = run.forced ? (result.forcedColdStarts?.unmeasured ?? 0) : result.unmeasured
  ctx.log.info(
    `${name} @ ${run.memorySize} MB: ${result.reportsFromLogs} REPORTs read from CloudWatch Logs${what}${mean}, ${unmeasured} unmeasured`
  )
  if (stale > 0) {
    ctx.log.warning(
      `${name} @ ${run.memorySize} MB: ${stale} invocation(s) whose REPORT came from CloudWatch Logs ran at another memory size; counted as unmeasured`
    )
  }
  return { run, invocations }
}
