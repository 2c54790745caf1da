/**
 * The dry run's reading: each function's configuration, live baselines included, all at once
 * through clients of its own (GetFunction only), and the forecast of what the benchmark would
 * do with it. Publishing it is the caller's: the action's step (run.ts) or the CLI.
 */
import { failureMessage } from '../aws/errors.js'
import { createClients, type AwsClients } from '../aws/clients.js'
import { controlFor } from '../configure/control.js'
import { getConfiguration } from '../configure/read.js'
import { UpdateTiming } from '../configure/update-timing.js'
import { systemClock } from '../core/clock.js'
import type { Settings } from '../core/settings.js'
import type { FunctionTarget, Plan } from '../model/plan.js'
import type { Results } from '../model/results.js'
import { groupsOf } from '../model/order.js'
import { forecastRun, type Forecast, type ReadOutcome } from './forecast.js'

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
