/** One memory size's invocations → its TierResult (the design's semantics, in one place). */
import type { Invocation, ReportRecord } from '../model/measurement.js'
import type { Architecture, PayloadResult, TierResult } from '../model/results.js'
import { costPerInvocation } from './cost.js'
import { summarize } from './descriptive.js'

/** A cold start: the REPORT carries Init Duration, or Restore Duration under SnapStart. */
function isCold(report: ReportRecord): boolean {
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
 */
export function summarizeTier(
  memorySize: number,
  invocations: readonly Invocation[],
  architecture: Architecture,
  region: string,
  throttles = 0,
  payloads?: readonly string[]
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
    if (isCold(report)) cold.push(report)
    else if (functionError === null) warm.push(report)
  }

  const billedDuration = summarize(warm.map((r) => r.billedDurationMs))
  const coldBilled = summarize(cold.map((r) => r.billedDurationMs))
  return {
    memorySize,
    invocations: invocations.length,
    errors,
    errorTypes,
    unmeasured,
    coldStarts: cold.length,
    billedDuration,
    duration: summarize(warm.map((r) => r.durationMs)),
    initDuration: summarize(cold.map((r) => r.initDurationMs ?? r.restoreDurationMs ?? NaN)),
    maxMemoryUsed,
    costPerInvocation: billedDuration
      ? costPerInvocation(billedDuration.mean, memorySize, architecture, region)
      : null,
    coldStartCostPerInvocation: coldBilled
      ? costPerInvocation(coldBilled.mean, memorySize, architecture, region)
      : null,
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
