/**
 * The dry run (`dry-run: true`): read each function's configuration, live baselines included,
 * all at once through the run's own clients (GetFunction only), and report what the benchmark
 * would do — in the job summary and the `report` and `plan` outputs. Nothing is changed or
 * invoked, no results file, artifact or comment is written, no state is saved for the post
 * step. The step fails when the benchmark would refuse a function, naming it and why.
 */
import * as core from '@actions/core'
import type { Settings } from '../core/settings.js'
import type { Plan } from '../model/plan.js'
import type { Results } from '../model/results.js'
import { writeJobSummary } from '../publish/job-summary.js'
import { setDryRunOutputs } from '../publish/outputs.js'
import { forecastFailure } from './forecast.js'
import { forecastOf } from './read.js'
import { forecastLines, renderForecast } from './render.js'

/** Runs the dry run of `plan`; `baseline` is what the run would be compared with, if any. */
export async function runDryRun(
  plan: Plan,
  baseline: Results | undefined,
  settings: Settings
): Promise<void> {
  const forecast = await forecastOf(plan, baseline, settings, (m) => core.info(m))
  const report = renderForecast(forecast, baseline)
  for (const line of forecastLines(forecast)) core.info(line)
  await writeJobSummary(report)
  setDryRunOutputs({ report, plan: JSON.stringify(forecast) })
  core.info(
    'dry run: nothing was changed or invoked; no results file, artifact or comment was written'
  )
  const failure = forecastFailure(forecast)
  if (failure !== null) core.setFailed(failure)
}
