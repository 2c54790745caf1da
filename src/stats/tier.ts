/** One memory size's invocations → its TierResult (the design's semantics, in one place). */
import type { Invocation, ReportRecord } from '../model/measurement.js'
import type { Architecture, PayloadResult, TierResult } from '../model/results.js'
import { costPerInvocation } from './cost.js'
import { summarize } from './descriptive.js'

/** A cold start: the REPORT carries Init Duration, or Restore Duration under SnapStart. */
export function isColdStart(report: ReportRecord): boolean {
  return report.initDurationMs !== undefined || report.restoreDurationMs !== undefined
}

/**
 * Summarises the measured invocations of one memory size.
 *
 * - cold = REPORT with Init or Restore Duration; counted in `coldStarts`, summarised in
 *   `initDuration`, priced in `coldStartCostPerInvocation`, never mixed into warm figures;
 * - warm successful = REPORT present, not cold, no function error: `billedDuration`,
 *   `duration`, `samples` and `costPerInvocation` (from the mean billed) come from these only;
 * - `errors`/`errorTypes` count responses with a function error (cold ones included);
 * - `unmeasured` counts invocations without a REPORT; `maxMemoryUsed` is over all REPORTs;
 * - `throttles` are the attempts the pool counted (never invocations).
 * - with `payloads` (a payload set's names), `byPayload` holds each payload's figures, by the
 *   same rules over its own invocations; the tier's stay over all of them.
 * - `forced` (`cold-starts`): the additional invocations made each on a fresh environment. Their
 *   cold starts join the measured ones in `initDuration`, `coldBilledDuration` and the cold
 *   start's cost, and every REPORT's in `maxMemoryUsed` and `reportsFromLogs`; everything else
 *   of the tier is the measured invocations' (`coldStarts` stays a part of `invocations`): the
 *   forced ones are counted apart in `forcedColdStarts`.
 */
export function summarizeTier(
  memorySize: number,
  invocations: readonly Invocation[],
  architecture: Architecture,
  region: string,
  throttles = 0,
  payloads?: readonly string[],
  forced: readonly Invocation[] = []
): TierResult {
  const errorTypes: Record<string, number> = {}
  let errors = 0
  let unmeasured = 0
  let reportsFromLogs = 0
  let maxMemoryUsed: number | null = null
  const cold: ReportRecord[] = []
  const warm: ReportRecord[] = []

  for (const invocation of invocations) {
    const { report, functionError } = invocation
    if (functionError !== null) {
      errors++
      errorTypes[functionError] = (errorTypes[functionError] ?? 0) + 1
    }
    if (!report) {
      unmeasured++
      continue
    }
    if (invocation.fromLogs) reportsFromLogs++
    maxMemoryUsed = Math.max(maxMemoryUsed ?? 0, report.maxMemoryUsedMB)
    if (isColdStart(report)) cold.push(report)
    else if (functionError === null) warm.push(report)
  }

  const measuredCold = cold.length
  const extra = { invocations: forced.length, coldStarts: 0, errors: 0, unmeasured: 0 }
  for (const { report, functionError, fromLogs } of forced) {
    if (functionError !== null) extra.errors++
    if (!report) {
      extra.unmeasured++
      continue
    }
    if (fromLogs) reportsFromLogs++
    maxMemoryUsed = Math.max(maxMemoryUsed ?? 0, report.maxMemoryUsedMB)
    if (isColdStart(report)) {
      extra.coldStarts++
      cold.push(report)
    }
  }

  const billedDuration = summarize(warm.map((r) => r.billedDurationMs))
  const coldBilled = summarize(cold.map((r) => r.billedDurationMs))
  return {
    memorySize,
    invocations: invocations.length,
    errors,
    errorTypes,
    unmeasured,
    coldStarts: measuredCold,
    billedDuration,
    duration: summarize(warm.map((r) => r.durationMs)),
    initDuration: summarize(cold.map((r) => r.initDurationMs ?? r.restoreDurationMs ?? NaN)),
    coldBilledDuration: coldBilled,
    maxMemoryUsed,
    costPerInvocation: billedDuration
      ? costPerInvocation(billedDuration.mean, memorySize, architecture, region)
      : null,
    coldStartCostPerInvocation: coldBilled
      ? costPerInvocation(coldBilled.mean, memorySize, architecture, region)
      : null,
    ...(forced.length > 0 ? { forcedColdStarts: extra } : {}),
    throttles,
    reportsFromLogs,
    samples: warm.map((r) => r.billedDurationMs),
    ...(payloads
      ? { byPayload: byPayload(payloads, memorySize, invocations, architecture, region) }
      : {})
  }
}

/** Each payload's figures, by name, in the order of the set. */
function byPayload(
  names: readonly string[],
  memorySize: number,
  invocations: readonly Invocation[],
  architecture: Architecture,
  region: string
): Record<string, PayloadResult> {
  const result: Record<string, PayloadResult> = {}
  for (const name of names) {
    const own = invocations.filter((i) => i.payload === name)
    const tier = summarizeTier(memorySize, own, architecture, region)
    result[name] = {
      invocations: tier.invocations,
      errors: tier.errors,
      coldStarts: tier.coldStarts,
      billedDuration: tier.billedDuration,
      costPerInvocation: tier.costPerInvocation
    }
  }
  return result
}
