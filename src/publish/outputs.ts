/** The step's outputs, for later steps of the workflow. */
import * as core from '@actions/core'
import type { Results } from '../model/results.js'

/** Results without per-invocation samples: for the `results` output, which has a size limit. */
export function withoutSamples(results: Results): Results {
  return {
    ...results,
    functions: results.functions.map((f) => ({
      ...f,
      tiers: f.tiers.map((t) => ({ ...t, samples: [] }))
    }))
  }
}

/** `{displayName: MB}` of each function's balanced recommendation; functions without one, and live baselines, are left out. */
function recommendedMemory(results: Results): Record<string, number> {
  const out: Record<string, number> = {}
  for (const f of results.functions) {
    // A live baseline is main's function, measured for comparison: not one to set from this run.
    if (f.liveBaselineOf !== undefined) continue
    if (f.recommendation.balanced !== null) out[f.displayName] = f.recommendation.balanced
  }
  return out
}

export interface OutputValues {
  results: Results
  /** Path of the results file written, as the `results-file` input gave it. */
  resultsFile: string
  report: string
  regressions: number
}

/** Sets results (no samples: outputs have size limits), results-file, report, recommended-memory, regressions. */
export function setOutputs(values: OutputValues): void {
  core.setOutput('results', JSON.stringify(withoutSamples(values.results)))
  core.setOutput('results-file', values.resultsFile)
  core.setOutput('report', values.report)
  core.setOutput('recommended-memory', JSON.stringify(recommendedMemory(values.results)))
  core.setOutput('regressions', String(values.regressions))
}

/** The URL of the comment written, or empty when none was. */
export function setCommentUrl(url: string | undefined): void {
  core.setOutput('comment-url', url ?? '')
}

/**
 * A dry run's outputs: `report`, the plan as markdown, and `plan`, as JSON. The results outputs
 * are not set: nothing was measured.
 */
export function setDryRunOutputs(values: { report: string; plan: string }): void {
  core.setOutput('report', values.report)
  core.setOutput('plan', values.plan)
}
