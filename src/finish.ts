/**
 * What the main step does once the Results are assembled: write the results file, render the
 * report, publish it (summary, outputs, comment), and say whether the step failed.
 */
import * as core from '@actions/core'
import * as github from '@actions/github'
import { uploadResults } from './artifacts/upload.js'
import type { HistoryRun } from './model/history.js'
import type { Plan } from './model/plan.js'
import type { Results } from './model/results.js'
import { publish } from './publish/index.js'
import { renderReport } from './report/index.js'
import { baselineName, regressionMessages } from './report/verdict.js'
import { writeResults } from './results/file.js'

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

/**
 * Finishes the run. The results file is written before anything that talks to GitHub, so a
 * comment that cannot be posted never loses the measurements; it is uploaded before the
 * comment, which may fail the step.
 */
export async function finish(
  plan: Plan,
  results: Results,
  history: HistoryRun[] = []
): Promise<void> {
  try {
    await writeResults(plan.resultsFile, results)
  } catch (error) {
    // Nothing below runs: the upload needs the file, and a report without it is never published.
    const message = error instanceof Error ? error.message : String(error)
    throw new Error(`${message}; nothing was published (no job summary, outputs or comment)`, {
      cause: error
    })
  }
  core.info(`Results written to ${plan.resultsFile}`)
  await uploadResults(plan.artifact, plan.resultsFile, results.cancelled === true, core)
  const report = renderReport(results, { history })
  await publish({
    plan,
    results,
    report,
    context: github.context,
    regressions: results.comparison?.regressions ?? 0
  })
}
