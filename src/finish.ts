/**
 * What the main step does once the benchmark is over: compare with the baseline, write the
 * results file, render the report, publish it (summary, outputs, comment).
 */
import * as core from '@actions/core'
import * as github from '@actions/github'
import { compareResults, compareVerdictLine, regressionMessages } from './compare/index.js'
import type { Plan } from './plan.js'
import { publish } from './publish/index.js'
import { renderComparison } from './report/comparison.js'
import { renderReport } from './report/index.js'
import { writeResults, type Results } from './results.js'

/** The outcome the step's exit code depends on. */
export interface Finished {
  /** One line per significant regression, with its numbers. */
  regressions: string[]
}

/**
 * Finishes the run. The results file is written before anything that talks to GitHub, so a
 * comment that cannot be posted never loses the measurements.
 */
export async function finish(
  plan: Plan,
  results: Results,
  baseline: Results | undefined
): Promise<Finished> {
  if (baseline !== undefined) {
    results.comparison = compareResults(results, baseline, {
      thresholdPct: plan.regressionThreshold,
      map: plan.baseline?.map
    })
  }
  await writeResults(plan.resultsFile, results)
  core.info(`Results written to ${plan.resultsFile}`)

  const comparison = results.comparison
  const report = renderReport(results, {
    verdictLine: comparison ? compareVerdictLine(comparison) : undefined,
    comparisonSection: comparison ? renderComparison(comparison) : undefined
  })
  const regressions = comparison ? regressionMessages(comparison) : []
  await publish({ plan, results, report, context: github.context, regressions: regressions.length })
  return { regressions }
}
