/**
 * The dry run (`dry-run: true`): read each function's configuration, live baselines included,
 * all at once through the run's own clients (GetFunction only), and report what the benchmark
 * would do — in the job summary and the `report` and `plan` outputs. Nothing is changed or
 * invoked, no results file, artifact or comment is written, no state is saved for the post
 * step. The step fails when the benchmark would refuse a function, naming it and why.
 */
import * as core from '@actions/core'
import { failureMessage } from '../aws/errors.js'
import { createClients, type AwsClients } from '../aws/clients.js'
import { controlFor } from '../configure/control.js'
import { getConfiguration } from '../configure/read.js'
import { UpdateTiming } from '../configure/update-timing.js'
import { systemClock } from '../core/clock.js'
import type { Settings } from '../core/settings.js'
import type { FunctionTarget, Plan } from '../model/plan.js'
import type { Results } from '../model/results.js'
import { writeJobSummary } from '../publish/job-summary.js'
import { setDryRunOutputs } from '../publish/outputs.js'
import { groupsOf } from '../model/order.js'
import { forecastFailure, forecastRun, type Forecast, type ReadOutcome } from './forecast.js'
import { forecastLines, renderForecast } from './render.js'

/** GetFunction of one function; what went wrong, in the benchmark's words, when it fails. */
async function read(
  clients: AwsClients,
  target: FunctionTarget,
  settings: Settings
): Promise<ReadOutcome> {
  const control = controlFor(clients.lambda(target.region), target, {
    settings,
    clock: systemClock,
    timing: new UpdateTiming()
  })
  try {
    return { target, configuration: await getConfiguration(control) }
  } catch (error) {
    return { target, error: failureMessage(error, 'lambda:GetFunction', target.functionName) }
  }
}

/**
 * Reads every function of `plan` (GetFunction only, through clients of its own) and forecasts
 * what the benchmark would do; `baseline` is what the run would be compared with, if any.
 */
export async function forecastOf(
  plan: Plan,
  baseline: Results | undefined,
  settings: Settings,
  log: (message: string) => void
): Promise<Forecast> {
  const targets = groupsOf(plan).flat()
  const clients = createClients({
    maxSockets: targets.length,
    requestTimeoutMs: settings.requestTimeoutMs
  })
  try {
    log(
      `dry run: reading the configuration of ${targets.length} function(s) (GetFunction); nothing is changed or invoked`
    )
    const reads = await Promise.all(targets.map((t) => read(clients, t, settings)))
    return forecastRun(plan, reads, baseline)
  } finally {
    clients.destroy()
  }
}

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
