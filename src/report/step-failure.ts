/**
 * Whether a run failed, in one message: cancelled, a function that could not be benchmarked, or
 * a significant regression with fail-on-regression. The action's step fails with it; the CLI
 * prints it and exits 1.
 */
import type { Plan } from '../model/plan.js'
import type { Results } from '../model/results.js'
import { baselineName, regressionMessages } from './verdict.js'

/**
 * The functions that could not be benchmarked, and why: one sentence when they failed for one
 * reason (the credentials or the network fail every function alike), else a line each.
 */
function functionFailures(results: Results): string | null {
  const failed = results.functions.filter((f) => f.status === 'failed')
  if (failed.length === 0) return null
  const total = results.functions.length
  const reasons = new Set(failed.map((f) => f.error ?? 'failed'))
  if (reasons.size > 1) {
    return `${failed.length} of ${total} function(s) could not be benchmarked:\n${failed.map((f) => `${f.displayName}: ${f.error ?? 'failed'}`).join('\n')}`
  }
  const [reason] = reasons
  if (failed.length === 1) {
    return `${failed[0].displayName} could not be benchmarked${total > 1 ? ` (1 of ${total} functions)` : ''}: ${reason}`
  }
  if (failed.length === total)
    return `None of the ${total} functions could be benchmarked: ${reason}`
  const names = failed.map((f) => f.displayName).join(', ')
  return `${failed.length} of ${total} functions could not be benchmarked (${names}): ${reason}`
}

/** Why the step fails (cancelled, a function failed, a regression with fail-on-regression), or null. */
export function stepFailure(plan: Plan, results: Results): string | null {
  const failures = functionFailures(results)
  if (results.cancelled) {
    return `Cancelled: partial results written to ${plan.resultsFile}${failures ? `\n${failures}` : ''}`
  }
  if (failures) return failures
  const { comparison } = results
  const regressions = comparison ? regressionMessages(comparison) : []
  if (comparison && plan.failOnRegression && regressions.length > 0) {
    return `${regressions.length} significant regression(s) against ${comparison.live ? baselineName(comparison) : 'the baseline'}:\n${regressions.join('\n')}`
  }
  return null
}
