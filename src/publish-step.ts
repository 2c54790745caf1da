/**
 * The single place where the main step hands its results on: report, comment, summary, outputs.
 * For now it only sets the outputs the benchmark itself owns; the report and publishing are
 * plugged in here.
 */
import * as core from '@actions/core'
import type { Plan } from './plan.js'
import { recommendedMemory } from './publish/outputs.js'
import { withoutSamples, type Results } from './results.js'

/** Publishes the results (called once, after the results file is written). */
export async function publishResults(plan: Plan, results: Results): Promise<void> {
  core.setOutput('results', JSON.stringify(withoutSamples(results)))
  core.setOutput('results-file', plan.resultsFile)
  core.setOutput('recommended-memory', JSON.stringify(recommendedMemory(results)))
}
