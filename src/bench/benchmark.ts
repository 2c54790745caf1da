/**
 * The whole benchmark: every function in parallel, each in its own session with its own pool of
 * invocations, measured by the strategy of the isolation mode → the Measurements.
 */
import { failureMessage } from '../aws/errors.js'
import { isAbort } from '../core/errors.js'
import { UpdateTiming } from '../configure/update-timing.js'
import type { MeasuredFunction, Measurements } from '../model/measurement.js'
import type { FunctionTarget, Isolation, Plan } from '../model/plan.js'
import { FunctionSession, notMeasured, type BenchmarkDeps, type RunContext } from './session.js'
import { measureLatest } from './strategies/latest.js'
import { measureVersions } from './strategies/versions.js'

/** One way to measure a function's sizes; each isolation mode has one. */
type Strategy = (session: FunctionSession) => Promise<void>

const STRATEGIES: Readonly<Record<Isolation, Strategy>> = {
  latest: measureLatest,
  versions: measureVersions
}

/** Runs the plan. Never throws for a function's failure: it is in that function's result. */
export async function runBenchmark(plan: Plan, deps: BenchmarkDeps): Promise<Measurements> {
  const startedAt = new Date(deps.clock.now()).toISOString()
  const run: RunContext = {
    ...deps,
    plan,
    payload: Buffer.from(plan.payload, 'utf8'),
    timing: new UpdateTiming()
  }
  const functions = await Promise.all(plan.functions.map((t) => benchmarkFunction(run, t)))
  return {
    startedAt,
    finishedAt: new Date(deps.clock.now()).toISOString(),
    functions,
    cancelled: deps.signal.aborted
  }
}

/**
 * One function end to end: snapshot → its strategy → restore. The restore runs in `finally`:
 * whatever happens (an API error, cancellation), a function we changed is put back, and the
 * tiers measured so far are kept.
 */
async function benchmarkFunction(
  run: RunContext,
  target: FunctionTarget
): Promise<MeasuredFunction> {
  let session: FunctionSession
  try {
    session = await FunctionSession.open(run, target)
  } catch (error) {
    const message = isAbort(error)
      ? null
      : failureMessage(error, 'lambda:GetFunction', target.functionName)
    if (message !== null) run.log.warning(`${target.functionName}: ${message}`)
    return notMeasured(target, message)
  }
  try {
    await STRATEGIES[run.plan.isolation](session)
  } catch (error) {
    session.stoppedBy(error)
  } finally {
    await session.restore()
  }
  return session.result()
}
