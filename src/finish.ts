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
import { writeResults } from './results/file.js'

// The step's verdict lives with the report, where the CLI reads it too.
export { stepFailure } from './report/step-failure.js'

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
